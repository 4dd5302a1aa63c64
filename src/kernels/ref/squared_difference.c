/* SQUARED_DIFFERENCE, float32, broadcasting rows as the other binary kernels walk them (binary.h). */
#include "squared_difference.h"

#include <math.h>

void eb_squared_difference_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t i = 0; i < inner; ++i) {
      const float a = in1[off1 + i * st1], b = in2[off2 + i * st2];
      out[i] = (a - b) * (a - b);
    }
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}
