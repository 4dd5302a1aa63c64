/* AVERAGE_POOL_2D. int8 rounds the mean half away from zero, as TFLM does. */
#ifndef EB_AVERAGE_POOL2D_H
#define EB_AVERAGE_POOL2D_H

#include "pool.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_average_pool2d_f32(const eb_pool_params *p, const float *in, float *out);
void eb_average_pool2d_s8(const eb_pool_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
