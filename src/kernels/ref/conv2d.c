/* CONV_2D reference kernels, arithmetic identical to TFLite Micro's reference Conv (float) and
 * ConvPerChannel (int8).
 *
 * For each output pixel the receptive field starts at (out_y * stride - pad) and steps by the dilation.
 * Taps outside the image contribute nothing; for int8 that is the same as padding with the input zero
 * point, because every tap multiplies (input - in_zp). Float sums run ky, kx, ic in that order so that
 * rounding follows TFLM's. The int8 accumulator is int32, as in TFLM. */
#include "conv2d.h"

#include "quant.h"

static int inside(int32_t v, int32_t size) { return v >= 0 && v < size; }

void eb_conv2d_f32(const eb_conv_params *p, const float *in, const float *filter, const float *bias,
                   float *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          const float *f_oc = filter + (size_t)oc * p->k_h * p->k_w * p->in_c;
          float total = 0.0f;
          for (int32_t ky = 0; ky < p->k_h; ++ky) {
            const int32_t y = y0 + ky * p->dil_h;
            if (!inside(y, p->in_h)) continue;
            for (int32_t kx = 0; kx < p->k_w; ++kx) {
              const int32_t x = x0 + kx * p->dil_w;
              if (!inside(x, p->in_w)) continue;
              const float *px = in_b + ((size_t)y * p->in_w + x) * p->in_c;
              const float *f = f_oc + ((size_t)ky * p->k_w + kx) * p->in_c;
              for (int32_t ic = 0; ic < p->in_c; ++ic) total += px[ic] * f[ic];
            }
          }
          /* TFLM adds the bias (0 when absent) after the whole sum, then clamps. */
          const float bias_value = bias ? bias[oc] : 0.0f;
          *out++ = eb_clamp_f32(total + bias_value, p->act_min, p->act_max);
        }
      }
    }
  }
}

void eb_conv2d_s8(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                  const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  eb_conv2d_s8_ref(p, in, filter, bias, out_mult, out_shift, out);
}

void eb_conv2d_s8_ref(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                      const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  const int32_t in_offset = -p->in_zp;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          const int8_t *f_oc = filter + (size_t)oc * p->k_h * p->k_w * p->in_c;
          int32_t acc = 0;
          for (int32_t ky = 0; ky < p->k_h; ++ky) {
            const int32_t y = y0 + ky * p->dil_h;
            if (!inside(y, p->in_h)) continue;
            for (int32_t kx = 0; kx < p->k_w; ++kx) {
              const int32_t x = x0 + kx * p->dil_w;
              if (!inside(x, p->in_w)) continue;
              const int8_t *px = in_b + ((size_t)y * p->in_w + x) * p->in_c;
              const int8_t *f = f_oc + ((size_t)ky * p->k_w + kx) * p->in_c;
              for (int32_t ic = 0; ic < p->in_c; ++ic) acc += f[ic] * (px[ic] + in_offset);
            }
          }
          if (bias) acc = eb_add_wrap_i32(acc, bias[oc]);
          acc = eb_multiply_by_quantized_multiplier(acc, out_mult[oc], out_shift[oc]);
          acc = eb_add_wrap_i32(acc, p->out_zp);
          *out++ = (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
        }
      }
    }
  }
}
