/* AVX2+FMA microkernels of the float32 packed-weight GEMM (gemm_f32_x86.h), shared by the CONV_2D and
 * FULLY_CONNECTED variants. Include only from files compiled for AVX2 (*_avx2.c).
 *
 * Register block: up to 6 rows x 2 panels of 8 outputs: 12 accumulators, two weight vectors and one
 * broadcast fill 15 of the 16 ymm registers; an odd last panel takes up to 12 rows alone. A single row (GEMV)
 * splits K over four sums per panel instead. */
#ifndef EB_GEMM_F32_AVX2_H
#define EB_GEMM_F32_AVX2_H

#include <immintrin.h>

#include "gemm_f32_x86.h"

enum { EB_F32_AVX2_LANES = 8, EB_F32_AVX2_MR = 6, EB_F32_AVX2_MR1 = 12 };

#define EB_F32_AVX2_INLINE static inline __attribute__((always_inline))

/* Stores the valid lanes of v at c; mask is the lane mask of `valid` lanes (a full store when all 8). */
EB_F32_AVX2_INLINE void eb_f32_avx2_store(float *c, __m256 v, int32_t valid, __m256i mask) {
  if (valid >= 8)
    _mm256_storeu_ps(c, v);
  else if (valid > 0)
    _mm256_maskstore_ps(c, mask, v);
}

EB_F32_AVX2_INLINE __m256i eb_f32_avx2_mask(int32_t valid) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/* C[0..mr)[panel block] = clamp(bias + A W); mr and np are constants after inlining, so the arrays stay in
 * registers. w1 = w0 + panel stride; valid: outputs of this block that exist (may exceed 16). */
EB_F32_AVX2_INLINE void eb_f32_avx2_kernel(const int mr, const int np, int32_t k, const float *a, size_t lda,
                                           const float *w0, const float *w1, const float *bias, float *c, size_t ldc,
                                           int32_t valid, __m256 lo, __m256 hi) {
  __m256 acc0[EB_F32_AVX2_MR1], acc1[EB_F32_AVX2_MR1];
  const float *ar[EB_F32_AVX2_MR1];
  const __m256 b0 = _mm256_load_ps(bias);
  const __m256 b1 = np > 1 ? _mm256_load_ps(bias + 8) : _mm256_setzero_ps();
#pragma GCC unroll 12
  for (int r = 0; r < mr; ++r) {
    acc0[r] = b0;
    acc1[r] = b1;
    ar[r] = a + (size_t)r * lda;
  }
  for (int32_t kk = 0; kk < k; ++kk) {
    const __m256 v0 = _mm256_load_ps(w0 + (size_t)kk * 8);
    const __m256 v1 = np > 1 ? _mm256_load_ps(w1 + (size_t)kk * 8) : v0;
#pragma GCC unroll 12
    for (int r = 0; r < mr; ++r) {
      const __m256 x = _mm256_broadcast_ss(ar[r] + kk);
      acc0[r] = _mm256_fmadd_ps(x, v0, acc0[r]);
      if (np > 1) acc1[r] = _mm256_fmadd_ps(x, v1, acc1[r]);
    }
  }
  const __m256i m0 = eb_f32_avx2_mask(valid), m1 = eb_f32_avx2_mask(valid - 8);
#pragma GCC unroll 12
  for (int r = 0; r < mr; ++r) {
    float *cr = c + (size_t)r * ldc;
    eb_f32_avx2_store(cr, _mm256_min_ps(_mm256_max_ps(acc0[r], lo), hi), valid, m0);
    if (np > 1) eb_f32_avx2_store(cr + 8, _mm256_min_ps(_mm256_max_ps(acc1[r], lo), hi), valid - 8, m1);
  }
}

EB_F32_AVX2_INLINE void eb_f32_avx2_gemv(const int np, int32_t k, const float *a, const float *w0, const float *w1,
                                         const float *bias, float *c, int32_t valid, __m256 lo, __m256 hi) {
  __m256 s0[4], s1[4];
#pragma GCC unroll 4
  for (int u = 0; u < 4; ++u) s0[u] = s1[u] = _mm256_setzero_ps();
  int32_t kk = 0;
  for (; kk + 4 <= k; kk += 4) {
#pragma GCC unroll 4
    for (int u = 0; u < 4; ++u) {
      const __m256 x = _mm256_broadcast_ss(a + kk + u);
      s0[u] = _mm256_fmadd_ps(x, _mm256_load_ps(w0 + (size_t)(kk + u) * 8), s0[u]);
      if (np > 1) s1[u] = _mm256_fmadd_ps(x, _mm256_load_ps(w1 + (size_t)(kk + u) * 8), s1[u]);
    }
  }
  for (; kk < k; ++kk) {
    const __m256 x = _mm256_broadcast_ss(a + kk);
    s0[0] = _mm256_fmadd_ps(x, _mm256_load_ps(w0 + (size_t)kk * 8), s0[0]);
    if (np > 1) s1[0] = _mm256_fmadd_ps(x, _mm256_load_ps(w1 + (size_t)kk * 8), s1[0]);
  }
  const __m256 t0 = _mm256_add_ps(_mm256_add_ps(s0[0], s0[1]), _mm256_add_ps(s0[2], s0[3]));
  eb_f32_avx2_store(c, _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(t0, _mm256_load_ps(bias)), lo), hi), valid,
                    eb_f32_avx2_mask(valid));
  if (np > 1) {
    const __m256 t1 = _mm256_add_ps(_mm256_add_ps(s1[0], s1[1]), _mm256_add_ps(s1[2], s1[3]));
    eb_f32_avx2_store(c + 8, _mm256_min_ps(_mm256_max_ps(_mm256_add_ps(t1, _mm256_load_ps(bias + 8)), lo), hi),
                      valid - 8, eb_f32_avx2_mask(valid - 8));
  }
}

/* One register block of two panels (mr 1..MR) or of one (mr 1..MR1) with mr and np turned into constants. */
static void eb_f32_avx2_block2(int mr, int32_t k, const float *a, size_t lda, const float *w0, const float *w1,
                               const float *bias, float *c, size_t ldc, int32_t valid, __m256 lo, __m256 hi) {
  switch (mr) {
    case 1: eb_f32_avx2_gemv(2, k, a, w0, w1, bias, c, valid, lo, hi); break;
    case 2: eb_f32_avx2_kernel(2, 2, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 3: eb_f32_avx2_kernel(3, 2, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 4: eb_f32_avx2_kernel(4, 2, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 5: eb_f32_avx2_kernel(5, 2, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    default: eb_f32_avx2_kernel(6, 2, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
  }
}

static void eb_f32_avx2_block1(int mr, int32_t k, const float *a, size_t lda, const float *w0, const float *w1,
                               const float *bias, float *c, size_t ldc, int32_t valid, __m256 lo, __m256 hi) {
  (void)w1;
  switch (mr) {
    case 1: eb_f32_avx2_gemv(1, k, a, w0, w1, bias, c, valid, lo, hi); break;
    case 2: eb_f32_avx2_kernel(2, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 3: eb_f32_avx2_kernel(3, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 4: eb_f32_avx2_kernel(4, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 5: eb_f32_avx2_kernel(5, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 6: eb_f32_avx2_kernel(6, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 7: eb_f32_avx2_kernel(7, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 8: eb_f32_avx2_kernel(8, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 9: eb_f32_avx2_kernel(9, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 10: eb_f32_avx2_kernel(10, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    case 11: eb_f32_avx2_kernel(11, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
    default: eb_f32_avx2_kernel(12, 1, k, a, lda, w0, w1, bias, c, ldc, valid, lo, hi); break;
  }
}

/* rows rows of A (stride lda) times panels [panel_begin, panel_end) into C (row stride ldc, column 0 at c):
 * pairs of panels MR rows at a time, then an odd last panel alone, MR1 rows at a time (twice as many rows, so
 * that it still has enough independent sums). */
static inline void eb_f32_avx2_gemm(const eb_gemm_f32_plan *pl, const float *a, size_t lda, int32_t rows,
                                    const float *packed, int32_t panel_begin, int32_t panel_end, float *c, size_t ldc,
                                    float act_min, float act_max) {
  const size_t panel_floats = (size_t)EB_F32_AVX2_LANES * pl->k;
  const float *bias = packed + (size_t)pl->panels * panel_floats;
  const __m256 lo = _mm256_set1_ps(act_min), hi = _mm256_set1_ps(act_max);
  const int32_t pair_end = panel_begin + ((panel_end - panel_begin) & ~1);
  for (int32_t r0 = 0; r0 < rows && panel_begin < pair_end; r0 += EB_F32_AVX2_MR) {
    const int mr = rows - r0 < EB_F32_AVX2_MR ? rows - r0 : EB_F32_AVX2_MR;
    for (int32_t panel = panel_begin; panel < pair_end; panel += 2) {
      const int32_t n0 = panel * EB_F32_AVX2_LANES;
      const float *w0 = packed + (size_t)panel * panel_floats;
      eb_f32_avx2_block2(mr, pl->k, a + (size_t)r0 * lda, lda, w0, w0 + panel_floats, bias + n0,
                         c + (size_t)r0 * ldc + n0, ldc, pl->n - n0, lo, hi);
    }
  }
  if (pair_end == panel_end) return;
  const int32_t n0 = pair_end * EB_F32_AVX2_LANES;
  const float *w0 = packed + (size_t)pair_end * panel_floats;
  for (int32_t r0 = 0; r0 < rows; r0 += EB_F32_AVX2_MR1) {
    const int mr = rows - r0 < EB_F32_AVX2_MR1 ? rows - r0 : EB_F32_AVX2_MR1;
    eb_f32_avx2_block1(mr, pl->k, a + (size_t)r0 * lda, lda, w0, w0, bias + n0, c + (size_t)r0 * ldc + n0, ldc,
                       pl->n - n0, lo, hi);
  }
}

#undef EB_F32_AVX2_INLINE

#endif
