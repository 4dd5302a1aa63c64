/* MUL with broadcasting. int8 follows TFLM's reference: the exact product of the zero-point-corrected
 * inputs is requantised once by in1_scale * in2_scale / out_scale. */
#include "mul.h"

#include "quant.h"

static inline int32_t mul_s8_one(const eb_binary_params *p, int32_t x1, int32_t x2) {
  const int32_t prod = (x1 - p->in1_zp) * (x2 - p->in2_zp);
  const int32_t out = eb_add_wrap_i32(eb_requantize_elementwise(prod, p->out_mult, p->out_shift), p->out_zp);
  return eb_clamp_i32(out, p->q_min, p->q_max);
}

void eb_mul_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t i = 0; i < inner; ++i) {
      out[i] = eb_clamp_f32(in1[off1 + i * st1] * in2[off2 + i * st2], p->act_min, p->act_max);
    }
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}

void eb_mul_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t i = 0; i < inner; ++i) out[i] = (int8_t)mul_s8_one(p, in1[off1 + i * st1], in2[off2 + i * st2]);
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}
