/* QUANTIZE (TFLM reference semantics).
 *
 * float -> int: the quotient is formed and rounded (half away from zero) in float, as the reference
 * does, then the zero point is added and the result clamped to the output type.
 * int -> int: MBQM(in - in_zp) + out_zp, clamped. With equal scales this is exact, so the reference's
 * int8 <-> uint8 "flip the top bit" fast path gives the same bytes and needs no special case here. */
#include "quantize.h"

#include <math.h>

#include "quant.h"

/* round(x / scale) + zp clamped to [lo, hi]. A quotient beyond +-2^20 clamps anyway, and testing it
 * first keeps the float -> int conversion defined; NaN goes to lo, as the reference does on x86. */
static int32_t quantize_one(float x, float scale, int32_t zp, int32_t lo, int32_t hi) {
  const float r = roundf(x / scale);
  if (!(r > -1048576.0f)) return lo;
  if (r > 1048576.0f) return hi;
  return eb_clamp_i32((int32_t)r + zp, lo, hi);
}

void eb_quantize_f32_s8(const eb_quantize_params *p, const float *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i)
    out[i] = (int8_t)quantize_one(in[i], p->scale, p->out_zp, INT8_MIN, INT8_MAX);
}

void eb_quantize_f32_u8(const eb_quantize_params *p, const float *in, uint8_t *out) {
  for (int32_t i = 0; i < p->count; ++i)
    out[i] = (uint8_t)quantize_one(in[i], p->scale, p->out_zp, 0, UINT8_MAX);
}

#define EB_REQUANTIZE_LOOP(LO, HI, OUT_T)                                                          \
  for (int32_t i = 0; i < p->count; ++i) {                                                         \
    const int32_t v = eb_multiply_by_quantized_multiplier((int32_t)in[i] - p->in_zp, p->mult, p->shift); \
    out[i] = (OUT_T)eb_clamp_i32(v + p->out_zp, (LO), (HI));                                       \
  }

void eb_requantize_s8_s8(const eb_quantize_params *p, const int8_t *in, int8_t *out) {
  EB_REQUANTIZE_LOOP(INT8_MIN, INT8_MAX, int8_t)
}

void eb_requantize_u8_s8(const eb_quantize_params *p, const uint8_t *in, int8_t *out) {
  EB_REQUANTIZE_LOOP(INT8_MIN, INT8_MAX, int8_t)
}

void eb_requantize_s8_u8(const eb_quantize_params *p, const int8_t *in, uint8_t *out) {
  EB_REQUANTIZE_LOOP(0, UINT8_MAX, uint8_t)
}

void eb_requantize_u8_u8(const eb_quantize_params *p, const uint8_t *in, uint8_t *out) {
  EB_REQUANTIZE_LOOP(0, UINT8_MAX, uint8_t)
}
