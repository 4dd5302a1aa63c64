/* SOFTMAX over the last dimension. int8 follows TFLM's reference fixed-point algorithm (gemmlowp exp,
 * 5 integer bits for scaled differences, 12 for the accumulator); output scale 1/256, zero point -128. */
#ifndef EB_SOFTMAX_H
#define EB_SOFTMAX_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer, depth;
  float beta;                    /* float32 */
  int32_t in_mult, in_left_shift, diff_min;   /* int8, from eb_softmax_s8_prepare */
} eb_softmax_params;

/* Prepare-time: fills in_mult, in_left_shift, diff_min from beta and the input scale (TFLM's
 * PreprocessSoftmaxScaling and CalculateInputRadius with 5 integer bits). */
void eb_softmax_s8_prepare(eb_softmax_params *p, double beta, double in_scale);

void eb_softmax_f32(const eb_softmax_params *p, const float *in, float *out);
void eb_softmax_s8(const eb_softmax_params *p, const int8_t *in, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
