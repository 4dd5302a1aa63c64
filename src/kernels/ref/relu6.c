/* RELU6 (TFLM reference semantics). int8 input and output share quantisation, so the op is a clamp
 * to the quantised images of 0 and 6 that prepare stores in q_min and q_max. */
#include "relu6.h"

void eb_relu6_f32(const eb_act_params *p, const float *in, float *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const float v = in[i];
    out[i] = v > 6.0f ? 6.0f : (v < 0.0f ? 0.0f : v);
  }
}

void eb_relu6_s8(const eb_act_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int8_t)eb_clamp_i32(in[i], p->q_min, p->q_max);
}
