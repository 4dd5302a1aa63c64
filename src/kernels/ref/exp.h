/* EXP, float32, element-wise: the exponential. */
#ifndef EB_EXP_H
#define EB_EXP_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_exp_f32(const eb_act_params *p, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
