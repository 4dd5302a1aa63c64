/* QUANTIZE: float32 -> int8/uint8 (affine), and requantisation between int8/uint8 scales and types. */
#ifndef EB_QUANTIZE_H
#define EB_QUANTIZE_H

#include "eb_common.h"

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

#ifdef __cplusplus
}
#endif
#endif
