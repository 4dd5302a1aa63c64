/* TRANSPOSE_CONV int16x8 reference kernels, results identical to TFLite Micro's int16 TransposeConv: the gather of
 * transpose_conv.c with int64 sums (wrapping only where TFLM's would be undefined), the bias added after. */
#include "transpose_conv_s16.h"

/* The int64 sum of output (oy, ox, oc) of one image. */
static int64_t gather_sum(const eb_transpose_conv_params *p, const int16_t *in_b, const int8_t *filter, int32_t oy,
                          int32_t ox, int32_t oc) {
  int32_t y_first, y_last, x_first, x_last;
  eb_transpose_conv_window(oy, p->pad_top, p->k_h, p->stride_h, p->in_h, &y_first, &y_last);
  eb_transpose_conv_window(ox, p->pad_left, p->k_w, p->stride_w, p->in_w, &x_first, &x_last);
  uint64_t acc = 0;
  for (int32_t y = y_first; y <= y_last; ++y) {
    const int32_t ky = oy + p->pad_top - y * p->stride_h;
    for (int32_t x = x_first; x <= x_last; ++x) {
      const int32_t kx = ox + p->pad_left - x * p->stride_w;
      const int16_t *px = in_b + ((size_t)y * p->in_w + x) * p->in_c;
      const int8_t *f = filter + (((size_t)oc * p->k_h + ky) * p->k_w + kx) * p->in_c;
      for (int32_t ic = 0; ic < p->in_c; ++ic) acc += (uint64_t)(int64_t)((int32_t)px[ic] * f[ic]);
    }
  }
  return (int64_t)acc;
}

/* Both kernels: the bias of channel oc widened to int64, from either type (one of the two is NULL). */
static void transpose_conv_s16(const eb_transpose_conv_params *p, const int16_t *in, const int8_t *filter,
                               const int64_t *bias64, const int16_t *bias16, const int32_t *out_mult,
                               const int32_t *out_shift, int16_t *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const int16_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          int64_t acc = gather_sum(p, in_b, filter, oy, ox, oc);
          if (bias64) acc = eb_add_wrap_i64(acc, bias64[oc]);
          if (bias16) acc = eb_add_wrap_i64(acc, bias16[oc]);
          const int32_t v = eb_multiply_by_quantized_multiplier_s64(acc, out_mult[oc], out_shift[oc]);
          *out++ = (int16_t)eb_clamp_i32(v, p->q_min, p->q_max);
        }
      }
    }
  }
}

void eb_transpose_conv_s16(const eb_transpose_conv_params *p, const int16_t *in, const int8_t *filter,
                           const int64_t *bias, const int32_t *out_mult, const int32_t *out_shift, int16_t *out) {
  transpose_conv_s16(p, in, filter, bias, NULL, out_mult, out_shift, out);
}

void eb_transpose_conv_s16_b16(const eb_transpose_conv_params *p, const int16_t *in, const int8_t *filter,
                               const int16_t *bias, const int32_t *out_mult, const int32_t *out_shift, int16_t *out) {
  transpose_conv_s16(p, in, filter, NULL, bias, out_mult, out_shift, out);
}
