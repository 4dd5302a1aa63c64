/* float32 CONV_2D as an indirect GEMM (no im2col), AVX2+FMA: the AVX-512 variant's scheme
 * (conv2d_f32_igemm_avx512.c) over 8-lane panels. The packed blob and which layers it takes:
 * conv2d_f32_igemm_x86.h. Tasks, register blocks and the tail panel are the AVX2 GEMM's (6 rows x 2 panels of
 * 8, an odd panel 12 rows alone). Sums start from the bias and run over the taps in the filter's (ky, kx, ic)
 * order with FMA, as in the GEMM. */
#include <immintrin.h>

#include "conv2d.h"
#include "conv2d_f32_igemm_x86.h"
#include "gemm_f32_avx2.h"
#include "gemm_f32_x86.h"
#include "x86_variant.h"

#define EB_IGEMM_INLINE static inline __attribute__((always_inline))

/* eb_conv2d_f32_igemm_avx2_{applies,packed_bytes,pack,tasks,scratch_bytes} */
EB_IGEMM_F32_VARIANT(avx2, EB_F32_AVX2_MR, EB_F32_AVX2_LANES)

/* C[0..mr)[panel block] = clamp(bias + A W) for the mr output pixels from m0 on; mr and np are constants
 * after inlining, so the accumulators stay in registers. w1 = w0 + panel stride; valid: outputs of this
 * block that exist (may exceed 16). */
EB_IGEMM_INLINE void eb_igemm_f32_avx2_kernel(const int mr, const int np, const eb_igemm_f32_src *s, int32_t m0,
                                              const float *w0, const float *w1, const float *bias, float *c,
                                              size_t ldc, int32_t valid, __m256 lo, __m256 hi) {
  const float *base[EB_F32_AVX2_MR1];
  const int32_t *off[EB_F32_AVX2_MR1];
  eb_igemm_f32_rows(s, m0, mr, base, off);
  __m256 acc0[EB_F32_AVX2_MR1], acc1[EB_F32_AVX2_MR1];
  const __m256 b0 = _mm256_load_ps(bias);
  const __m256 b1 = np > 1 ? _mm256_load_ps(bias + 8) : _mm256_setzero_ps();
#pragma GCC unroll 12
  for (int r = 0; r < mr; ++r) {
    acc0[r] = b0;
    acc1[r] = b1;
  }
  const int32_t in_c = s->in_c;
  for (int32_t t = 0; t < s->taps; ++t) {
    const float *a[EB_F32_AVX2_MR1];
#pragma GCC unroll 12
    for (int r = 0; r < mr; ++r) {
      const int32_t o = off[r][t];
      a[r] = o >= 0 ? base[r] + o : s->zero;
    }
    const float *v0p = w0 + (size_t)t * in_c * 8, *v1p = w1 + (size_t)t * in_c * 8;
    for (int32_t ic = 0; ic < in_c; ++ic) {
      const __m256 v0 = _mm256_load_ps(v0p + (size_t)ic * 8);
      const __m256 v1 = np > 1 ? _mm256_load_ps(v1p + (size_t)ic * 8) : v0;
#pragma GCC unroll 12
      for (int r = 0; r < mr; ++r) {
        const __m256 x = _mm256_broadcast_ss(a[r] + ic);
        acc0[r] = _mm256_fmadd_ps(x, v0, acc0[r]);
        if (np > 1) acc1[r] = _mm256_fmadd_ps(x, v1, acc1[r]);
      }
    }
  }
  const __m256i k0 = eb_f32_avx2_mask(valid), k1 = eb_f32_avx2_mask(valid - 8);
#pragma GCC unroll 12
  for (int r = 0; r < mr; ++r) {
    float *cr = c + (size_t)r * ldc;
    eb_f32_avx2_store(cr, _mm256_min_ps(_mm256_max_ps(acc0[r], lo), hi), valid, k0);
    if (np > 1) eb_f32_avx2_store(cr + 8, _mm256_min_ps(_mm256_max_ps(acc1[r], lo), hi), valid - 8, k1);
  }
}

/* One register block with mr and np turned into constants: two panels, mr 1..MR; one panel, mr 1..MR1. */
#define EB_IGEMM_CASE(n, np) \
  case n: eb_igemm_f32_avx2_kernel(n, np, s, m0, w0, w1, bias, c, ldc, valid, lo, hi); break;

static void eb_igemm_f32_avx2_block2(int mr, const eb_igemm_f32_src *s, int32_t m0, const float *w0, const float *w1,
                                     const float *bias, float *c, size_t ldc, int32_t valid, __m256 lo, __m256 hi) {
  switch (mr) {
    EB_IGEMM_CASE(1, 2) EB_IGEMM_CASE(2, 2) EB_IGEMM_CASE(3, 2) EB_IGEMM_CASE(4, 2) EB_IGEMM_CASE(5, 2)
    default: eb_igemm_f32_avx2_kernel(6, 2, s, m0, w0, w1, bias, c, ldc, valid, lo, hi); break;
  }
}

static void eb_igemm_f32_avx2_block1(int mr, const eb_igemm_f32_src *s, int32_t m0, const float *w0, const float *w1,
                                     const float *bias, float *c, size_t ldc, int32_t valid, __m256 lo, __m256 hi) {
  switch (mr) {
    EB_IGEMM_CASE(1, 1) EB_IGEMM_CASE(2, 1) EB_IGEMM_CASE(3, 1) EB_IGEMM_CASE(4, 1) EB_IGEMM_CASE(5, 1)
    EB_IGEMM_CASE(6, 1) EB_IGEMM_CASE(7, 1) EB_IGEMM_CASE(8, 1) EB_IGEMM_CASE(9, 1) EB_IGEMM_CASE(10, 1)
    EB_IGEMM_CASE(11, 1)
    default: eb_igemm_f32_avx2_kernel(12, 1, s, m0, w0, w1, bias, c, ldc, valid, lo, hi); break;
  }
}

#undef EB_IGEMM_CASE

void eb_conv2d_f32_igemm_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  const eb_gemm_f32_plan pl = eb_igemm_f32_plan(p, EB_F32_AVX2_MR, EB_F32_AVX2_LANES);
  const float *w = (const float *)packed;
  const size_t panel_floats = (size_t)EB_F32_AVX2_LANES * pl.k;
  const float *bias = w + (size_t)pl.panels * panel_floats;
  const eb_igemm_f32_src s = eb_igemm_f32_source(p, &pl, EB_F32_AVX2_LANES, in, packed);
  const __m256 lo = _mm256_set1_ps(p->act_min), hi = _mm256_set1_ps(p->act_max);
  const size_t ldc = (size_t)pl.n;
  for (int32_t t = task_begin; t < task_end; ++t) {
    int32_t m0, panel0, panel1;
    const int32_t rows = eb_gemm_f32_task(&pl, t, &m0, &panel0, &panel1);
    if (rows <= 0) continue;
    float *c = (float *)out + (size_t)m0 * ldc;
    const int32_t pair_end = panel0 + ((panel1 - panel0) & ~1);
    for (int32_t r0 = 0; r0 < rows && panel0 < pair_end; r0 += EB_F32_AVX2_MR) {
      const int mr = rows - r0 < EB_F32_AVX2_MR ? rows - r0 : EB_F32_AVX2_MR;
      for (int32_t panel = panel0; panel < pair_end; panel += 2) {
        const int32_t n0 = panel * EB_F32_AVX2_LANES;
        const float *w0 = w + (size_t)panel * panel_floats;
        eb_igemm_f32_avx2_block2(mr, &s, m0 + r0, w0, w0 + panel_floats, bias + n0, c + (size_t)r0 * ldc + n0, ldc,
                                 pl.n - n0, lo, hi);
      }
    }
    if (pair_end == panel1) continue;
    const int32_t n0 = pair_end * EB_F32_AVX2_LANES;
    const float *w0 = w + (size_t)pair_end * panel_floats;
    for (int32_t r0 = 0; r0 < rows; r0 += EB_F32_AVX2_MR1) {
      const int mr = rows - r0 < EB_F32_AVX2_MR1 ? rows - r0 : EB_F32_AVX2_MR1;
      eb_igemm_f32_avx2_block1(mr, &s, m0 + r0, w0, w0, bias + n0, c + (size_t)r0 * ldc + n0, ldc, pl.n - n0, lo,
                               hi);
    }
  }
}

#undef EB_IGEMM_INLINE
