/* DEQUANTIZE: out = (float)(scale * (in - zp)), computed in double like TFLM's reference. */
#ifndef EB_DEQUANTIZE_H
#define EB_DEQUANTIZE_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;
  double scale;
  int32_t zp;
} eb_dequantize_params;

void eb_dequantize_s8_f32(const eb_dequantize_params *p, const int8_t *in, float *out);
void eb_dequantize_u8_f32(const eb_dequantize_params *p, const uint8_t *in, float *out);
void eb_dequantize_s16_f32(const eb_dequantize_params *p, const int16_t *in, float *out);
/* float16 (IEEE half, raw bits) -> float32; scale and zp unused. */
void eb_dequantize_f16_f32(const eb_dequantize_params *p, const uint16_t *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
