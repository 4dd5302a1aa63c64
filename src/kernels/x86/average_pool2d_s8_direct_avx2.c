/* AVERAGE_POOL_2D int8, AVX2, bit-exact with the reference (TFLM's rounding of the mean).
 *
 * Per output position, 16 channels at a time: the window's taps are summed exactly (in 16-bit lanes up to 256
 * taps, where 256 * -128 still fits, in 32-bit lanes beyond), and each sum is divided as the reference does,
 * (|acc| + count / 2) / count truncated, with acc's sign. That division runs in float and is exact: for
 * integers n < 2^24 and count, rounding n / count never carries it across an integer (a non-integer quotient
 * is at least 1 / count below the next integer, the rounding error below n * 2^-24 / count < 1 / count, and
 * an integer quotient is exact), so truncating it gives the integer quotient; applies() keeps windows to 65,536
 * taps, so n <= 128 * 65,536 + 32,768. A channel count that is not a multiple of 16 ends with one block that
 * overlaps the previous one; under 16 channels they are done one at a time. */
#include "elementwise_avx2.h"
#include "elementwise_x86.h"

int eb_average_pool2d_s8_direct_avx2_applies(const eb_pool_params *p) {
  return eb_x86_pool_params_ok(p) && (int64_t)p->k_h * p->k_w <= EB_X86_AVG_S8_MAX_TAPS && -128 <= p->q_min &&
         p->q_min <= p->q_max && p->q_max <= 127;
}
size_t eb_average_pool2d_s8_direct_avx2_packed_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}
void eb_average_pool2d_s8_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                           const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_average_pool2d_s8_direct_avx2_tasks(const eb_pool_params *p) { return eb_x86_pool_tasks(p); }
size_t eb_average_pool2d_s8_direct_avx2_scratch_bytes(const eb_pool_params *p) {
  (void)p;
  return 0;
}

/* The constants of one output position's division and clamp. */
typedef struct {
  __m256 count;
  __m256i half, lo, hi;
} avg_consts;

/* acc / count rounded half away from zero, clamped. */
static inline __m256i avg_div(__m256i acc, const avg_consts *k) {
  const __m256i n = _mm256_add_epi32(_mm256_abs_epi32(acc), k->half);
  const __m256i q = _mm256_cvttps_epi32(_mm256_div_ps(_mm256_cvtepi32_ps(n), k->count));
  return _mm256_max_epi32(k->lo, _mm256_min_epi32(k->hi, _mm256_sign_epi32(q, acc)));
}

/* Channels c..c+15 of one output position; x is the window's first inside tap. */
static inline void avg16(const int8_t *x, int32_t rows, int32_t cols, size_t rs, size_t cs, int lanes16,
                         const avg_consts *k, int8_t *out) {
  __m256i a0 = _mm256_setzero_si256(), a1 = _mm256_setzero_si256();
  if (lanes16) {
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(x + ky * rs + kx * cs));
        a0 = _mm256_add_epi16(a0, _mm256_cvtepi8_epi16(v));
      }
    }
    a1 = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(a0, 1));
    a0 = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(a0));
  } else {
    for (int32_t ky = 0; ky < rows; ++ky) {
      for (int32_t kx = 0; kx < cols; ++kx) {
        const int8_t *t = x + ky * rs + kx * cs;
        a0 = _mm256_add_epi32(a0, _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)t)));
        a1 = _mm256_add_epi32(a1, _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(t + 8))));
      }
    }
  }
  /* packs works within 128-bit halves: [0-3 8-11 | 4-7 12-15] until the permute puts the halves in order. */
  const __m256i w = _mm256_permute4x64_epi64(_mm256_packs_epi32(avg_div(a0, k), avg_div(a1, k)), 0xD8);
  _mm_storeu_si128((__m128i *)out, _mm_packs_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1)));
}

/* One channel, as the reference does it. */
static int8_t avg1(const int8_t *x, int32_t rows, int32_t cols, size_t rs, size_t cs, const eb_pool_params *p) {
  const int32_t count = rows * cols;
  int32_t acc = 0;
  for (int32_t ky = 0; ky < rows; ++ky) {
    for (int32_t kx = 0; kx < cols; ++kx) acc += x[ky * rs + kx * cs];
  }
  acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
  return (int8_t)(acc < p->q_min ? p->q_min : acc > p->q_max ? p->q_max : acc);
}

static void avg_pixel(const eb_pool_params *p, const int8_t *x, int32_t rows, int32_t cols, int8_t *out) {
  const int32_t c_n = p->channels, count = rows * cols;
  const size_t cs = (size_t)c_n, rs = (size_t)p->in_w * cs;
  if (c_n < 16) {
    for (int32_t c = 0; c < c_n; ++c) out[c] = avg1(x + c, rows, cols, rs, cs, p);
    return;
  }
  avg_consts k;
  k.count = _mm256_set1_ps((float)count);
  k.half = _mm256_set1_epi32(count / 2);
  k.lo = _mm256_set1_epi32(p->q_min);
  k.hi = _mm256_set1_epi32(p->q_max);
  const int lanes16 = count <= EB_X86_AVG_S8_LANE16_TAPS;
  int32_t c = 0;
  for (; c + 16 <= c_n; c += 16) avg16(x + c, rows, cols, rs, cs, lanes16, &k, out + c);
  if (c < c_n) avg16(x + c_n - 16, rows, cols, rs, cs, lanes16, &k, out + c_n - 16);
}

void eb_average_pool2d_s8_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
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
