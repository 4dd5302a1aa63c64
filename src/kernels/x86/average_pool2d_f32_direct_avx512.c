/* AVERAGE_POOL_2D float32, AVX-512: per output position, the clipped window's taps are summed across channels
 * in 16-lane vectors (four or two at a time where the channels allow, then single vectors, the last one masked), each
 * lane in the reference's row-major tap order from 0.0f, then divided by the count of inside taps as the reference
 * divides: bit-exact. */
#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_average_pool2d_f32_direct_avx512_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && p->act_min <= p->act_max;
}
size_t eb_average_pool2d_f32_direct_avx512_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_average_pool2d_f32_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                              const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_average_pool2d_f32_direct_avx512_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_average_pool2d_f32_direct_avx512_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

/* One output position: x is the window's first inside tap, rows x cols taps. */
static void avg_pixel(const eb_pool_params *p, const float *x, int32_t rows, int32_t cols, float *out) {
  const int32_t c_n = p->channels;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  const __m512 lo = _mm512_set1_ps(p->act_min), hi = _mm512_set1_ps(p->act_max), init = _mm512_setzero_ps();
  const __m512 count = _mm512_set1_ps((float)(rows * cols));
  int32_t c = 0;
  for (; c + 64 <= c_n; c += 64) {
    __m512 s0 = init, s1 = init, s2 = init, s3 = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const float *t = x + ky * rs + kx * cs + c;
        s0 = _mm512_add_ps(s0, _mm512_loadu_ps(t));
        s1 = _mm512_add_ps(s1, _mm512_loadu_ps(t + 16));
        s2 = _mm512_add_ps(s2, _mm512_loadu_ps(t + 32));
        s3 = _mm512_add_ps(s3, _mm512_loadu_ps(t + 48));
      }
    }
    _mm512_storeu_ps(out + c, eb_avx512_clamp_ps(_mm512_div_ps(s0, count), lo, hi));
    _mm512_storeu_ps(out + c + 16, eb_avx512_clamp_ps(_mm512_div_ps(s1, count), lo, hi));
    _mm512_storeu_ps(out + c + 32, eb_avx512_clamp_ps(_mm512_div_ps(s2, count), lo, hi));
    _mm512_storeu_ps(out + c + 48, eb_avx512_clamp_ps(_mm512_div_ps(s3, count), lo, hi));
  }
  for (; c + 32 <= c_n; c += 32) {
    __m512 s0 = init, s1 = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const float *t = x + ky * rs + kx * cs + c;
        s0 = _mm512_add_ps(s0, _mm512_loadu_ps(t));
        s1 = _mm512_add_ps(s1, _mm512_loadu_ps(t + 16));
      }
    }
    _mm512_storeu_ps(out + c, eb_avx512_clamp_ps(_mm512_div_ps(s0, count), lo, hi));
    _mm512_storeu_ps(out + c + 16, eb_avx512_clamp_ps(_mm512_div_ps(s1, count), lo, hi));
  }
  for (; c < c_n; c += 16) {
    const int32_t n = c_n - c < 16 ? c_n - c : 16;
    const __mmask16 k = eb_avx512_mask16(n);
    __m512 s = init;
    if (n == 16) {
      for (int32_t ky = 0; ky < rows; ++ky) {
        for (int32_t kx = 0; kx < cols; ++kx) s = _mm512_add_ps(s, _mm512_loadu_ps(x + ky * rs + kx * cs + c));
      }
    } else {
      for (int32_t ky = 0; ky < rows; ++ky) {
        for (int32_t kx = 0; kx < cols; ++kx) s = _mm512_add_ps(s, _mm512_maskz_loadu_ps(k, x + ky * rs + kx * cs + c));
      }
    }
    _mm512_mask_storeu_ps(out + c, k, eb_avx512_clamp_ps(_mm512_div_ps(s, count), lo, hi));
  }
}

void eb_average_pool2d_f32_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                             void *scratch, int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  const int64_t rows = (int64_t)p->batch * p->out_h;
  const int32_t tasks = eb_x86_pool_tasks(p);
  const size_t img = (size_t)p->in_h * p->in_w * p->channels, orow = (size_t)p->out_w * p->channels;
  for (int64_t r = eb_x86_ew_task_start(rows, tasks, task_begin); r < eb_x86_ew_task_start(rows, tasks, task_end);
       ++r) {
    const int32_t b = (int32_t)(r / p->out_h), oy = (int32_t)(r % p->out_h);
    const float *src = (const float *)in + (size_t)b * img;
    float *dst = (float *)out + (size_t)r * orow;
    for (int32_t ox = 0; ox < p->out_w; ++ox) {
      const eb_x86_window w = eb_x86_pool_window(p, oy, ox);
      avg_pixel(p, src + w.first, w.rows, w.cols, dst + (size_t)ox * p->channels);
    }
  }
}
