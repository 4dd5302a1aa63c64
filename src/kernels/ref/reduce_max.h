/* REDUCE_MAX, float32, over the middle axis of an [outer][reduced][inner] view (mean.h's geometry): the largest value (TFLite starts from the lowest float). */
#ifndef EB_REDUCE_MAX_H
#define EB_REDUCE_MAX_H

#include "mean.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_reduce_max_f32(const eb_mean_params *p, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
