/* SUB with broadcasting. int8 follows TFLM's reference scheme, the same as ADD's: inputs widened by
 * 2^left_shift, brought to a common scale, subtracted exactly, then requantised. */
#include "sub.h"

#include "quant.h"

static inline int32_t sub_s8_one(const eb_binary_params *p, int32_t x1, int32_t x2) {
  /* (x - zp) * 2^20 stays within int32 for int8 inputs, so the shift is exact. */
  const int32_t s1 =
      eb_requantize_elementwise((x1 - p->in1_zp) * (1 << p->left_shift), p->in1_mult, p->in1_shift);
  const int32_t s2 =
      eb_requantize_elementwise((x2 - p->in2_zp) * (1 << p->left_shift), p->in2_mult, p->in2_shift);
  const int32_t out = eb_add_wrap_i32(eb_requantize_elementwise(s1 - s2, p->out_mult, p->out_shift), p->out_zp);
  return eb_clamp_i32(out, p->q_min, p->q_max);
}

void eb_sub_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t i = 0; i < inner; ++i) {
      out[i] = eb_clamp_f32(in1[off1 + i * st1] - in2[off2 + i * st2], p->act_min, p->act_max);
    }
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}

void eb_sub_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t i = 0; i < inner; ++i) out[i] = (int8_t)sub_s8_one(p, in1[off1 + i * st1], in2[off2 + i * st2]);
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}
