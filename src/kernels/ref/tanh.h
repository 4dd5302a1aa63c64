/* TANH, element-wise. */
#ifndef EB_TANH_H
#define EB_TANH_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Prepare-time: TFLM's int8 TANH parameters (Q4 input, output scale 1/128, zero point 0). */
void eb_tanh_s8_prepare(eb_act_params *p, double in_scale, int32_t in_zp);

void eb_tanh_f32(const eb_act_params *p, const float *in, float *out);
void eb_tanh_s8(const eb_act_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
