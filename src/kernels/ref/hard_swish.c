/* HARD_SWISH, element-wise: x * relu6(x + 3) / 6.
 *
 * int8 reproduces TFLM's reference int16 fixed-point scheme. The input (minus its zero point) is moved to
 * a "hires" scale 2^7 finer, then (a) rescaled to the output scale (before a final right shift), and
 * (b) mapped to a "reluish" factor in [0, 1] (Q0.15) equal to relu6(x + 3) / 6; the product of the two,
 * shifted and offset, is the output. Multipliers are int16 (Q0.15), exponents applied as shifts. */
#include "hard_swish.h"

#include "quant.h"

/* gemmlowp's int16 SaturatingRoundingDoublingHighMul. */
static inline int16_t sat_rounding_doubling_high_mul_s16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  const int32_t ab = (int32_t)a * (int32_t)b;
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return (int16_t)((ab + nudge) / (1 << 15));
}

/* The same product truncated toward zero (ARM SQDMULH); TFLM uses it to cancel the rounding bias above. */
static inline int16_t sat_doubling_high_mul_s16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/* gemmlowp's RoundingDivideByPOT instantiated for int16, including its int16 mask arithmetic. */
static inline int16_t rounding_divide_by_pot_s16(int16_t x, int32_t exponent) {
  const int16_t mask = (int16_t)((1LL << exponent) - 1);
  const int16_t remainder = (int16_t)(x & mask);
  const int16_t threshold = (int16_t)((mask >> 1) + (x < 0 ? 1 : 0));
  return (int16_t)((x >> exponent) + (remainder > threshold ? 1 : 0));
}

static inline int16_t saturating_left_shift_s16(int16_t x, int32_t amount) {
  const int64_t v = (int64_t)x * ((int64_t)1 << amount);
  return (int16_t)(v > INT16_MAX ? INT16_MAX : (v < INT16_MIN ? INT16_MIN : v));
}

/* TFLM's DownScaleInt32ToInt16Multiplier: round a Q0.31 multiplier to Q0.15, saturating near 1. */
static int16_t downscale_multiplier_to_s16(int32_t m) {
  const int32_t rounding = 1 << 15;
  if (m >= INT32_MAX - rounding) return INT16_MAX;
  return (int16_t)((m + rounding) >> 16);
}

void eb_hard_swish_s8_prepare(eb_act_params *p, float in_scale, int32_t in_zp, float out_scale,
                              int32_t out_zp) {
  p->in_zp = in_zp;
  p->out_zp = out_zp;
  /* float32 on purpose: TFLM forms these ratios in float before widening them. */
  const float hires_scale = (1.0f / 128.0f) * in_scale;
  const float reluish_scale = 3.0f / 32768.0f; /* 3.0 maps to 2^15 */
  int32_t m = 0;
  eb_quantize_multiplier((double)(hires_scale / out_scale), &m, &p->output_exp);
  p->output_mult = downscale_multiplier_to_s16(m);
  eb_quantize_multiplier((double)(hires_scale / reluish_scale), &m, &p->reluish_exp);
  p->reluish_mult = downscale_multiplier_to_s16(m);
}

void eb_hard_swish_f32(const eb_act_params *p, const float *in, float *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const float x = in[i];
    const float r = eb_clamp_f32(x + 3.0f, 0.0f, 6.0f);
    out[i] = x * r / 6.0f;
  }
}

void eb_hard_swish_s8(const eb_act_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    /* |x - zp| <= 255, so x * 2^7 fits in int16. */
    const int16_t hires = (int16_t)((in[i] - p->in_zp) * (1 << 7));
    const int16_t preshift_out = sat_rounding_doubling_high_mul_s16(hires, p->output_mult);

    /* Rescale to [-3, 3] -> [-1, 1] in Q0.15, saturating. When shifting left, all but the last bit of the
     * shift goes first so that any saturation happens only in the final step. */
    int16_t reluish = hires;
    if (p->reluish_exp > 0) reluish = saturating_left_shift_s16(reluish, p->reluish_exp - 1);
    reluish = sat_rounding_doubling_high_mul_s16(reluish, p->reluish_mult);
    if (p->reluish_exp > 0) reluish = saturating_left_shift_s16(reluish, 1);
    if (p->reluish_exp < 0) reluish = rounding_divide_by_pot_s16(reluish, -p->reluish_exp);
    /* [-1, 1] -> [0, 1]. */
    reluish = (int16_t)((reluish + (1 << 15)) >> 1);

    const int16_t preshift = sat_doubling_high_mul_s16(reluish, preshift_out);
    int16_t v = rounding_divide_by_pot_s16(preshift, -p->output_exp);
    v = (int16_t)(v + p->out_zp);
    out[i] = (int8_t)eb_clamp_i32(v, INT8_MIN, INT8_MAX);
  }
}
