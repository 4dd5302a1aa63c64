/* HARD_SWISH, element-wise. */
#ifndef EB_HARD_SWISH_H
#define EB_HARD_SWISH_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Prepare-time: TFLM's int8 HARD_SWISH multipliers from the input and output quantisation. */
void eb_hard_swish_s8_prepare(eb_act_params *p, float in_scale, int32_t in_zp, float out_scale,
                              int32_t out_zp);

void eb_hard_swish_f32(const eb_act_params *p, const float *in, float *out);
void eb_hard_swish_s8(const eb_act_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
