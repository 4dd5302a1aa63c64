/* CONV_2D int16x8 reference kernels, arithmetic identical to TFLite Micro's int16 ConvPerChannel.
 *
 * The same gather as eb_conv2d_s8 (taps outside the image skipped, which is zero padding since the input zero
 * point is 0), with the products int16 x int8 summed in the bias's type: int64 with an int64 bias, int32 (wrapping,
 * where TFLM's int32 would overflow) with an int32 bias or none. The two requantisations differ: the int64 one
 * rounds the multiplier to 15 bits and shifts once (quant.h), the int32 one is int8's double rounding. */
#include "conv2d_s16.h"

#include "quant.h"

static int inside(int32_t v, int32_t size) { return v >= 0 && v < size; }

/* The sum of products of output (b, oy, ox, oc)'s receptive field, both widths computed in 64 bits: the int32
 * accumulator's wrapped sum is its low half. */
static int64_t receptive_sum(const eb_conv_params *p, const int16_t *in_b, const int8_t *f_oc, int32_t y0,
                             int32_t x0) {
  uint64_t acc = 0;
  for (int32_t ky = 0; ky < p->k_h; ++ky) {
    const int32_t y = y0 + ky * p->dil_h;
    if (!inside(y, p->in_h)) continue;
    for (int32_t kx = 0; kx < p->k_w; ++kx) {
      const int32_t x = x0 + kx * p->dil_w;
      if (!inside(x, p->in_w)) continue;
      const int16_t *px = in_b + ((size_t)y * p->in_w + x) * p->in_c;
      const int8_t *f = f_oc + ((size_t)ky * p->k_w + kx) * p->in_c;
      for (int32_t ic = 0; ic < p->in_c; ++ic) acc += (uint64_t)(int64_t)((int32_t)f[ic] * (int32_t)px[ic]);
    }
  }
  return (int64_t)acc;
}

void eb_conv2d_s16(const eb_conv_params *p, const int16_t *in, const int8_t *filter, const int64_t *bias,
                   const int32_t *out_mult, const int32_t *out_shift, int16_t *out) {
  const size_t filter_len = (size_t)p->k_h * p->k_w * p->in_c;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int16_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          int64_t acc = receptive_sum(p, in_b, filter + (size_t)oc * filter_len, y0, x0);
          if (bias) acc = eb_add_wrap_i64(acc, bias[oc]);
          const int32_t v = eb_multiply_by_quantized_multiplier_s64(acc, out_mult[oc], out_shift[oc]);
          *out++ = (int16_t)eb_clamp_i32(v, p->q_min, p->q_max);
        }
      }
    }
  }
}

void eb_conv2d_s16_acc32(const eb_conv_params *p, const int16_t *in, const int8_t *filter, const int32_t *bias,
                         const int32_t *out_mult, const int32_t *out_shift, int16_t *out) {
  const size_t filter_len = (size_t)p->k_h * p->k_w * p->in_c;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int16_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          int32_t acc = (int32_t)(uint32_t)(uint64_t)receptive_sum(p, in_b, filter + (size_t)oc * filter_len, y0, x0);
          if (bias) acc = eb_add_wrap_i32(acc, bias[oc]);
          const int32_t v = eb_requantize_inline(acc, out_mult[oc], out_shift[oc]);
          *out++ = (int16_t)eb_clamp_i32(v, p->q_min, p->q_max);
        }
      }
    }
  }
}
