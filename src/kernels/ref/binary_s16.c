/* int16 ADD and SUB eval, TFLM's general scheme (reference AddElementwise / SubElementwise) with left_shift 15.
 *
 * Each input's (x - zp) * 2^15 is brought to the common scale by its own multiplier, the two terms are
 * added (or subtracted), and the sum is requantised to the output and clamped. The terms are at most
 * 2^30 * 1/2 in magnitude, so neither the shift nor the sum can overflow int32. */
#include "binary.h"

#include "quant.h"

static inline int32_t term_s16(int32_t v, int32_t zp, int32_t left_shift, int32_t mult, int32_t shift) {
  return eb_requantize_elementwise((v - zp) * (1 << left_shift), mult, shift);
}

void eb_binary_addsub_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out,
                          int negate2) {
  const int32_t inner = p->out_dims[p->rank - 1];
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  const int32_t rows = eb_binary_row_count(p);
  const int32_t ls = p->left_shift, om = p->out_mult, os = p->out_shift, zp = p->out_zp;
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    const int16_t *a = in1 + off1, *b = in2 + off2;
    for (int32_t i = 0; i < inner; ++i) {
      const int32_t t1 = term_s16(a[i * st1], p->in1_zp, ls, p->in1_mult, p->in1_shift);
      const int32_t t2 = term_s16(b[i * st2], p->in2_zp, ls, p->in2_mult, p->in2_shift);
      const int32_t v = eb_requantize_elementwise(negate2 ? t1 - t2 : t1 + t2, om, os);
      out[i] = (int16_t)eb_clamp_i32(eb_add_wrap_i32(v, zp), p->q_min, p->q_max);
    }
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}
