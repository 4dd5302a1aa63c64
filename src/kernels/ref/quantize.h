/* QUANTIZE: float32 -> int8/uint8/int16 (affine), and requantisation between scales and types (int8,
 * uint8, int16, int32: TFLM's Requantize). One file per output type: quantize.c (int8, uint8),
 * quantize_s16.c, quantize_s32.c. */
#ifndef EB_QUANTIZE_H
#define EB_QUANTIZE_H

#include "eb_common.h"
#include "quant.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;
  float scale;                 /* float -> int: output scale */
  int32_t in_zp, out_zp;
  int32_t mult, shift;         /* requantise: in_scale / out_scale */
} eb_quantize_params;

/* out = clamp(round(in / scale) + out_zp), rounding half away from zero in float arithmetic. */
void eb_quantize_f32_s8(const eb_quantize_params *p, const float *in, int8_t *out);
void eb_quantize_f32_u8(const eb_quantize_params *p, const float *in, uint8_t *out);
/* out = clamp(MBQM(in - in_zp, mult, shift) + out_zp) to the output type's range. */
void eb_requantize_s8_s8(const eb_quantize_params *p, const int8_t *in, int8_t *out);
void eb_requantize_u8_s8(const eb_quantize_params *p, const uint8_t *in, int8_t *out);
void eb_requantize_s8_u8(const eb_quantize_params *p, const int8_t *in, uint8_t *out);
void eb_requantize_u8_u8(const eb_quantize_params *p, const uint8_t *in, uint8_t *out);
void eb_requantize_s16_s8(const eb_quantize_params *p, const int16_t *in, int8_t *out);
void eb_requantize_s32_s8(const eb_quantize_params *p, const int32_t *in, int8_t *out);
/* int16 outputs (quantize_s16.c). */
void eb_quantize_f32_s16(const eb_quantize_params *p, const float *in, int16_t *out);
void eb_requantize_s8_s16(const eb_quantize_params *p, const int8_t *in, int16_t *out);
void eb_requantize_s16_s16(const eb_quantize_params *p, const int16_t *in, int16_t *out);
void eb_requantize_s32_s16(const eb_quantize_params *p, const int32_t *in, int16_t *out);
/* int32 outputs (quantize_s32.c). */
void eb_requantize_s8_s32(const eb_quantize_params *p, const int8_t *in, int32_t *out);
void eb_requantize_s16_s32(const eb_quantize_params *p, const int16_t *in, int32_t *out);

/* Shared by the kernels: round(x / scale) + zp clamped to [lo, hi] in float arithmetic; and one requantised
 * value, MBQM(x - in_zp) + out_zp clamped to [lo, hi]. The subtraction and the addition wrap like TFLM's
 * int32 arithmetic on its targets, so an int32 input at the type's ends stays defined. */
int32_t eb_quantize_value(float x, float scale, int32_t zp, int32_t lo, int32_t hi);
static inline int32_t eb_requantize_value(const eb_quantize_params *p, int32_t x, int32_t lo, int32_t hi) {
  const int32_t centred = (int32_t)((uint32_t)x - (uint32_t)p->in_zp);
  const int32_t v = eb_multiply_by_quantized_multiplier(centred, p->mult, p->shift);
  return eb_clamp_i32(eb_add_wrap_i32(v, p->out_zp), lo, hi);
}

#ifdef __cplusplus
}
#endif
#endif
