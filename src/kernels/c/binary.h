/* Broadcasting element-wise binary ops (ADD, SUB, MUL) share one parameter block.
 *
 * Shapes are right-aligned and padded to `rank` dims; a stride of 0 repeats an input along a dim. */
#ifndef EB_BINARY_H
#define EB_BINARY_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t rank;                        /* 1..EB_MAX_DIMS */
  int32_t out_dims[EB_MAX_DIMS];
  int32_t in1_strides[EB_MAX_DIMS];    /* element strides into input 1; 0 where it broadcasts */
  int32_t in2_strides[EB_MAX_DIMS];
  float act_min, act_max;              /* float32 fused activation */
  int32_t in1_zp, in2_zp, out_zp;      /* int8 zero points */
  int32_t q_min, q_max;                /* int8 fused activation clamp */
  /* int8 ADD/SUB (TFLM scheme): inputs are shifted left by left_shift (20), scaled by in*_mult/shift
   * to a common scale, summed, and the sum scaled by out_mult/out_shift. MUL uses out_mult/out_shift only. */
  int32_t left_shift;
  int32_t in1_mult, in1_shift, in2_mult, in2_shift;
  int32_t out_mult, out_shift;
} eb_binary_params;

#ifdef __cplusplus
}
#endif
#endif
