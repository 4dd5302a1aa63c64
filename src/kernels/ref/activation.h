/* Parameters shared by the element-wise int8 activations (LOGISTIC, TANH, RELU, RELU6, HARD_SWISH). */
#ifndef EB_ACTIVATION_H
#define EB_ACTIVATION_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;                 /* number of elements */
  int32_t in_zp, out_zp;
  /* LOGISTIC/TANH: input rescaled to Q4.27 by (in_mult, in_left_shift); |x - in_zp| >= range_radius saturates.
   * RELU: requantisation in->out by (in_mult, in_left_shift); RELU6: unused. */
  int32_t in_mult, in_left_shift, range_radius;
  int32_t q_min, q_max;          /* RELU/RELU6: clamp in the output domain */
  /* HARD_SWISH (TFLM's int16 fixed-point scheme). */
  int16_t reluish_mult, output_mult;
  int32_t reluish_exp, output_exp;
} eb_act_params;

#ifdef __cplusplus
}
#endif
#endif
