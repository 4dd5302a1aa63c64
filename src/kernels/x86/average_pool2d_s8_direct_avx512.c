/* AVERAGE_POOL_2D int8, AVX-512 (BW/DQ), bit-exact with the reference (TFLM's rounding of the mean).
 *
 * Per output position, 32 channels at a time (the last block masked): the window's taps are summed exactly
 * (in 16-bit lanes up to 256 taps, in 32-bit lanes beyond) and each sum divided as the reference does,
 * (|acc| + count / 2) / count truncated, with acc's sign; the division runs in float, exact for the windows
 * applies() takes (see average_pool2d_s8_direct_avx2.c for why). */
#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_average_pool2d_s8_direct_avx512_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && (int64_t)p->k_h * p->k_w <= EB_X86_AVG_S8_MAX_TAPS && -128 <= p->q_min &&
         p->q_min <= p->q_max && p->q_max <= 127;
}
size_t eb_average_pool2d_s8_direct_avx512_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_average_pool2d_s8_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                             const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_average_pool2d_s8_direct_avx512_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_average_pool2d_s8_direct_avx512_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

/* The constants of one output position's division and clamp. */
typedef struct {
  __m512 count;
  __m512i half, lo, hi;
} avg_consts;

/* acc / count rounded half away from zero, clamped, narrowed to 16 int8. */
static inline __m128i avg_div(__m512i acc, const avg_consts *k) {
  const __m512i n = _mm512_add_epi32(_mm512_abs_epi32(acc), k->half);
  __m512i q = _mm512_cvttps_epi32(_mm512_div_ps(_mm512_cvtepi32_ps(n), k->count));
  q = _mm512_mask_sub_epi32(q, _mm512_movepi32_mask(acc), _mm512_setzero_si512(), q);
  return _mm512_cvtepi32_epi8(_mm512_max_epi32(k->lo, _mm512_min_epi32(k->hi, q)));
}

/* Channels [0, 32) under mask m of one output position; x is the window's first inside tap of channel c. */
static inline void avg32(const int8_t *x, int32_t rows, int32_t cols, size_t rs, size_t cs, int lanes16, __mmask32 m,
                         const avg_consts *k, int8_t *out) {
  __m512i a0 = _mm512_setzero_si512(), a1 = _mm512_setzero_si512();
  if (lanes16) {
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        a0 = _mm512_add_epi16(a0, _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(m, x + ky * rs + kx * cs)));
      }
    }
    a1 = _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(a0, 1));
    a0 = _mm512_cvtepi16_epi32(_mm512_castsi512_si256(a0));
  } else {
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const __m256i v = _mm256_maskz_loadu_epi8(m, x + ky * rs + kx * cs);
        a0 = _mm512_add_epi32(a0, _mm512_cvtepi8_epi32(_mm256_castsi256_si128(v)));
        a1 = _mm512_add_epi32(a1, _mm512_cvtepi8_epi32(_mm256_extracti128_si256(v, 1)));
      }
    }
  }
  const __m256i r = _mm256_inserti128_si256(_mm256_castsi128_si256(avg_div(a0, k)), avg_div(a1, k), 1);
  _mm256_mask_storeu_epi8(out, m, r);
}

static void avg_pixel(const eb_pool_params *p, const int8_t *x, int32_t rows, int32_t cols, int8_t *out) {
  const int32_t c_n = p->channels, count = rows * cols;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  avg_consts k;
  k.count = _mm512_set1_ps((float)count);
  k.half = _mm512_set1_epi32(count / 2);
  k.lo = _mm512_set1_epi32(p->q_min);
  k.hi = _mm512_set1_epi32(p->q_max);
  const int lanes16 = count <= EB_X86_AVG_S8_LANE16_TAPS;
  for (int32_t c = 0; c < c_n; c += 32) {
    avg32(x + c, rows, cols, rs, cs, lanes16, eb_avx512_mask32(c_n - c), &k, out + c);
  }
}

void eb_average_pool2d_s8_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
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
      avg_pixel(p, src + w.first, w.rows, w.cols, dst + (size_t)ox * p->channels);
    }
  }
}
