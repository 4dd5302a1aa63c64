/* SUM, float32, over the middle axis of an [outer][reduced][inner] view (mean.h's geometry): the sum, accumulated in input order from 0 as TFLite's reference does. */
#ifndef EB_SUM_H
#define EB_SUM_H

#include "mean.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_sum_f32(const eb_mean_params *p, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
