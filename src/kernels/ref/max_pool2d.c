/* MAX_POOL_2D over NHWC, TFLM reference semantics: the maximum of the taps inside the image (padding
 * taps are skipped, never treated as zero), then the activation clamp.
 * Taps are addressed by index from the image start: a window on the padded border starts above or left of
 * the image, and even an unread pointer there would lie before the buffer (undefined behaviour). */
#include "max_pool2d.h"

#include <float.h>

static void clip_window(int32_t origin, int32_t k, int32_t size, int32_t *lo, int32_t *hi) {
  *lo = eb_max_i32(0, -origin);
  *hi = eb_min_i32(k, size - origin);
}

void eb_max_pool2d_f32(const eb_pool_params *p, const float *in, float *out) {
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
        for (int32_t c = 0; c < c_n; ++c) {
          float m = -FLT_MAX;
          for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
            const size_t row = ((size_t)(iy0 + ky) * p->in_w + ix0) * c_n + c;
            for (int32_t kx = kx_lo; kx < kx_hi; ++kx) {
              const float v = img[row + (size_t)kx * c_n];
              /* Written as std::max(m, v) is, so a NaN tap is ignored exactly as in the reference. */
              m = m < v ? v : m;
            }
          }
          *out++ = eb_clamp_f32(m, p->act_min, p->act_max);
        }
      }
    }
  }
}

void eb_max_pool2d_s8(const eb_pool_params *p, const int8_t *in, int8_t *out) {
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
        for (int32_t c = 0; c < c_n; ++c) {
          int32_t m = INT8_MIN;
          for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
            const size_t row = ((size_t)(iy0 + ky) * p->in_w + ix0) * c_n + c;
            for (int32_t kx = kx_lo; kx < kx_hi; ++kx) m = eb_max_i32(m, img[row + (size_t)kx * c_n]);
          }
          *out++ = (int8_t)eb_clamp_i32(m, p->q_min, p->q_max);
        }
      }
    }
  }
}
