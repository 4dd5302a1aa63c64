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
  int32_t in_zp, out_zp;        /* int8 */
  int32_t mult, shift;          /* int8: in_scale / out_scale */
} eb_mean_params;

void eb_mean_f32(const eb_mean_params *p, const float *in, float *out);
/* int8: acc = sum(in - in_zp); acc = MBQM(acc, mult, shift); acc = acc / reduced rounded half away from
 * zero; out = clamp(acc + out_zp). This is TFLM's integer Mean. */
void eb_mean_s8(const eb_mean_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
