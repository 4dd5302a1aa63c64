/* QUANTIZE (TFLM reference semantics), the kernels with int8 and uint8 outputs.
 *
 * float -> int: the quotient is formed and rounded (half away from zero) in float, as the reference
 * does, then the zero point is added and the result clamped to the output type.
 * int -> int: MBQM(in - in_zp) + out_zp, clamped. With equal scales this is exact, so the reference's
 * int8 <-> uint8 "flip the top bit" fast path gives the same bytes and needs no special case here. */
#include "quantize.h"

#include <math.h>

#include "quant.h"

/* A quotient beyond +-2^20 clamps anyway (every output type here is narrower), and testing it first keeps
 * the float -> int conversion defined; NaN goes to lo, as the reference does on x86. */
int32_t eb_quantize_value(float x, float scale, int32_t zp, int32_t lo, int32_t hi) {
  const float r = roundf(x / scale);
  if (!(r > -1048576.0f)) return lo;
  if (r > 1048576.0f) return hi;
  return eb_clamp_i32((int32_t)r + zp, lo, hi);
}

void eb_quantize_f32_s8(const eb_quantize_params *p, const float *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i)
    out[i] = (int8_t)eb_quantize_value(in[i], p->scale, p->out_zp, INT8_MIN, INT8_MAX);
}

void eb_quantize_f32_u8(const eb_quantize_params *p, const float *in, uint8_t *out) {
  for (int32_t i = 0; i < p->count; ++i)
    out[i] = (uint8_t)eb_quantize_value(in[i], p->scale, p->out_zp, 0, UINT8_MAX);
}

void eb_requantize_s8_s8(const eb_quantize_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int8_t)eb_requantize_value(p, in[i], INT8_MIN, INT8_MAX);
}

void eb_requantize_u8_s8(const eb_quantize_params *p, const uint8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int8_t)eb_requantize_value(p, in[i], INT8_MIN, INT8_MAX);
}

void eb_requantize_s8_u8(const eb_quantize_params *p, const int8_t *in, uint8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (uint8_t)eb_requantize_value(p, in[i], 0, UINT8_MAX);
}

void eb_requantize_u8_u8(const eb_quantize_params *p, const uint8_t *in, uint8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (uint8_t)eb_requantize_value(p, in[i], 0, UINT8_MAX);
}

void eb_requantize_s16_s8(const eb_quantize_params *p, const int16_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int8_t)eb_requantize_value(p, in[i], INT8_MIN, INT8_MAX);
}

void eb_requantize_s32_s8(const eb_quantize_params *p, const int32_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int8_t)eb_requantize_value(p, in[i], INT8_MIN, INT8_MAX);
}
