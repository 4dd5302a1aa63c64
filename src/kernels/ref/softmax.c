/* SOFTMAX over the last dimension.
 *
 * int8 reproduces TFLM's reference fixed-point algorithm: per row, differences to the row max are scaled
 * by beta * in_scale into Q5.26, exponentiated with gemmlowp's exp (Q0.31), summed in Q12.19, and the sum
 * inverted with a normalised Newton-Raphson reciprocal. Differences below diff_min contribute nothing and
 * give the lowest output. Output scale 1/256, zero point -128. The exponentials come from a table made at
 * prepare time: an int8 row has only 256 possible differences to its maximum. */
#include "softmax.h"

#include <float.h>
#include <math.h>

#include "fixedpoint.h"
#include "quant.h"

enum { kScaledDiffIntBits = 5, kAccumIntBits = 12 };

void eb_softmax_s8_prepare(eb_softmax_params *p, double beta, double in_scale) {
  /* Capped so that huge beta * scale still yields a valid multiplier; exp of any nonzero diff is then 0. */
  const double max_real = 2147483647.0;
  double real = beta * in_scale * (double)(1 << (31 - kScaledDiffIntBits));
  if (real > max_real) real = max_real;
  eb_quantize_multiplier(real, &p->in_mult, &p->in_left_shift);
  /* Largest |diff| whose rescaled value stays strictly inside the Q5.26 range (TFLM's input radius). */
  const double radius =
      floor(ldexp((double)((1 << kScaledDiffIntBits) - 1), 31 - kScaledDiffIntBits - p->in_left_shift));
  p->diff_min = -(int32_t)radius;
}

void eb_softmax_f32(const eb_softmax_params *p, const float *in, float *out) {
  for (int32_t r = 0; r < p->outer; ++r, in += p->depth, out += p->depth) {
    float max = -FLT_MAX;
    for (int32_t c = 0; c < p->depth; ++c) max = in[c] > max ? in[c] : max;
    float sum = 0.0f;
    for (int32_t c = 0; c < p->depth; ++c) {
      const float e = expf((in[c] - max) * p->beta);
      out[c] = e;
      sum += e;
    }
    for (int32_t c = 0; c < p->depth; ++c) out[c] = out[c] / sum;
  }
}

static inline int32_t scaled_exp(const eb_softmax_params *p, int32_t diff) {
  /* in_left_shift >= 0 here, so this is TFLM's MultiplyByQuantizedMultiplierGreaterThanOne. */
  const int32_t scaled = eb_multiply_by_quantized_multiplier(diff, p->in_mult, p->in_left_shift);
  return eb_fp_exp_on_negative_values(scaled, kScaledDiffIntBits);
}

void eb_softmax_s8_exp_table(const eb_softmax_params *p, int32_t table[EB_SOFTMAX_S8_TABLE_SIZE]) {
  for (int32_t d = 0; d < EB_SOFTMAX_S8_TABLE_SIZE; ++d) table[d] = -d >= p->diff_min ? scaled_exp(p, -d) : 0;
}

/* What one row's probabilities need: its maximum and the reciprocal of its exp sum (TFLM's order). */
typedef struct {
  int32_t max, recip, bits_over_unit;
} eb_softmax_s8_row;

static eb_softmax_s8_row eb_softmax_s8_row_sum(const eb_softmax_params *p, const int32_t *exp_table, const int8_t *in) {
  eb_softmax_s8_row r;
  r.max = INT8_MIN;
  for (int32_t c = 0; c < p->depth; ++c) r.max = in[c] > r.max ? in[c] : r.max;
  /* Q12.19; wraps like TFLM's int32 fixed-point add. The table's values are >= 0, so rescaling from 0
   * to 12 integer bits (a rounding shift right by 12, ties away from zero) is adding half and shifting. */
  uint32_t sum = 0;
  for (int32_t c = 0; c < p->depth; ++c) sum += ((uint32_t)exp_table[r.max - in[c]] + (1u << 11)) >> 12;
  r.bits_over_unit = 0;
  r.recip = eb_fp_get_reciprocal((int32_t)sum, kAccumIntBits, &r.bits_over_unit);
  return r;
}

/* exp * recip is the probability scaled by 2^bits_over_unit in Q0.31; brought to `bits` fractional bits and
 * offset by -2^(bits - 1), the output type's lowest value. A table entry of 0 (a difference below diff_min)
 * gives probability 0, the lowest output. */
static int32_t eb_softmax_s8_prob(const eb_softmax_s8_row *r, const int32_t *exp_table, int8_t x, int32_t bits) {
  const int32_t scaled = eb_sat_rounding_doubling_high_mul(r->recip, exp_table[r->max - x]);
  return eb_rounding_divide_by_pot(scaled, r->bits_over_unit + 31 - bits) - (1 << (bits - 1));
}

void eb_softmax_s8(const eb_softmax_params *p, const int32_t *exp_table, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->outer; ++i, in += p->depth, out += p->depth) {
    const eb_softmax_s8_row r = eb_softmax_s8_row_sum(p, exp_table, in);
    for (int32_t c = 0; c < p->depth; ++c) {
      out[c] = (int8_t)eb_clamp_i32(eb_softmax_s8_prob(&r, exp_table, in[c], 8), INT8_MIN, INT8_MAX);
    }
  }
}

void eb_softmax_s8_s16(const eb_softmax_params *p, const int32_t *exp_table, const int8_t *in, int16_t *out) {
  for (int32_t i = 0; i < p->outer; ++i, in += p->depth, out += p->depth) {
    const eb_softmax_s8_row r = eb_softmax_s8_row_sum(p, exp_table, in);
    for (int32_t c = 0; c < p->depth; ++c) {
      out[c] = (int16_t)eb_clamp_i32(eb_softmax_s8_prob(&r, exp_table, in[c], 16), INT16_MIN, INT16_MAX);
    }
  }
}
