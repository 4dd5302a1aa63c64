/* LEAKY_RELU (TFLM reference semantics). int8 never leaves the integer domain: the sign of x - in_zp
 * picks the multiplier, the product is rounded with TFLM's double rounding and saturated to int8. */
#include "leaky_relu.h"

#include "quant.h"

void eb_leaky_relu_prepare(eb_leaky_relu_params *p, float in_scale, float out_scale, float alpha) {
  const float alpha_ratio = in_scale * alpha / out_scale;
  const float identity_ratio = in_scale / out_scale;
  eb_quantize_multiplier((double)alpha_ratio, &p->alpha_mult, &p->alpha_shift);
  eb_quantize_multiplier((double)identity_ratio, &p->identity_mult, &p->identity_shift);
}

void eb_leaky_relu_f32(const eb_leaky_relu_params *p, const float *in, float *out) {
  const float alpha = p->alpha;
  for (int32_t i = 0; i < p->count; ++i) {
    const float v = in[i];
    out[i] = v >= 0.0f ? v : v * alpha;
  }
}

void eb_leaky_relu_s8(const eb_leaky_relu_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const int32_t scaled = eb_leaky_relu_scaled(p, in[i] - p->in_zp);
    out[i] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(p->out_zp, scaled), -128, 127);
  }
}
