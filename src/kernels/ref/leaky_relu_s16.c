/* LEAKY_RELU of int16 (TFLM reference semantics): the int8 scheme, saturated to int16. */
#include "leaky_relu.h"

void eb_leaky_relu_s16(const eb_leaky_relu_params *p, const int16_t *in, int16_t *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const int32_t scaled = eb_leaky_relu_scaled(p, in[i] - p->in_zp);
    out[i] = (int16_t)eb_clamp_i32(eb_add_wrap_i32(p->out_zp, scaled), -32768, 32767);
  }
}
