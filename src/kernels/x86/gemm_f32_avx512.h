/* AVX-512 microkernels of the float32 packed-weight GEMM (gemm_f32_x86.h), shared by the CONV_2D and
 * FULLY_CONNECTED variants. Include only from files compiled for AVX-512 (*_avx512.c).
 *
 * Register block: up to EB_F32_AVX512_MR rows x 2 panels of 16 outputs (2 * MR accumulators, two weight
 * vectors, broadcasts folded into the FMAs), enough independent sums to keep both FMA ports busy through
 * the FMA latency; an odd last panel takes up to MR1 rows alone. A single row (a GEMV: FULLY_CONNECTED at
 * batch 1) instead splits K over four sums per panel, else it would wait on one FMA chain. */
#ifndef EB_GEMM_F32_AVX512_H
#define EB_GEMM_F32_AVX512_H

#include <immintrin.h>

#include "gemm_f32_x86.h"

enum { EB_F32_AVX512_LANES = 16, EB_F32_AVX512_MR = 8, EB_F32_AVX512_MR1 = 16 };

#define EB_F32_AVX512_INLINE static inline __attribute__((always_inline))

/* C[0..mr)[panel block] = clamp(bias + A W); mr and np are constants after inlining, so the arrays stay in
 * registers. w1 = w0 + panel stride. m0/m1: valid lanes of each panel. */
EB_F32_AVX512_INLINE void eb_f32_avx512_kernel(const int mr, const int np, int32_t k, const float *a, size_t lda,
                                               const float *w0, const float *w1, const float *bias, float *c,
                                               size_t ldc, __mmask16 m0, __mmask16 m1, __m512 lo, __m512 hi) {
  __m512 acc0[EB_F32_AVX512_MR1], acc1[EB_F32_AVX512_MR1];
  const float *ar[EB_F32_AVX512_MR1];
  const __m512 b0 = _mm512_load_ps(bias);
  const __m512 b1 = np > 1 ? _mm512_load_ps(bias + 16) : _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int r = 0; r < mr; ++r) {
    acc0[r] = b0;
    acc1[r] = b1;
    ar[r] = a + (size_t)r * lda;
  }
  for (int32_t kk = 0; kk < k; ++kk) {
    const __m512 v0 = _mm512_load_ps(w0 + (size_t)kk * 16);
    const __m512 v1 = np > 1 ? _mm512_load_ps(w1 + (size_t)kk * 16) : v0;
#pragma GCC unroll 16
    for (int r = 0; r < mr; ++r) {
      const __m512 x = _mm512_set1_ps(ar[r][kk]);
      acc0[r] = _mm512_fmadd_ps(x, v0, acc0[r]);
      if (np > 1) acc1[r] = _mm512_fmadd_ps(x, v1, acc1[r]);
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < mr; ++r) {
    float *cr = c + (size_t)r * ldc;
    _mm512_mask_storeu_ps(cr, m0, _mm512_min_ps(_mm512_max_ps(acc0[r], lo), hi));
    if (np > 1) _mm512_mask_storeu_ps(cr + 16, m1, _mm512_min_ps(_mm512_max_ps(acc1[r], lo), hi));
  }
}

EB_F32_AVX512_INLINE void eb_f32_avx512_gemv(const int np, int32_t k, const float *a, const float *w0, const float *w1,
                                             const float *bias, float *c, __mmask16 m0, __mmask16 m1, __m512 lo,
                                             __m512 hi) {
  __m512 s0[4], s1[4];
#pragma GCC unroll 4
  for (int u = 0; u < 4; ++u) s0[u] = s1[u] = _mm512_setzero_ps();
  int32_t kk = 0;
  for (; kk + 4 <= k; kk += 4) {
#pragma GCC unroll 4
    for (int u = 0; u < 4; ++u) {
      const __m512 x = _mm512_set1_ps(a[kk + u]);
      s0[u] = _mm512_fmadd_ps(x, _mm512_load_ps(w0 + (size_t)(kk + u) * 16), s0[u]);
      if (np > 1) s1[u] = _mm512_fmadd_ps(x, _mm512_load_ps(w1 + (size_t)(kk + u) * 16), s1[u]);
    }
  }
  for (; kk < k; ++kk) {
    const __m512 x = _mm512_set1_ps(a[kk]);
    s0[0] = _mm512_fmadd_ps(x, _mm512_load_ps(w0 + (size_t)kk * 16), s0[0]);
    if (np > 1) s1[0] = _mm512_fmadd_ps(x, _mm512_load_ps(w1 + (size_t)kk * 16), s1[0]);
  }
  const __m512 t0 = _mm512_add_ps(_mm512_add_ps(s0[0], s0[1]), _mm512_add_ps(s0[2], s0[3]));
  _mm512_mask_storeu_ps(c, m0, _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(t0, _mm512_load_ps(bias)), lo), hi));
  if (np > 1) {
    const __m512 t1 = _mm512_add_ps(_mm512_add_ps(s1[0], s1[1]), _mm512_add_ps(s1[2], s1[3]));
    _mm512_mask_storeu_ps(c + 16, m1,
                          _mm512_min_ps(_mm512_max_ps(_mm512_add_ps(t1, _mm512_load_ps(bias + 16)), lo), hi));
  }
}

/* One register block of two panels (mr 1..MR) or of one (mr 1..MR1) with mr and np turned into constants. */
static void eb_f32_avx512_block2(int mr, int32_t k, const float *a, size_t lda, const float *w0, const float *w1,
                                 const float *bias, float *c, size_t ldc, __mmask16 m0, __mmask16 m1, __m512 lo,
                                 __m512 hi) {
  switch (mr) {
    case 1: eb_f32_avx512_gemv(2, k, a, w0, w1, bias, c, m0, m1, lo, hi); break;
    case 2: eb_f32_avx512_kernel(2, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 3: eb_f32_avx512_kernel(3, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 4: eb_f32_avx512_kernel(4, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 5: eb_f32_avx512_kernel(5, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 6: eb_f32_avx512_kernel(6, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 7: eb_f32_avx512_kernel(7, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    default: eb_f32_avx512_kernel(8, 2, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
  }
}

static void eb_f32_avx512_block1(int mr, int32_t k, const float *a, size_t lda, const float *w0, const float *w1,
                                 const float *bias, float *c, size_t ldc, __mmask16 m0, __mmask16 m1, __m512 lo,
                                 __m512 hi) {
  (void)w1;
  switch (mr) {
    case 1: eb_f32_avx512_gemv(1, k, a, w0, w1, bias, c, m0, m1, lo, hi); break;
    case 2: eb_f32_avx512_kernel(2, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 3: eb_f32_avx512_kernel(3, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 4: eb_f32_avx512_kernel(4, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 5: eb_f32_avx512_kernel(5, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 6: eb_f32_avx512_kernel(6, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 7: eb_f32_avx512_kernel(7, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 8: eb_f32_avx512_kernel(8, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 9: eb_f32_avx512_kernel(9, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 10: eb_f32_avx512_kernel(10, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 11: eb_f32_avx512_kernel(11, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 12: eb_f32_avx512_kernel(12, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 13: eb_f32_avx512_kernel(13, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 14: eb_f32_avx512_kernel(14, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    case 15: eb_f32_avx512_kernel(15, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
    default: eb_f32_avx512_kernel(16, 1, k, a, lda, w0, w1, bias, c, ldc, m0, m1, lo, hi); break;
  }
}

static inline __mmask16 eb_f32_avx512_mask(int32_t valid) {
  return valid >= 16 ? (__mmask16)0xFFFF : valid <= 0 ? (__mmask16)0 : (__mmask16)((1u << valid) - 1u);
}

/* rows rows of A (stride lda) times panels [panel_begin, panel_end) into C (row stride ldc, column 0 at c):
 * pairs of panels MR rows at a time, then an odd last panel alone, MR1 rows at a time (twice as many rows, so
 * that it still has enough independent sums). */
static inline void eb_f32_avx512_gemm(const eb_gemm_f32_plan *pl, const float *a, size_t lda, int32_t rows,
                                      const float *packed, int32_t panel_begin, int32_t panel_end, float *c, size_t ldc,
                                      float act_min, float act_max) {
  const size_t panel_floats = (size_t)EB_F32_AVX512_LANES * pl->k;
  const float *bias = packed + (size_t)pl->panels * panel_floats;
  const __m512 lo = _mm512_set1_ps(act_min), hi = _mm512_set1_ps(act_max);
  const int32_t pair_end = panel_begin + ((panel_end - panel_begin) & ~1);
  for (int32_t r0 = 0; r0 < rows && panel_begin < pair_end; r0 += EB_F32_AVX512_MR) {
    const int mr = rows - r0 < EB_F32_AVX512_MR ? rows - r0 : EB_F32_AVX512_MR;
    for (int32_t panel = panel_begin; panel < pair_end; panel += 2) {
      const int32_t n0 = panel * EB_F32_AVX512_LANES;
      const float *w0 = packed + (size_t)panel * panel_floats;
      eb_f32_avx512_block2(mr, pl->k, a + (size_t)r0 * lda, lda, w0, w0 + panel_floats, bias + n0,
                           c + (size_t)r0 * ldc + n0, ldc, eb_f32_avx512_mask(pl->n - n0),
                           eb_f32_avx512_mask(pl->n - n0 - 16), lo, hi);
    }
  }
  if (pair_end == panel_end) return;
  const int32_t n0 = pair_end * EB_F32_AVX512_LANES;
  const float *w0 = packed + (size_t)pair_end * panel_floats;
  for (int32_t r0 = 0; r0 < rows; r0 += EB_F32_AVX512_MR1) {
    const int mr = rows - r0 < EB_F32_AVX512_MR1 ? rows - r0 : EB_F32_AVX512_MR1;
    eb_f32_avx512_block1(mr, pl->k, a + (size_t)r0 * lda, lda, w0, w0, bias + n0, c + (size_t)r0 * ldc + n0, ldc,
                         eb_f32_avx512_mask(pl->n - n0), 0, lo, hi);
  }
}

#undef EB_F32_AVX512_INLINE

#endif
