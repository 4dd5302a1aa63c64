/* SUB with broadcasting and a fused activation. */
#ifndef EB_SUB_H
#define EB_SUB_H

#include "binary.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_sub_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out);
void eb_sub_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
/* int16, zero points 0 (sub_s16.c). */
void eb_sub_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
