/* MAXIMUM with broadcasting: the larger of two elements. Works on raw values, so int8 needs no
 * requantisation (prepare requires both inputs and the output to share their quantisation, as TFLM). */
#ifndef EB_MAXIMUM_H
#define EB_MAXIMUM_H

#include "binary.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_maximum_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out);
void eb_maximum_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
void eb_maximum_u8(const eb_binary_params *p, const uint8_t *in1, const uint8_t *in2, uint8_t *out);
void eb_maximum_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out);
void eb_maximum_s32(const eb_binary_params *p, const int32_t *in1, const int32_t *in2, int32_t *out);
void eb_maximum_s64(const eb_binary_params *p, const int64_t *in1, const int64_t *in2, int64_t *out);

#ifdef __cplusplus
}
#endif
#endif
