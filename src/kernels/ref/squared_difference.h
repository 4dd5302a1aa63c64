/* SQUARED_DIFFERENCE, float32, with broadcasting: (x - y) squared. */
#ifndef EB_SQUARED_DIFFERENCE_H
#define EB_SQUARED_DIFFERENCE_H

#include "binary.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_squared_difference_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out);

#ifdef __cplusplus
}
#endif
#endif
