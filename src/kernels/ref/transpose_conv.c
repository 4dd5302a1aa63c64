/* TRANSPOSE_CONV reference kernels (float32, int8), results identical to TFLite Micro's reference TransposeConv.
 *
 * TFLM scatters: it zeroes the output, then for each input pixel and channel adds value * filter over the output
 * window it reaches. Here each output gathers instead, visiting the same contributions in the same order (input
 * row, column, channel ascending: a given input pixel reaches a given output through one filter tap only), so
 * float sums round alike and no scratch is needed. The bias is added after the whole sum, as TFLM does. */
#include "transpose_conv.h"

void eb_transpose_conv_f32(const eb_transpose_conv_params *p, const float *in, const float *filter, const float *bias,
                           float *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      int32_t y_first, y_last;
      eb_transpose_conv_window(oy, p->pad_top, p->k_h, p->stride_h, p->in_h, &y_first, &y_last);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        int32_t x_first, x_last;
        eb_transpose_conv_window(ox, p->pad_left, p->k_w, p->stride_w, p->in_w, &x_first, &x_last);
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          float total = 0.0f;
          for (int32_t y = y_first; y <= y_last; ++y) {
            const int32_t ky = oy + p->pad_top - y * p->stride_h;
            for (int32_t x = x_first; x <= x_last; ++x) {
              const int32_t kx = ox + p->pad_left - x * p->stride_w;
              const float *px = in_b + ((size_t)y * p->in_w + x) * p->in_c;
              const float *f = filter + (((size_t)oc * p->k_h + ky) * p->k_w + kx) * p->in_c;
              for (int32_t ic = 0; ic < p->in_c; ++ic) total += px[ic] * f[ic];
            }
          }
          if (bias) total += bias[oc];
          *out++ = eb_clamp_f32(total, p->act_min, p->act_max);
        }
      }
    }
  }
}

void eb_transpose_conv_s8(const eb_transpose_conv_params *p, const int8_t *in, const int8_t *filter,
                          const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  const int32_t in_offset = -p->in_zp;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      int32_t y_first, y_last;
      eb_transpose_conv_window(oy, p->pad_top, p->k_h, p->stride_h, p->in_h, &y_first, &y_last);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        int32_t x_first, x_last;
        eb_transpose_conv_window(ox, p->pad_left, p->k_w, p->stride_w, p->in_w, &x_first, &x_last);
        for (int32_t oc = 0; oc < p->out_c; ++oc) {
          uint32_t acc = 0; /* TFLM's int32 scratch, wrapping where it would overflow */
          for (int32_t y = y_first; y <= y_last; ++y) {
            const int32_t ky = oy + p->pad_top - y * p->stride_h;
            for (int32_t x = x_first; x <= x_last; ++x) {
              const int32_t kx = ox + p->pad_left - x * p->stride_w;
              const int8_t *px = in_b + ((size_t)y * p->in_w + x) * p->in_c;
              const int8_t *f = filter + (((size_t)oc * p->k_h + ky) * p->k_w + kx) * p->in_c;
              for (int32_t ic = 0; ic < p->in_c; ++ic) acc += (uint32_t)((px[ic] + in_offset) * f[ic]);
            }
          }
          int32_t v = (int32_t)acc;
          if (bias) v = eb_add_wrap_i32(v, bias[oc]);
          v = eb_add_wrap_i32(eb_requantize_inline(v, out_mult[oc], out_shift[oc]), p->out_zp);
          *out++ = (int8_t)eb_clamp_i32(v, p->q_min, p->q_max);
        }
      }
    }
  }
}
