/* AVERAGE_POOL_2D over NHWC, TFLM reference semantics.
 *
 * For each output position the window is clipped to the image, so padding taps never enter the sum and
 * the divisor is the number of taps actually inside. The int8 sum is of raw values (input and output
 * share scale and zero point, so the zero point passes through the mean unchanged), and the division
 * rounds half away from zero. Prepare guarantees every window holds at least one tap. */
#include "average_pool2d.h"

/* Clips the window starting at `origin` (may be negative) to [0, size): taps [*lo, *hi) of k. */
static void clip_window(int32_t origin, int32_t k, int32_t size, int32_t *lo, int32_t *hi) {
  *lo = eb_max_i32(0, -origin);
  *hi = eb_min_i32(k, size - origin);
}

void eb_average_pool2d_f32(const eb_pool_params *p, const float *in, float *out) {
  const int32_t c_n = p->channels;
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *img = in + (size_t)b * p->in_h * p->in_w * c_n;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      int32_t ky_lo, ky_hi;
      clip_window(iy0, p->k_h, p->in_h, &ky_lo, &ky_hi);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int32_t kx_lo, kx_hi;
        clip_window(ix0, p->k_w, p->in_w, &kx_lo, &kx_hi);
        const float count = (float)((ky_hi - ky_lo) * (kx_hi - kx_lo));
        for (int32_t c = 0; c < c_n; ++c) {
          /* Row-major tap order, as the reference sums, so float rounding matches. */
          float total = 0.0f;
          for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
            const float *row = img + ((size_t)(iy0 + ky) * p->in_w + ix0) * c_n + c;
            for (int32_t kx = kx_lo; kx < kx_hi; ++kx) total += row[(size_t)kx * c_n];
          }
          *out++ = eb_clamp_f32(total / count, p->act_min, p->act_max);
        }
      }
    }
  }
}

void eb_average_pool2d_s8(const eb_pool_params *p, const int8_t *in, int8_t *out) {
  const int32_t c_n = p->channels;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *img = in + (size_t)b * p->in_h * p->in_w * c_n;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t iy0 = oy * p->stride_h - p->pad_top;
      int32_t ky_lo, ky_hi;
      clip_window(iy0, p->k_h, p->in_h, &ky_lo, &ky_hi);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t ix0 = ox * p->stride_w - p->pad_left;
        int32_t kx_lo, kx_hi;
        clip_window(ix0, p->k_w, p->in_w, &kx_lo, &kx_hi);
        const int32_t count = (ky_hi - ky_lo) * (kx_hi - kx_lo);
        for (int32_t c = 0; c < c_n; ++c) {
          int32_t acc = 0;
          for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
            const int8_t *row = img + ((size_t)(iy0 + ky) * p->in_w + ix0) * c_n + c;
            for (int32_t kx = kx_lo; kx < kx_hi; ++kx) acc += row[(size_t)kx * c_n];
          }
          /* C division truncates toward zero, so offsetting by half the divisor away from zero
           * rounds ties away from zero. */
          acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
          *out++ = (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
        }
      }
    }
  }
}
