/* MAX_POOL_2D int8, AVX2: per output position, the clipped window's taps are reduced across channels in
 * 32-byte vectors. A channel count that is not a multiple of 32 ends with one vector that overlaps the
 * previous one (recomputing a few channels with the same result) rather than reading past the pixel; under 16
 * channels, where no vector fits, the channels are done one at a time. Bit-exact. */
#include "elementwise_avx2.h"
#include "elementwise_x86.h"

int eb_max_pool2d_s8_direct_avx2_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && -128 <= p->q_min && p->q_min <= p->q_max && p->q_max <= 127;
}
size_t eb_max_pool2d_s8_direct_avx2_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_max_pool2d_s8_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                       const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_max_pool2d_s8_direct_avx2_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_max_pool2d_s8_direct_avx2_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

/* Channels c..c+31 of one output position; x is the window's first inside tap. */
static inline void max32(const int8_t *x, int32_t rows, int32_t cols, size_t rs, size_t cs, __m256i lo, __m256i hi,
                         int8_t *out) {
  __m256i m = _mm256_set1_epi8(INT8_MIN);
  for (int32_t ky = 0; ky < rows; ++ky) {
    for (int32_t kx = 0; kx < cols; ++kx) {
      m = _mm256_max_epi8(m, _mm256_loadu_si256((const __m256i *)(x + ky * rs + kx * cs)));
    }
  }
  _mm256_storeu_si256((__m256i *)out, _mm256_max_epi8(lo, _mm256_min_epi8(hi, m)));
}

/* Channels c..c+15. */
static inline void max16(const int8_t *x, int32_t rows, int32_t cols, size_t rs, size_t cs, __m256i lo, __m256i hi,
                         int8_t *out) {
  __m128i m = _mm_set1_epi8(INT8_MIN);
  for (int32_t ky = 0; ky < rows; ++ky) {
    for (int32_t kx = 0; kx < cols; ++kx)
      m = _mm_max_epi8(m, _mm_loadu_si128((const __m128i *)(x + ky * rs + kx * cs)));
  }
  m = _mm_max_epi8(_mm256_castsi256_si128(lo), _mm_min_epi8(_mm256_castsi256_si128(hi), m));
  _mm_storeu_si128((__m128i *)out, m);
}

static void max_pixel(const eb_pool_params *p, const int8_t *x, int32_t rows, int32_t cols, int8_t *out) {
  const int32_t c_n = p->channels;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  const __m256i lo = _mm256_set1_epi8((int8_t)p->q_min), hi = _mm256_set1_epi8((int8_t)p->q_max);
  if (c_n >= 32) {
    int32_t c = 0;
    for (; c + 32 <= c_n; c += 32) max32(x + c, rows, cols, rs, cs, lo, hi, out + c);
    if (c < c_n) max32(x + c_n - 32, rows, cols, rs, cs, lo, hi, out + c_n - 32);
  } else if (c_n >= 16) {
    max16(x, rows, cols, rs, cs, lo, hi, out);
    if (c_n > 16) max16(x + c_n - 16, rows, cols, rs, cs, lo, hi, out + c_n - 16);
  } else {
    for (int32_t c = 0; c < c_n; ++c) {
      int32_t m = INT8_MIN;
      for (int32_t ky = 0; ky < rows; ++ky) {
        for (int32_t kx = 0; kx < cols; ++kx) {
          const int32_t v = x[ky * rs + kx * cs + c];
          m = v > m ? v : m;
        }
      }
      out[c] = (int8_t)(m < p->q_min ? p->q_min : m > p->q_max ? p->q_max : m);
    }
  }
}

void eb_max_pool2d_s8_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                      void *scratch, int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  const int64_t rows = (int64_t)p->batch * p->out_h;
  const int32_t tasks = eb_x86_pool_tasks(p);
  const size_t img = (size_t)p->in_h * p->in_w * p->channels, orow = (size_t)p->out_w * p->channels;
  for (int64_t r = eb_x86_ew_task_start(rows, tasks, task_begin); r < eb_x86_ew_task_start(rows, tasks, task_end);
       ++r) {
    const int32_t b = (int32_t)(r / p->out_h), oy = (int32_t)(r % p->out_h);
    const int8_t *src = (const int8_t *)in + (size_t)b * img;
    int8_t *dst = (int8_t *)out + (size_t)r * orow;
    for (int32_t ox = 0; ox < p->out_w; ++ox) {
      const eb_x86_window w = eb_x86_pool_window(p, oy, ox);
      max_pixel(p, src + w.first, w.rows, w.cols, dst + (size_t)ox * p->channels);
    }
  }
}
