/* int8 requantisation of sixteen int32 sums at a time with AVX-512 (F/BW/VL/DQ), bit-exact with
 * eb_requantize_s8 (quant.h) for every (multiplier, shift) the reference accepts. The same two paths as
 * requant_avx2.h (see there for why they are exact), with mask registers for the sign nudge, the blend and
 * the saturation, and masked stores for a partial vector. Include only from _avx512 / _avx512vnni files. */
#ifndef EB_REQUANT_AVX512_H
#define EB_REQUANT_AVX512_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "quant.h"

/* Sixteen channels' constants, 64-byte aligned inside the blob; fields as eb_rq8 (requant_avx2.h):
 *   fast:    mult, a = r - 1, b = 64-bit 2^30 + 2^(30+r) of the even lanes, c = the same of the odd lanes
 *   general: mult, a = left shift, b = right shift rs, c = 2^rs - 1, d = (2^rs - 1) >> 1 */
typedef struct {
  int32_t mult[16], a[16], b[16], c[16], d[16];
} eb_rq16;

typedef struct {
  __m512i m, m_odd, a, b, c, d;
} eb_rq16v;

/* Fills k for channels mult[i * step], shift[i * step], i < n (n <= 16; step 0 repeats one pair). */
static inline void eb_rq16_fill(eb_rq16 *k, const int32_t *mult, const int32_t *shift, int32_t step, int32_t n,
                                int fast) {
  memset(k, 0, sizeof(*k));
  int64_t lanes64[16] = {0};
  for (int32_t i = 0; i < 16; ++i) {
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
    int64_t even[8], odd[8];
    for (int32_t i = 0; i < 8; ++i) {
      even[i] = lanes64[2 * i];
      odd[i] = lanes64[2 * i + 1];
    }
    memcpy(k->b, even, sizeof(even));
    memcpy(k->c, odd, sizeof(odd));
  }
}

static inline eb_rq16v eb_rq16_load(const eb_rq16 *k) {
  eb_rq16v v;
  v.m = _mm512_loadu_si512(k->mult);
  v.m_odd = _mm512_srli_epi64(v.m, 32);
  v.a = _mm512_loadu_si512(k->a);
  v.b = _mm512_loadu_si512(k->b);
  v.c = _mm512_loadu_si512(k->c);
  v.d = _mm512_loadu_si512(k->d);
  return v;
}

static inline __m512i eb_rq16_fast_half(__m512i x, __m512i m, __m512i c) {
  const __m512i t = _mm512_mul_epi32(x, m);
  const __m512i u = _mm512_add_epi64(t, c);
  return _mm512_mask_add_epi64(u, _mm512_movepi64_mask(t), u, _mm512_set1_epi64(-(1LL << 31)));
}

/* eb_requantize_usual for sixteen sums (every lane's channel must take the fast path). */
static inline __m512i eb_rq16_fast(__m512i x, const eb_rq16v *k) {
  const __m512i even = eb_rq16_fast_half(x, k->m, k->b);
  const __m512i odd = eb_rq16_fast_half(_mm512_srli_epi64(x, 32), k->m_odd, k->c);
  const __m512i high = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 32), odd);
  return _mm512_srav_epi32(high, k->a);
}

/* eb_requantize_general for sixteen sums, any (multiplier, shift). */
static inline __m512i eb_rq16_general(__m512i x, const eb_rq16v *k) {
  const __m512i nudge = _mm512_set1_epi64(1LL << 30);
  const __m512i int_min = _mm512_set1_epi32(INT32_MIN);
  const __m512i a = _mm512_sllv_epi32(x, k->a);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(a, k->m), nudge);
  const __m512i odd = _mm512_add_epi64(_mm512_mul_epi32(_mm512_srli_epi64(a, 32), k->m_odd), nudge);
  __m512i high = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31), _mm512_slli_epi64(odd, 1));
  const __mmask16 sat = _mm512_cmpeq_epi32_mask(a, int_min) & _mm512_cmpeq_epi32_mask(k->m, int_min);
  high = _mm512_mask_mov_epi32(high, sat, _mm512_set1_epi32(INT32_MAX));
  const __m512i rem = _mm512_and_si512(high, k->c);
  const __m512i threshold = _mm512_sub_epi32(k->d, _mm512_srai_epi32(high, 31));
  const __m512i q = _mm512_srav_epi32(high, k->b);
  return _mm512_mask_add_epi32(q, _mm512_cmpgt_epi32_mask(rem, threshold), q, _mm512_set1_epi32(1));
}

/* The requantised sums plus the output zero point (wrapping), clamped to [lo, hi] (lo <= hi). */
static inline __m512i eb_rq16_finish(__m512i r, __m512i zp, __m512i lo, __m512i hi) {
  return _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(r, zp), lo), hi);
}

/* Requantises with the path chosen at pack time; `fast` is a constant at each call site. */
static inline __m512i eb_rq16_apply(__m512i x, const eb_rq16v *k, int fast, __m512i zp, __m512i lo, __m512i hi) {
  return eb_rq16_finish(fast ? eb_rq16_fast(x, k) : eb_rq16_general(x, k), zp, lo, hi);
}

/* Stores the first n (0..16) of sixteen int32 lanes already in [-128, 127] as int8. */
static inline void eb_rq16_store(int8_t *dst, __m512i v, int32_t n) {
  if (n == 16) {
    _mm_storeu_si128((__m128i *)dst, _mm512_cvtepi32_epi8(v));
  } else {
    _mm512_mask_cvtepi32_storeu_epi8(dst, (__mmask16)((1u << n) - 1u), v);
  }
}

/* Sixty-four int32 lanes (four registers, in order) already in [-128, 127] as 64 int8 in order. */
static inline __m512i eb_rq16_narrow4(__m512i v0, __m512i v1, __m512i v2, __m512i v3) {
  const __m512i w = _mm512_packs_epi16(_mm512_packs_epi32(v0, v1), _mm512_packs_epi32(v2, v3));
  /* Per 128-bit block j the packs leave dwords v0[j] v1[j] v2[j] v3[j]; gather each register's four. */
  return _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), w);
}

/* eb_requantize_usual for sixteen channels with every constant in memory (the compiler folds the loads into the
 * multiplies and adds, so a kernel holding many channel blocks keeps no constant registers), the odd lanes'
 * multipliers stored shifted, and optionally the output zero point folded in: adding zp 2^(31+r) to the 64-bit
 * constant adds zp 2^(r-1) to the high word H, so H >> (r-1) is the requantised sum plus zp exactly, as long as
 * H stays within int32: |x m| < 2^62 gives |H| < 2^30 + 2^(r-2) + 2^(r+6) < 2^31 for r <= 23. The fold is
 * chosen at pack time when every channel has r <= 23 (eb_rq16f_can_fold). */
typedef struct {
  int32_t mult[16];
  int64_t m_odd[8];
  int32_t a[16];
  int64_t b[8], c[8];
} eb_rq16f;

static inline int eb_rq16f_can_fold(const int32_t *shift, int32_t n) {
  int ok = 1;
  for (int32_t i = 0; i < n; ++i) ok &= -shift[i] <= 23;
  return ok;
}

/* Lane i takes channel (mult[i], shift[i]) (a fast-path pair); zp is 0 when not folded. */
static inline void eb_rq16f_fill(eb_rq16f *k, const int32_t *mult, const int32_t *shift, int32_t zp) {
  memset(k, 0, sizeof(*k));
  for (int32_t i = 0; i < 16; ++i) {
    const int32_t r = -shift[i];
    k->mult[i] = mult[i];
    k->a[i] = r - 1;
    const int64_t v = (int64_t)((1ULL << 30) + (1ULL << (30 + r)) + (uint64_t)(int64_t)zp * (1ULL << (31 + r)));
    if (i & 1) {
      k->m_odd[i / 2] = mult[i];
      k->c[i / 2] = v;
    } else {
      k->b[i / 2] = v;
    }
  }
}

static inline __m512i eb_rq16f_apply(__m512i x, const eb_rq16f *k) {
  const __m512i te = _mm512_mul_epi32(x, _mm512_load_si512(k->mult));
  const __m512i to = _mm512_mul_epi32(_mm512_srli_epi64(x, 32), _mm512_load_si512(k->m_odd));
  const __m512i min31 = _mm512_set1_epi64(-(1LL << 31));
  const __m512i ue = _mm512_add_epi64(te, _mm512_load_si512(k->b));
  const __m512i uo = _mm512_add_epi64(to, _mm512_load_si512(k->c));
  const __m512i ve = _mm512_mask_add_epi64(ue, _mm512_movepi64_mask(te), ue, min31);
  const __m512i vo = _mm512_mask_add_epi64(uo, _mm512_movepi64_mask(to), uo, min31);
  const __m512i high = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(ve, 32), vo);
  return _mm512_srav_epi32(high, _mm512_load_si512(k->a));
}

/* eb_rq16_general with its constants loaded from memory at each use. */
static inline __m512i eb_rq16_general_mem(__m512i x, const eb_rq16 *k) {
  const eb_rq16v v = eb_rq16_load(k);
  return eb_rq16_general(x, &v);
}

/* Four vectors of int32 (lane order as eb_rq16_narrow4's packs leave it per 128-bit block) saturated to int8
 * and clamped to [lo, hi] bytewise; since [lo, hi] lies inside [-128, 127], saturating first and clamping after
 * equals clamping the int32 values. */
static inline __m512i eb_rq16_pack4_clamp(__m512i v0, __m512i v1, __m512i v2, __m512i v3, __m512i lo8, __m512i hi8) {
  const __m512i w = _mm512_packs_epi16(_mm512_packs_epi32(v0, v1), _mm512_packs_epi32(v2, v3));
  return _mm512_min_epi8(_mm512_max_epi8(w, lo8), hi8);
}

#endif
