/* int8 requantisation of eight int32 sums at a time with AVX2, bit-exact with eb_requantize_s8 (quant.h) for
 * every (multiplier, shift) the reference accepts.
 *
 * A layer takes one of two paths, chosen once at pack time (eb_requantize_all_fast over its channels):
 *  - fast (every channel has shift <= -2 and multiplier > 2^30): quant.h's eb_requantize_fast, one 64-bit
 *    product t = x m plus 2^30 + 2^(30+r) - [t < 0] 2^31, whose high word shifted right by r - 1 is the
 *    result (t < 0 exactly when x < 0 because m > 0);
 *  - general: the left shift, the saturating rounding doubling high multiply ((a m + 2^30) >> 31; the one
 *    overflow, a == m == INT32_MIN, yields 0x80000000 there and is flipped to INT32_MAX by xor with the
 *    equality mask), then the rounding divide by 2^rs (remainder against mask/2 + [high < 0]).
 * vpmuldq multiplies the even lanes only, so each path runs on the even lanes and on the odd lanes moved
 * down, and blends the two high words back together.
 *
 * Channel constants live in eb_rq8 (pack time, in the packed blob); eb_rq8_load turns them into registers
 * once per tile. Needs AVX2; include only from _avx2 / _avx512 / _avx512vnni files. */
#ifndef EB_REQUANT_AVX2_H
#define EB_REQUANT_AVX2_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "quant.h"

/* Eight channels' requantisation constants, 32-byte aligned inside the blob.
 *   fast:    mult, a = r - 1, b = 64-bit 2^30 + 2^(30+r) of lanes 0,2,4,6, c = the same of lanes 1,3,5,7, d unused
 *   general: mult, a = left shift, b = right shift rs, c = 2^rs - 1, d = (2^rs - 1) >> 1 */
typedef struct {
  int32_t mult[8], a[8], b[8], c[8], d[8];
} eb_rq8;

typedef struct {
  __m256i m, m_odd, a, b, c, d;
} eb_rq8v;

/* Fills k for channels mult[i * step], shift[i * step], i < n (n <= 8; step 0 repeats one pair); the lanes
 * past n get harmless constants (their results are never stored). */
static inline void eb_rq8_fill(eb_rq8 *k, const int32_t *mult, const int32_t *shift, int32_t step, int32_t n,
                               int fast) {
  memset(k, 0, sizeof(*k));
  int64_t lanes64[8] = {0};
  for (int32_t i = 0; i < 8; ++i) {
    const int32_t m = i < n ? mult[i * step] : 0;
    const int32_t s = i < n ? shift[i * step] : (fast ? -2 : 0);
    k->mult[i] = m;
    if (fast) {
      const int32_t r = -s;
      k->a[i] = r - 1;
      lanes64[i] = (1LL << 30) + (1LL << (30 + r));
    } else {
      const int32_t rs = s > 0 ? 0 : -s;
      k->a[i] = s > 0 ? s : 0;
      k->b[i] = rs;
      k->c[i] = (int32_t)((1u << rs) - 1u);
      k->d[i] = k->c[i] >> 1;
    }
  }
  if (fast) {
    const int64_t even[4] = {lanes64[0], lanes64[2], lanes64[4], lanes64[6]};
    const int64_t odd[4] = {lanes64[1], lanes64[3], lanes64[5], lanes64[7]};
    memcpy(k->b, even, sizeof(even));
    memcpy(k->c, odd, sizeof(odd));
  }
}

static inline eb_rq8v eb_rq8_load(const eb_rq8 *k) {
  eb_rq8v v;
  v.m = _mm256_loadu_si256((const __m256i *)k->mult);
  v.m_odd = _mm256_srli_epi64(v.m, 32);
  v.a = _mm256_loadu_si256((const __m256i *)k->a);
  v.b = _mm256_loadu_si256((const __m256i *)k->b);
  v.c = _mm256_loadu_si256((const __m256i *)k->c);
  v.d = _mm256_loadu_si256((const __m256i *)k->d);
  return v;
}

/* x m + 2^30 + 2^(30+r) - [x m < 0] 2^31 in 64 bits, for the even lanes of x and m (odd ones ignored). */
static inline __m256i eb_rq8_fast_half(__m256i x, __m256i m, __m256i c) {
  const __m256i t = _mm256_mul_epi32(x, m);
  const __m256i neg = _mm256_and_si256(_mm256_cmpgt_epi64(_mm256_setzero_si256(), t), _mm256_set1_epi64x(-(1LL << 31)));
  return _mm256_add_epi64(_mm256_add_epi64(t, c), neg);
}

/* eb_requantize_usual for eight sums (every lane's channel must take the fast path). */
static inline __m256i eb_rq8_fast(__m256i x, const eb_rq8v *k) {
  const __m256i even = eb_rq8_fast_half(x, k->m, k->b);
  const __m256i odd = eb_rq8_fast_half(_mm256_srli_epi64(x, 32), k->m_odd, k->c);
  const __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
  return _mm256_srav_epi32(high, k->a);
}

/* eb_requantize_general for eight sums, any (multiplier, shift). */
static inline __m256i eb_rq8_general(__m256i x, const eb_rq8v *k) {
  const __m256i nudge = _mm256_set1_epi64x(1LL << 30);
  const __m256i int_min = _mm256_set1_epi32(INT32_MIN);
  const __m256i a = _mm256_sllv_epi32(x, k->a);
  const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(a, k->m), nudge);
  const __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(a, 32), k->m_odd), nudge);
  __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(even, 31), _mm256_slli_epi64(odd, 1), 0xAA);
  high = _mm256_xor_si256(high, _mm256_and_si256(_mm256_cmpeq_epi32(a, int_min), _mm256_cmpeq_epi32(k->m, int_min)));
  const __m256i rem = _mm256_and_si256(high, k->c);
  const __m256i threshold = _mm256_sub_epi32(k->d, _mm256_srai_epi32(high, 31));
  return _mm256_sub_epi32(_mm256_srav_epi32(high, k->b), _mm256_cmpgt_epi32(rem, threshold));
}

/* The requantised sums plus the output zero point (wrapping), clamped to [lo, hi] (lo <= hi). */
static inline __m256i eb_rq8_finish(__m256i r, __m256i zp, __m256i lo, __m256i hi) {
  return _mm256_min_epi32(_mm256_max_epi32(_mm256_add_epi32(r, zp), lo), hi);
}

/* Requantises with the path chosen at pack time; `fast` is a constant at each call site. */
static inline __m256i eb_rq8_apply(__m256i x, const eb_rq8v *k, int fast, __m256i zp, __m256i lo, __m256i hi) {
  return eb_rq8_finish(fast ? eb_rq8_fast(x, k) : eb_rq8_general(x, k), zp, lo, hi);
}

/* Eight int32 lanes already in [-128, 127] as eight bytes in the low half of an xmm register. */
static inline __m128i eb_rq8_narrow(__m256i v) {
  const __m256i w = _mm256_packs_epi16(_mm256_packs_epi32(v, v), _mm256_setzero_si256());
  return _mm_unpacklo_epi32(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
}

/* Stores the first n (0..8) of eight int32 lanes already in [-128, 127] as int8. */
static inline void eb_rq8_store(int8_t *dst, __m256i v, int32_t n) {
  const __m128i b = eb_rq8_narrow(v);
  if (n == 8) {
    _mm_storel_epi64((__m128i *)dst, b);
  } else {
    int8_t tmp[16];
    _mm_storeu_si128((__m128i *)tmp, b);
    memcpy(dst, tmp, (size_t)n);
  }
}

/* Thirty-two int32 lanes (four registers, in order) already in [-128, 127] as 32 int8 in order. */
static inline __m256i eb_rq8_narrow4(__m256i v0, __m256i v1, __m256i v2, __m256i v3) {
  const __m256i w = _mm256_packs_epi16(_mm256_packs_epi32(v0, v1), _mm256_packs_epi32(v2, v3));
  /* The packs interleave 128-bit halves: dwords hold v0lo v1lo v2lo v3lo | v0hi v1hi v2hi v3hi. */
  return _mm256_permutevar8x32_epi32(w, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

#endif
