/* DEPTHWISE_CONV_2D reference kernels, arithmetic identical to TFLite Micro's reference DepthwiseConv
 * (float) and DepthwisePerChannel (int8).
 *
 * Output channel oc = ic * depth_multiplier + m reads only input channel ic, through filter column oc of
 * the [1][k_h][k_w][out_c] filter. Geometry and the skipping of out-of-image taps follow conv2d.c. */
#include "depthwise_conv2d.h"

#include "quant.h"

static int inside(int32_t v, int32_t size) { return v >= 0 && v < size; }

void eb_depthwise_conv2d_f32(const eb_conv_params *p, const float *in, const float *filter,
                             const float *bias, float *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t ic = 0; ic < p->in_c; ++ic) {
          for (int32_t m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            float total = 0.0f;
            for (int32_t ky = 0; ky < p->k_h; ++ky) {
              const int32_t y = y0 + ky * p->dil_h;
              if (!inside(y, p->in_h)) continue;
              for (int32_t kx = 0; kx < p->k_w; ++kx) {
                const int32_t x = x0 + kx * p->dil_w;
                if (!inside(x, p->in_w)) continue;
                const float v = in_b[((size_t)y * p->in_w + x) * p->in_c + ic];
                total += v * filter[((size_t)ky * p->k_w + kx) * p->out_c + oc];
              }
            }
            const float bias_value = bias ? bias[oc] : 0.0f;
            out[oc] = eb_clamp_f32(total + bias_value, p->act_min, p->act_max);
          }
        }
        out += p->out_c;
      }
    }
  }
}

void eb_depthwise_conv2d_s8(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                            const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                            int8_t *out) {
  eb_depthwise_conv2d_s8_ref(p, in, filter, bias, out_mult, out_shift, out);
}

void eb_depthwise_conv2d_s8_ref(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                                const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                int8_t *out) {
  const int32_t in_offset = -p->in_zp;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t ic = 0; ic < p->in_c; ++ic) {
          for (int32_t m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            int32_t acc = 0;
            for (int32_t ky = 0; ky < p->k_h; ++ky) {
              const int32_t y = y0 + ky * p->dil_h;
              if (!inside(y, p->in_h)) continue;
              for (int32_t kx = 0; kx < p->k_w; ++kx) {
                const int32_t x = x0 + kx * p->dil_w;
                if (!inside(x, p->in_w)) continue;
                const int32_t v = in_b[((size_t)y * p->in_w + x) * p->in_c + ic];
                acc += filter[((size_t)ky * p->k_w + kx) * p->out_c + oc] * (v + in_offset);
              }
            }
            if (bias) acc = eb_add_wrap_i32(acc, bias[oc]);
            acc = eb_multiply_by_quantized_multiplier(acc, out_mult[oc], out_shift[oc]);
            acc = eb_add_wrap_i32(acc, p->out_zp);
            out[oc] = (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
          }
        }
        out += p->out_c;
      }
    }
  }
}
