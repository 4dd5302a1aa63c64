/* DIV with broadcasting and a fused activation (float32). */
#ifndef EB_DIV_H
#define EB_DIV_H

#include "binary.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_div_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out);

#ifdef __cplusplus
}
#endif
#endif
