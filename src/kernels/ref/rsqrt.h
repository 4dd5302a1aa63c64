/* RSQRT, float32, element-wise: the reciprocal square root, 1 / sqrt(x) as TFLM computes it. */
#ifndef EB_RSQRT_H
#define EB_RSQRT_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_rsqrt_f32(const eb_act_params *p, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
