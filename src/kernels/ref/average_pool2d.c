/* AVERAGE_POOL_2D over NHWC, TFLM reference semantics.
 *
 * For each output position the window is clipped to the image, so padding taps never enter the sum and
 * the divisor is the number of taps actually inside. The int8 sum is of raw values (input and output
 * share scale and zero point, so the zero point passes through the mean unchanged), and the division
 * rounds half away from zero. Prepare guarantees every window holds at least one tap. The int8 sums run four
 * channels at a time in the halfwords of two words (SXTAB16; exact portable C off the Cortex-M).
 * float32 taps are addressed by index from the image start: a window on the padded border starts above or
 * left of the image, and even an unread pointer there would lie before the buffer (undefined behaviour). */
#include "average_pool2d.h"

#include "arm_dsp.h"

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
            const size_t row = ((size_t)(iy0 + ky) * p->in_w + ix0) * c_n + c;
            for (int32_t kx = kx_lo; kx < kx_hi; ++kx) total += img[row + (size_t)kx * c_n];
          }
          *out++ = eb_clamp_f32(total / count, p->act_min, p->act_max);
        }
      }
    }
  }
}

/* The int8 mean of acc over count taps, rounded half away from zero (C division truncates toward zero, so
 * offsetting by half the divisor away from zero does it), clamped. */
static int8_t eb_avg_s8(int32_t acc, int32_t count, const eb_pool_params *p) {
  acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
  return (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
}

/* Window taps up to which four channels' sums fit the halfwords of two words (255 * 128 < 2^15). */
enum { EB_AVG_MAX_LANE_TAPS = 255 };

/* Channels c..c+3 of one output over the window rows [ky_lo, ky_hi) and columns [kx_lo, kx_hi) from `first`
 * (the window's top-left tap), as two SXTAB16 per tap: the even channels' sums in the halves of one word,
 * the odd ones' in another. */
static void eb_avg_s8_four(const eb_pool_params *p, const int8_t *first, int32_t rows, int32_t cols, int32_t count,
                           int8_t *out) {
  const int32_t c_n = p->channels;
  int32_t even = 0, odd = 0;
  for (int32_t ky = 0; ky < rows; ++ky, first += (size_t)p->in_w * c_n) {
    const int8_t *x = first;
    for (int32_t kx = 0; kx < cols; ++kx, x += c_n) {
      const int32_t v = eb_load4(x);
      even = eb_sxtab16(even, v);
      odd = eb_sxtab16_ror8(odd, v);
    }
  }
  out[0] = eb_avg_s8((int16_t)(uint16_t)((uint32_t)even & 0xFFFFu), count, p);
  out[1] = eb_avg_s8((int16_t)(uint16_t)((uint32_t)odd & 0xFFFFu), count, p);
  out[2] = eb_avg_s8((int16_t)(uint16_t)((uint32_t)even >> 16), count, p);
  out[3] = eb_avg_s8((int16_t)(uint16_t)((uint32_t)odd >> 16), count, p);
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
        const int8_t *first = img + ((size_t)(iy0 + ky_lo) * p->in_w + ix0 + kx_lo) * c_n;
        int32_t c = 0;
        if (count <= EB_AVG_MAX_LANE_TAPS) {
          /* Four channels at a time in 16-bit lanes (exact: the sums cannot overflow them). */
          for (; c + 4 <= c_n; c += 4, out += 4) {
            eb_avg_s8_four(p, first + c, ky_hi - ky_lo, kx_hi - kx_lo, count, out);
          }
        }
        for (; c < c_n; ++c) {
          int32_t acc = 0;
          /* Each row from its first tap inside the image: a pointer before the buffer would be undefined. */
          for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
            const int8_t *row = img + ((size_t)(iy0 + ky) * p->in_w + (size_t)(ix0 + kx_lo)) * c_n + c;
            for (int32_t kx = 0; kx < kx_hi - kx_lo; ++kx) acc += row[(size_t)kx * c_n];
          }
          *out++ = eb_avg_s8(acc, count, p);
        }
      }
    }
  }
}
