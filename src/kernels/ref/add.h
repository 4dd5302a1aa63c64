/* ADD with broadcasting and a fused activation. */
#ifndef EB_ADD_H
#define EB_ADD_H

#include "binary.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_add_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out);
void eb_add_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out);
/* int16, zero points 0 (add_s16.c). */
void eb_add_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
