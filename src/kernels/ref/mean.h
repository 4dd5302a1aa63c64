/* MEAN over a set of axes. The input is viewed as [outer][reduced][inner] after prepare has checked
 * the reduced axes are contiguous (the common case: H and W of NHWC); prepare transposes otherwise. */
#ifndef EB_MEAN_H
#define EB_MEAN_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer, reduced, inner;
  int32_t in_zp, out_zp;        /* int8 / int16 */
  int32_t mult, shift;          /* int8 / int16: in_scale / out_scale / reduced, see eb_mean_prepare_quant */
} eb_mean_params;

/* Prepare-time: TFLM's QuantizedMeanOrSum rescaling. in_scale / out_scale is split as QuantizeMultiplier does,
 * then the division by the count is folded in: with k = floor(log2(reduced)) clamped to at most 32 and to
 * 31 + shift, mult = (mult << k) / reduced (truncated) and shift -= k. Needs outer/reduced/inner set. */
void eb_mean_prepare_quant(eb_mean_params *p, double in_scale, double out_scale);

void eb_mean_f32(const eb_mean_params *p, const float *in, float *out);
/* int8 / int16: out = clamp(MBQM(sum(in) - in_zp * reduced, mult, shift) + out_zp), the sum in int32. This is
 * TFLM's integer MEAN (QuantizedMeanOrSum) for every axis set and keep_dims. */
void eb_mean_s8(const eb_mean_params *p, const int8_t *in, int8_t *out);
void eb_mean_s16(const eb_mean_params *p, const int16_t *in, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
