/* AVERAGE_POOL_2D float32, AVX2: per output position, the clipped window's taps are summed across channels
 * in 8-lane vectors (four at a time where the channels allow, a masked vector for the rest), each lane in the
 * reference's row-major tap order from 0.0f, then divided by the count of inside taps as the reference divides:
 * bit-exact. */
#include "elementwise_avx2.h"
#include "elementwise_x86.h"

int eb_average_pool2d_f32_direct_avx2_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && p->act_min <= p->act_max;
}
size_t eb_average_pool2d_f32_direct_avx2_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_average_pool2d_f32_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                            const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_average_pool2d_f32_direct_avx2_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_average_pool2d_f32_direct_avx2_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

/* One output position: x is the window's first inside tap, rows x cols taps. */
static void avg_pixel(const eb_pool_params *p, const float *x, int32_t rows, int32_t cols, float *out) {
  const int32_t c_n = p->channels;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  const __m256 lo = _mm256_set1_ps(p->act_min), hi = _mm256_set1_ps(p->act_max), init = _mm256_setzero_ps();
  const __m256 count = _mm256_set1_ps((float)(rows * cols));
  int32_t c = 0;
  for (; c + 32 <= c_n; c += 32) {
    __m256 s0 = init, s1 = init, s2 = init, s3 = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const float *t = x + ky * rs + kx * cs + c;
        s0 = _mm256_add_ps(s0, _mm256_loadu_ps(t));
        s1 = _mm256_add_ps(s1, _mm256_loadu_ps(t + 8));
        s2 = _mm256_add_ps(s2, _mm256_loadu_ps(t + 16));
        s3 = _mm256_add_ps(s3, _mm256_loadu_ps(t + 24));
      }
    }
    _mm256_storeu_ps(out + c, eb_avx2_clamp_ps(_mm256_div_ps(s0, count), lo, hi));
    _mm256_storeu_ps(out + c + 8, eb_avx2_clamp_ps(_mm256_div_ps(s1, count), lo, hi));
    _mm256_storeu_ps(out + c + 16, eb_avx2_clamp_ps(_mm256_div_ps(s2, count), lo, hi));
    _mm256_storeu_ps(out + c + 24, eb_avx2_clamp_ps(_mm256_div_ps(s3, count), lo, hi));
  }
  for (; c + 8 <= c_n; c += 8) {
    __m256 s = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) s = _mm256_add_ps(s, _mm256_loadu_ps(x + ky * rs + kx * cs + c));
    }
    _mm256_storeu_ps(out + c, eb_avx2_clamp_ps(_mm256_div_ps(s, count), lo, hi));
  }
  if (c < c_n) {
    const __m256i k = eb_avx2_head_mask(c_n - c);
    __m256 s = init;
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) s = _mm256_add_ps(s, _mm256_maskload_ps(x + ky * rs + kx * cs + c, k));
    }
    _mm256_maskstore_ps(out + c, k, eb_avx2_clamp_ps(_mm256_div_ps(s, count), lo, hi));
  }
}

void eb_average_pool2d_f32_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
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
