/* float32 CONV_2D as an indirect GEMM (no im2col), AVX-512.
 *
 * The packed-weight GEMM (gemm_f32_x86.h) gathers each output pixel's K = k_h * k_w * in_c taps into scratch
 * before multiplying: on Conv3Dense1 at batch 32 that copying is about a quarter of the layer's time. Here
 * the microkernel reads the taps where they are: each of the k_h * k_w filter taps of a pixel is a run of in_c
 * contiguous floats in the NHWC input (or, where it falls into the padding, a run of zeros), so a pixel is
 * k_h * k_w pointers, not K copied floats.
 *
 * The packed blob (weights, bias, per-pixel tap offsets, zeros) and which layers it takes: conv2d_f32_igemm_x86.h.
 * Tasks, register blocks and the tail panel are the AVX-512 GEMM's (8 rows x 2 panels of 16, an odd panel 16
 * rows alone). Sums start from the bias and run over the taps in the filter's (ky, kx, ic) order with
 * FMA, as in the GEMM. */
#include <immintrin.h>

#include "conv2d.h"
#include "conv2d_f32_igemm_x86.h"
#include "gemm_f32_avx512.h"
#include "gemm_f32_x86.h"
#include "x86_variant.h"

#define EB_IGEMM_INLINE static inline __attribute__((always_inline))

/* eb_conv2d_f32_igemm_avx512_{applies,packed_bytes,pack,tasks,scratch_bytes} */
EB_IGEMM_F32_VARIANT(avx512, EB_F32_AVX512_MR, EB_F32_AVX512_LANES)

/* C[0..mr)[panel block] = clamp(bias + A W) for the mr output pixels from m0 on; mr and np are constants
 * after inlining, so the accumulators stay in registers. w1 = w0 + panel stride. */
EB_IGEMM_INLINE void eb_igemm_f32_avx512_kernel(const int mr, const int np, const eb_igemm_f32_src *s, int32_t m0,
                                                const float *w0, const float *w1, const float *bias, float *c,
                                                size_t ldc, __mmask16 k0, __mmask16 k1, __m512 lo, __m512 hi) {
  const float *base[EB_F32_AVX512_MR1];
  const int32_t *off[EB_F32_AVX512_MR1];
  eb_igemm_f32_rows(s, m0, mr, base, off);
  __m512 acc0[EB_F32_AVX512_MR1], acc1[EB_F32_AVX512_MR1];
  const __m512 b0 = _mm512_load_ps(bias);
  const __m512 b1 = np > 1 ? _mm512_load_ps(bias + 16) : _mm512_setzero_ps();
#pragma GCC unroll 16
  for (int r = 0; r < mr; ++r) {
    acc0[r] = b0;
    acc1[r] = b1;
  }
  const int32_t in_c = s->in_c;
  for (int32_t t = 0; t < s->taps; ++t) {
    const float *a[EB_F32_AVX512_MR1];
#pragma GCC unroll 16
    for (int r = 0; r < mr; ++r) {
      const int32_t o = off[r][t];
      a[r] = o >= 0 ? base[r] + o : s->zero;
    }
    const float *v0p = w0 + (size_t)t * in_c * 16, *v1p = w1 + (size_t)t * in_c * 16;
    for (int32_t ic = 0; ic < in_c; ++ic) {
      const __m512 v0 = _mm512_load_ps(v0p + (size_t)ic * 16);
      const __m512 v1 = np > 1 ? _mm512_load_ps(v1p + (size_t)ic * 16) : v0;
#pragma GCC unroll 16
      for (int r = 0; r < mr; ++r) {
        const __m512 x = _mm512_set1_ps(a[r][ic]);
        acc0[r] = _mm512_fmadd_ps(x, v0, acc0[r]);
        if (np > 1) acc1[r] = _mm512_fmadd_ps(x, v1, acc1[r]);
      }
    }
  }
#pragma GCC unroll 16
  for (int r = 0; r < mr; ++r) {
    float *cr = c + (size_t)r * ldc;
    _mm512_mask_storeu_ps(cr, k0, _mm512_min_ps(_mm512_max_ps(acc0[r], lo), hi));
    if (np > 1) _mm512_mask_storeu_ps(cr + 16, k1, _mm512_min_ps(_mm512_max_ps(acc1[r], lo), hi));
  }
}

/* One register block with mr and np turned into constants: two panels, mr 1..MR; one panel, mr 1..MR1. */
#define EB_IGEMM_CASE(n, np) \
  case n: eb_igemm_f32_avx512_kernel(n, np, s, m0, w0, w1, bias, c, ldc, k0, k1, lo, hi); break;

static void eb_igemm_f32_avx512_block2(int mr, const eb_igemm_f32_src *s, int32_t m0, const float *w0,
                                       const float *w1, const float *bias, float *c, size_t ldc, __mmask16 k0,
                                       __mmask16 k1, __m512 lo, __m512 hi) {
  switch (mr) {
    EB_IGEMM_CASE(1, 2) EB_IGEMM_CASE(2, 2) EB_IGEMM_CASE(3, 2) EB_IGEMM_CASE(4, 2)
    EB_IGEMM_CASE(5, 2) EB_IGEMM_CASE(6, 2) EB_IGEMM_CASE(7, 2)
    default: eb_igemm_f32_avx512_kernel(8, 2, s, m0, w0, w1, bias, c, ldc, k0, k1, lo, hi); break;
  }
}

static void eb_igemm_f32_avx512_block1(int mr, const eb_igemm_f32_src *s, int32_t m0, const float *w0,
                                       const float *w1, const float *bias, float *c, size_t ldc, __mmask16 k0,
                                       __mmask16 k1, __m512 lo, __m512 hi) {
  switch (mr) {
    EB_IGEMM_CASE(1, 1) EB_IGEMM_CASE(2, 1) EB_IGEMM_CASE(3, 1) EB_IGEMM_CASE(4, 1)
    EB_IGEMM_CASE(5, 1) EB_IGEMM_CASE(6, 1) EB_IGEMM_CASE(7, 1) EB_IGEMM_CASE(8, 1)
    EB_IGEMM_CASE(9, 1) EB_IGEMM_CASE(10, 1) EB_IGEMM_CASE(11, 1) EB_IGEMM_CASE(12, 1)
    EB_IGEMM_CASE(13, 1) EB_IGEMM_CASE(14, 1) EB_IGEMM_CASE(15, 1)
    default: eb_igemm_f32_avx512_kernel(16, 1, s, m0, w0, w1, bias, c, ldc, k0, k1, lo, hi); break;
  }
}

#undef EB_IGEMM_CASE

void eb_conv2d_f32_igemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                    void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  const eb_gemm_f32_plan pl = eb_igemm_f32_plan(p, EB_F32_AVX512_MR, EB_F32_AVX512_LANES);
  const float *w = (const float *)packed;
  const size_t panel_floats = (size_t)EB_F32_AVX512_LANES * pl.k;
  const float *bias = w + (size_t)pl.panels * panel_floats;
  const eb_igemm_f32_src s = eb_igemm_f32_source(p, &pl, EB_F32_AVX512_LANES, in, packed);
  const __m512 lo = _mm512_set1_ps(p->act_min), hi = _mm512_set1_ps(p->act_max);
  const size_t ldc = (size_t)pl.n;
  for (int32_t t = task_begin; t < task_end; ++t) {
    int32_t m0, panel0, panel1;
    const int32_t rows = eb_gemm_f32_task(&pl, t, &m0, &panel0, &panel1);
    if (rows <= 0) continue;
    float *c = (float *)out + (size_t)m0 * ldc;
    const int32_t pair_end = panel0 + ((panel1 - panel0) & ~1);
    for (int32_t r0 = 0; r0 < rows && panel0 < pair_end; r0 += EB_F32_AVX512_MR) {
      const int mr = rows - r0 < EB_F32_AVX512_MR ? rows - r0 : EB_F32_AVX512_MR;
      for (int32_t panel = panel0; panel < pair_end; panel += 2) {
        const int32_t n0 = panel * EB_F32_AVX512_LANES;
        const float *w0 = w + (size_t)panel * panel_floats;
        eb_igemm_f32_avx512_block2(mr, &s, m0 + r0, w0, w0 + panel_floats, bias + n0, c + (size_t)r0 * ldc + n0,
                                   ldc, eb_f32_avx512_mask(pl.n - n0), eb_f32_avx512_mask(pl.n - n0 - 16), lo, hi);
      }
    }
    if (pair_end == panel1) continue;
    const int32_t n0 = pair_end * EB_F32_AVX512_LANES;
    const float *w0 = w + (size_t)pair_end * panel_floats;
    for (int32_t r0 = 0; r0 < rows; r0 += EB_F32_AVX512_MR1) {
      const int mr = rows - r0 < EB_F32_AVX512_MR1 ? rows - r0 : EB_F32_AVX512_MR1;
      eb_igemm_f32_avx512_block1(mr, &s, m0 + r0, w0, w0, bias + n0, c + (size_t)r0 * ldc + n0, ldc,
                                 eb_f32_avx512_mask(pl.n - n0), 0, lo, hi);
    }
  }
}

#undef EB_IGEMM_INLINE
