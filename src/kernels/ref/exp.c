/* EXP, float32: the C library's single-precision function, as TFLite's reference kernel calls it. */
#include "exp.h"

#include <math.h>

void eb_exp_f32(const eb_act_params *p, const float *in, float *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = expf(in[i]);
}
