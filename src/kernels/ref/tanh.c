/* TANH, element-wise. int8 reproduces TFLM's reference: the input is rescaled to Q4.27, gemmlowp's
 * fixed-point tanh gives Q0.31, which is rounded to 7 fractional bits (output scale 1/128, zero point 0).
 * Inputs beyond the Q4 range radius saturate directly. */
#include "tanh.h"

#include <math.h>

#include "fixedpoint.h"
#include "quant.h"

enum { kInputIntBits = 4 };

void eb_tanh_s8_prepare(eb_act_params *p, double in_scale, int32_t in_zp) {
  p->in_zp = in_zp;
  p->out_zp = 0;
  eb_fp_prepare_input_rescale(in_scale, kInputIntBits, &p->in_mult, &p->in_left_shift, &p->range_radius);
}

void eb_tanh_f32(const eb_act_params *p, const float *in, float *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = tanhf(in[i]);
}

void eb_tanh_s8(const eb_act_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const int32_t x = in[i] - p->in_zp;
    if (x <= -p->range_radius) {
      out[i] = INT8_MIN;
    } else if (x >= p->range_radius) {
      out[i] = INT8_MAX;
    } else {
      const int32_t x_q4 = eb_multiply_by_quantized_multiplier(x, p->in_mult, p->in_left_shift);
      const int32_t y_q0 = eb_fp_tanh(x_q4, kInputIntBits);
      /* TFLM requires a zero output zero point, so none is added. */
      out[i] = (int8_t)eb_clamp_i32(eb_rounding_divide_by_pot(y_q0, 31 - 7), INT8_MIN, INT8_MAX);
    }
  }
}
