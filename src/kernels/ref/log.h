/* LOG, float32, element-wise: the natural logarithm. */
#ifndef EB_LOG_H
#define EB_LOG_H

#include "activation.h"

#ifdef __cplusplus
extern "C" {
#endif

void eb_log_f32(const eb_act_params *p, const float *in, float *out);

#ifdef __cplusplus
}
#endif
#endif
