/* ADD with broadcasting. int8 follows TFLM's reference scheme: both inputs are widened by 2^left_shift,
 * brought to a common scale (twice the larger input scale), summed exactly, then requantised. */
#include "add.h"

#include "binary.h"

void eb_add_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t i = 0; i < inner; ++i) {
      out[i] = eb_clamp_f32(in1[off1 + i * st1] + in2[off2 + i * st2], p->act_min, p->act_max);
    }
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}

void eb_add_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
  eb_binary_addsub_s8(p, in1, in2, out, 0);
}
