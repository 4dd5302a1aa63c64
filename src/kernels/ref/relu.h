/* RELU, element-wise. */
#ifndef EB_RELU_H
#define EB_RELU_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_relu_f32(const eb_act_params *p, const float *in, float *out);
void eb_relu_s8(const eb_act_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
