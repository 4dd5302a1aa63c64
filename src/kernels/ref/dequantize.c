/* DEQUANTIZE (TFLM reference semantics): the product is taken in double and rounded to float once.
 * float16 is decoded bit by bit so the kernel needs no compiler half-precision support. */
#include "dequantize.h"

#include <string.h>

#define EB_DEQUANTIZE_LOOP                                                                  \
  for (int32_t i = 0; i < p->count; ++i) out[i] = (float)(p->scale * (double)((int32_t)in[i] - p->zp));

void eb_dequantize_s8_f32(const eb_dequantize_params *p, const int8_t *in, float *out) { EB_DEQUANTIZE_LOOP }
void eb_dequantize_u8_f32(const eb_dequantize_params *p, const uint8_t *in, float *out) { EB_DEQUANTIZE_LOOP }
void eb_dequantize_s16_f32(const eb_dequantize_params *p, const int16_t *in, float *out) { EB_DEQUANTIZE_LOOP }

/* Every half value is exactly representable in float: re-bias the exponent (15 -> 127) and widen the
 * mantissa (10 -> 23 bits); half subnormals become float normals, found by renormalising. */
static uint32_t half_to_float_bits(uint16_t h) {
  const uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1Fu;
  uint32_t mant = h & 0x3FFu;
  if (exp == 0x1Fu) return sign | 0x7F800000u | (mant << 13); /* inf, or NaN keeping its payload */
  if (exp != 0) return sign | ((exp + 112u) << 23) | (mant << 13);
  if (mant == 0) return sign; /* signed zero */
  /* Subnormal: value = mant * 2^-24. Shift the leading one up to bit 10 and lower the exponent. */
  uint32_t e = 113u; /* 127 - 14: the exponent of a half subnormal with its leading one at bit 10 */
  while ((mant & 0x400u) == 0) {
    mant <<= 1;
    --e;
  }
  return sign | (e << 23) | ((mant & 0x3FFu) << 13);
}

void eb_dequantize_f16_f32(const eb_dequantize_params *p, const uint16_t *in, float *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const uint32_t bits = half_to_float_bits(in[i]);
    float f;
    memcpy(&f, &bits, sizeof f);
    out[i] = f;
  }
}
