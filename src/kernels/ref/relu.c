/* RELU (TFLM reference semantics). int8 requantises from the input to the output scale, then clamps in
 * the output domain; prepare sets q_min to the output zero point, which is where the real zero lies. */
#include "relu.h"

#include "quant.h"

void eb_relu_f32(const eb_act_params *p, const float *in, float *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const float v = in[i];
    out[i] = v < 0.0f ? 0.0f : v;
  }
}

void eb_relu_s8(const eb_act_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const int32_t v =
        p->out_zp + eb_multiply_by_quantized_multiplier(in[i] - p->in_zp, p->in_mult, p->in_left_shift);
    out[i] = (int8_t)eb_clamp_i32(v, p->q_min, p->q_max);
  }
}
