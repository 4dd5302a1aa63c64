/* LOGISTIC, element-wise. int8 reproduces TFLM's reference: the input is rescaled to Q4.27, gemmlowp's
 * fixed-point logistic gives Q0.31, which is rounded to 8 fractional bits (output scale 1/256, zp -128).
 * Inputs beyond the Q4 range radius saturate directly. */
#include "logistic.h"

#include <math.h>

#include "fixedpoint.h"
#include "quant.h"

enum { kInputIntBits = 4 };

void eb_logistic_s8_prepare(eb_act_params *p, double in_scale, int32_t in_zp) {
  p->in_zp = in_zp;
  p->out_zp = -128;
  eb_fp_prepare_input_rescale(in_scale, kInputIntBits, &p->in_mult, &p->in_left_shift, &p->range_radius);
}

void eb_logistic_f32(const eb_act_params *p, const float *in, float *out) {
  /* TFLM's cut-offs: above the upper one the result rounds to 1.0f; below -9, exp(x) is within float
   * precision of the logistic and avoids 1 + exp(-x) overflowing. */
  const float cutoff_upper = 16.619047164916992188f;
  const float cutoff_lower = -9.0f;
  for (int32_t i = 0; i < p->count; ++i) {
    const float x = in[i];
    if (x > cutoff_upper) {
      out[i] = 1.0f;
    } else if (x < cutoff_lower) {
      out[i] = expf(x);
    } else {
      out[i] = 1.0f / (1.0f + expf(-x));
    }
  }
}

void eb_logistic_s8(const eb_act_params *p, const int8_t *in, int8_t *out) {
  for (int32_t i = 0; i < p->count; ++i) {
    const int32_t x = in[i] - p->in_zp;
    if (x <= -p->range_radius) {
      out[i] = INT8_MIN;
    } else if (x >= p->range_radius) {
      out[i] = INT8_MAX;
    } else {
      const int32_t x_q4 = eb_multiply_by_quantized_multiplier(x, p->in_mult, p->in_left_shift);
      const int32_t y_q0 = eb_fp_logistic(x_q4, kInputIntBits);
      out[i] = (int8_t)eb_clamp_i32(eb_rounding_divide_by_pot(y_q0, 31 - 8) - 128, INT8_MIN, INT8_MAX);
    }
  }
}
