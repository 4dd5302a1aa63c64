/* POW, float32, with broadcasting: x raised to y (powf). */
#ifndef EB_POW_H
#define EB_POW_H

#include "binary.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_pow_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out);

#ifdef __cplusplus
}
#endif
#endif
