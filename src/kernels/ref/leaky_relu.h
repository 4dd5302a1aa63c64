/* LEAKY_RELU, element-wise: x >= 0 ? x : alpha * x. */
#ifndef EB_LEAKY_RELU_H
#define EB_LEAKY_RELU_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;                        /* number of elements */
  float alpha;                          /* float32 slope for negative inputs */
  int32_t in_zp, out_zp;                /* int8 */
  /* int8 (TFLM's scheme): (x - in_zp) is requantised to the output by one of two multipliers,
   * in_scale / out_scale for x >= in_zp and in_scale * alpha / out_scale below it. */
  int32_t identity_mult, identity_shift;
  int32_t alpha_mult, alpha_shift;
} eb_leaky_relu_params;

/* Prepare-time: TFLM's two int8 multipliers, computed in double from the float32 scales and alpha. */
void eb_leaky_relu_s8_prepare(eb_leaky_relu_params *p, float in_scale, float out_scale, float alpha);

void eb_leaky_relu_f32(const eb_leaky_relu_params *p, const float *in, float *out);
void eb_leaky_relu_s8(const eb_leaky_relu_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
