/* Parameters shared by AVERAGE_POOL_2D and MAX_POOL_2D (NHWC). Window taps outside the image are
 * skipped; the average divides by the number of taps inside. */
#ifndef EB_POOL_H
#define EB_POOL_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batch, in_h, in_w, channels, out_h, out_w;
  int32_t k_h, k_w, stride_h, stride_w, pad_top, pad_left;
  float act_min, act_max;   /* float32 */
  int32_t q_min, q_max;     /* int8 (input and output share scale and zero point) */
} eb_pool_params;

#ifdef __cplusplus
}
#endif
#endif
