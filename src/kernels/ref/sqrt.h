/* SQRT, float32, element-wise: the square root. */
#ifndef EB_SQRT_H
#define EB_SQRT_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_sqrt_f32(const eb_act_params *p, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
