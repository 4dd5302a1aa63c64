/* MAX_POOL_2D float32, AVX-512: per output position, the clipped window's taps are reduced across channels
 * in 16-lane vectors (four or two at a time where the channels allow, then single vectors, the last one masked). max(v,
 * m) is the reference's `m < v ? v : m` lane for lane, so NaN taps are ignored and the result is bit-exact. */
#include <float.h>

#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_max_pool2d_f32_direct_avx512_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && p->act_min <= p->act_max;
}
size_t eb_max_pool2d_f32_direct_avx512_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_max_pool2d_f32_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                          const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_max_pool2d_f32_direct_avx512_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_max_pool2d_f32_direct_avx512_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

/* One output position: x is the window's first inside tap, rows x cols taps. */
static void max_pixel(const eb_pool_params *p, const float *x, int32_t rows, int32_t cols, float *out) {
  const int32_t c_n = p->channels;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  const __m512 lo = _mm512_set1_ps(p->act_min), hi = _mm512_set1_ps(p->act_max), init = _mm512_set1_ps(-FLT_MAX);
  int32_t c = 0;
  for (; c + 64 <= c_n; c += 64) {
    __m512 m0 = init, m1 = init, m2 = init, m3 = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const float *t = x + ky * rs + kx * cs + c;
        m0 = _mm512_max_ps(_mm512_loadu_ps(t), m0);
        m1 = _mm512_max_ps(_mm512_loadu_ps(t + 16), m1);
        m2 = _mm512_max_ps(_mm512_loadu_ps(t + 32), m2);
        m3 = _mm512_max_ps(_mm512_loadu_ps(t + 48), m3);
      }
    }
    _mm512_storeu_ps(out + c, eb_avx512_clamp_ps(m0, lo, hi));
    _mm512_storeu_ps(out + c + 16, eb_avx512_clamp_ps(m1, lo, hi));
    _mm512_storeu_ps(out + c + 32, eb_avx512_clamp_ps(m2, lo, hi));
    _mm512_storeu_ps(out + c + 48, eb_avx512_clamp_ps(m3, lo, hi));
  }
  for (; c + 32 <= c_n; c += 32) {
    __m512 m0 = init, m1 = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const float *t = x + ky * rs + kx * cs + c;
        m0 = _mm512_max_ps(_mm512_loadu_ps(t), m0);
        m1 = _mm512_max_ps(_mm512_loadu_ps(t + 16), m1);
      }
    }
    _mm512_storeu_ps(out + c, eb_avx512_clamp_ps(m0, lo, hi));
    _mm512_storeu_ps(out + c + 16, eb_avx512_clamp_ps(m1, lo, hi));
  }
  for (; c < c_n; c += 16) {
    const int32_t n = c_n - c < 16 ? c_n - c : 16;
    const __mmask16 k = eb_avx512_mask16(n);
    __m512 m = init;
    if (n == 16) {
      for (int32_t ky = 0; ky < rows; ++ky) {
        for (int32_t kx = 0; kx < cols; ++kx) m = _mm512_max_ps(_mm512_loadu_ps(x + ky * rs + kx * cs + c), m);
      }
    } else {
      for (int32_t ky = 0; ky < rows; ++ky) {
        for (int32_t kx = 0; kx < cols; ++kx) m = _mm512_max_ps(_mm512_maskz_loadu_ps(k, x + ky * rs + kx * cs + c), m);
      }
    }
    _mm512_mask_storeu_ps(out + c, k, eb_avx512_clamp_ps(m, lo, hi));
  }
}

void eb_max_pool2d_f32_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
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
      max_pixel(p, src + w.first, w.rows, w.cols, dst + (size_t)ox * p->channels);
    }
  }
}
