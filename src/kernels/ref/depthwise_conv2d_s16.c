/* DEPTHWISE_CONV_2D int16x8 reference kernel, arithmetic identical to TFLite Micro's int16
 * DepthwiseConvPerChannel: taps outside the image skipped (zero padding, the input zero point being 0), int16 x
 * int8 products summed in 64 bits (wrapping only where TFLM's would be undefined), the bias added after. */
#include "depthwise_conv2d_s16.h"

#include "quant.h"

static int inside(int32_t v, int32_t size) { return v >= 0 && v < size; }

void eb_depthwise_conv2d_s16(const eb_conv_params *p, const int16_t *in, const int8_t *filter, const int64_t *bias,
                             const int32_t *out_mult, const int32_t *out_shift, int16_t *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const int16_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t ic = 0; ic < p->in_c; ++ic) {
          for (int32_t m = 0; m < p->depth_multiplier; ++m) {
            const int32_t oc = ic * p->depth_multiplier + m;
            int64_t acc = 0;
            for (int32_t ky = 0; ky < p->k_h; ++ky) {
              const int32_t y = y0 + ky * p->dil_h;
              if (!inside(y, p->in_h)) continue;
              for (int32_t kx = 0; kx < p->k_w; ++kx) {
                const int32_t x = x0 + kx * p->dil_w;
                if (!inside(x, p->in_w)) continue;
                const int32_t v = in_b[((size_t)y * p->in_w + x) * p->in_c + ic];
                acc = eb_add_wrap_i64(acc, (int64_t)filter[((size_t)ky * p->k_w + kx) * p->out_c + oc] * v);
              }
            }
            if (bias) acc = eb_add_wrap_i64(acc, bias[oc]);
            const int32_t r = eb_multiply_by_quantized_multiplier_s64(acc, out_mult[oc], out_shift[oc]);
            out[oc] = (int16_t)eb_clamp_i32(r, p->q_min, p->q_max);
          }
        }
        out += p->out_c;
      }
    }
  }
}
