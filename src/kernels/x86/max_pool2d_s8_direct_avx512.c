/* MAX_POOL_2D int8, AVX-512 (BW): per output position, the clipped window's taps are reduced across channels
 * in 64-byte vectors, the rest in masked 32-byte ones. Bit-exact. */
#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_max_pool2d_s8_direct_avx512_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && -128 <= p->q_min && p->q_min <= p->q_max && p->q_max <= 127;
}
size_t eb_max_pool2d_s8_direct_avx512_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_max_pool2d_s8_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                         const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_max_pool2d_s8_direct_avx512_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_max_pool2d_s8_direct_avx512_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

static void max_pixel(const eb_pool_params *p, const int8_t *x, int32_t rows, int32_t cols, int8_t *out) {
  const int32_t c_n = p->channels;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  const __m512i lo = _mm512_set1_epi8((int8_t)p->q_min), hi = _mm512_set1_epi8((int8_t)p->q_max);
  int32_t c = 0;
  for (; c + 64 <= c_n; c += 64) {
    __m512i m = _mm512_set1_epi8(INT8_MIN);
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) m = _mm512_max_epi8(m, _mm512_loadu_si512(x + ky * rs + kx * cs + c));
    }
    _mm512_storeu_si512(out + c, _mm512_max_epi8(lo, _mm512_min_epi8(hi, m)));
  }
  /* The rest (under 64) in one 32-byte vector or two, the last masked: 256-bit operations are cheaper than a
   * half-empty 512-bit one. */
  for (; c < c_n; c += 32) {
    const __mmask32 k = eb_avx512_mask32(c_n - c);
    __m256i m = _mm256_set1_epi8(INT8_MIN);
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx)
        m = _mm256_max_epi8(m, _mm256_maskz_loadu_epi8(k, x + ky * rs + kx * cs + c));
    }
    m = _mm256_max_epi8(_mm512_castsi512_si256(lo), _mm256_min_epi8(_mm512_castsi512_si256(hi), m));
    _mm256_mask_storeu_epi8(out + c, k, m);
  }
}

void eb_max_pool2d_s8_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
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
