/* The int8 GEMM microkernel and driver on 256-bit AVX2 registers (eight output channels per block, int16 pairs
 * through vpmaddwd + vpaddd), for the avx2 variants of CONV_2D and FULLY_CONNECTED; see gemm_s8_plan.h for the
 * arithmetic and the blob, gemm_s8_avx512.h for the same structure on 512-bit registers.
 *
 * The microkernel keeps rows x blocks sums in registers over all of K (one broadcast 4-byte A step per row,
 * one weight vector per block), writes them to a small stack tile, and the requantisation runs over that
 * tile block by block with the block's constants loaded once. */
#ifndef EB_GEMM_S8_AVX2_H
#define EB_GEMM_S8_AVX2_H

#include <immintrin.h>

#include "gemm_s8_plan.h"
#include "requant_avx2.h"

#define EB_GEMM256_MR_WIDE 6
#define EB_GEMM256_MR_NARROW 8
/* The largest rows x blocks tile of sums: 8 x 1, 6 x 2 or 2 x 4 (sixteen ymm registers). */
#define EB_GEMM256_TILE 12

static inline eb_gemm_plan eb_gemm256_plan(int32_t m, int32_t n, int32_t k) {
  return eb_gemm_plan_make(m, n, k, 2, 8, EB_GEMM256_MR_WIDE, EB_GEMM256_MR_NARROW, sizeof(eb_rq8));
}

/* c[r][j][8] = the sum over steps of row r of a (row_bytes apart) times panel j (panel_bytes apart), for
 * rows x nb of 1..8 x 1, 1..6 x 2 or 1..2 x 3..4. The sums are named variables, not an array: GCC keeps an
 * array of accumulators in registers only with a copy per update (and spills), named ones it updates in place.
 * The guards are constants after inlining, so each shape keeps just its own sums. */
EB_GEMM_INLINE void eb_gemm256_kernel(const uint8_t *a, size_t row_bytes, int32_t steps, const uint8_t *w,
                                      size_t panel_bytes, int32_t *c, const int rows, const int nb) {
  const __m256i z = _mm256_setzero_si256();
  __m256i c0_0 = z, c0_1 = z, c0_2 = z, c0_3 = z, c1_0 = z, c1_1 = z, c1_2 = z, c1_3 = z;
  __m256i c2_0 = z, c2_1 = z, c3_0 = z, c3_1 = z, c4_0 = z, c4_1 = z, c5_0 = z, c5_1 = z, c6_0 = z;
  __m256i c7_0 = z;
  for (int32_t g = 0; g < steps; ++g) {
    const uint8_t *ag = a + (size_t)g * 4, *wg = w + (size_t)g * 32;
    const __m256i w0 = _mm256_loadu_si256((const __m256i *)wg);
    const __m256i w1 = nb > 1 ? _mm256_loadu_si256((const __m256i *)(wg + panel_bytes)) : z;
    const __m256i w2 = nb > 2 ? _mm256_loadu_si256((const __m256i *)(wg + 2 * panel_bytes)) : z;
    const __m256i w3 = nb > 3 ? _mm256_loadu_si256((const __m256i *)(wg + 3 * panel_bytes)) : z;
#define EB_A(r) _mm256_set1_epi32(eb_gemm_load_i32(ag + (size_t)(r)*row_bytes))
#define EB_ROW1(r)                                                    \
  if (rows > (r)) {                                                   \
    const __m256i av = EB_A(r);                                       \
    c##r##_0 = _mm256_add_epi32(c##r##_0, _mm256_madd_epi16(av, w0)); \
  }
#define EB_ROW2(r)                                                                \
  if (rows > (r)) {                                                               \
    const __m256i av = EB_A(r);                                                   \
    c##r##_0 = _mm256_add_epi32(c##r##_0, _mm256_madd_epi16(av, w0));             \
    if (nb > 1) c##r##_1 = _mm256_add_epi32(c##r##_1, _mm256_madd_epi16(av, w1)); \
  }
#define EB_ROW4(r)                                                                \
  if (rows > (r)) {                                                               \
    const __m256i av = EB_A(r);                                                   \
    c##r##_0 = _mm256_add_epi32(c##r##_0, _mm256_madd_epi16(av, w0));             \
    if (nb > 1) c##r##_1 = _mm256_add_epi32(c##r##_1, _mm256_madd_epi16(av, w1)); \
    if (nb > 2) c##r##_2 = _mm256_add_epi32(c##r##_2, _mm256_madd_epi16(av, w2)); \
    if (nb > 3) c##r##_3 = _mm256_add_epi32(c##r##_3, _mm256_madd_epi16(av, w3)); \
  }
    EB_ROW4(0) EB_ROW4(1) EB_ROW2(2) EB_ROW2(3) EB_ROW2(4) EB_ROW2(5) EB_ROW1(6) EB_ROW1(7)
#undef EB_A
#undef EB_ROW1
#undef EB_ROW2
#undef EB_ROW4
  }
#define EB_OUT(r, j) \
  if (rows > (r) && nb > (j)) _mm256_storeu_si256((__m256i *)(c + 8 * ((r)*nb + (j))), c##r##_##j);
  EB_OUT(0, 0)
  EB_OUT(0, 1)
  EB_OUT(0, 2)
  EB_OUT(0, 3)
  EB_OUT(1, 0) EB_OUT(1, 1) EB_OUT(1, 2) EB_OUT(1, 3) EB_OUT(2, 0) EB_OUT(2, 1) EB_OUT(3, 0) EB_OUT(3, 1) EB_OUT(4, 0)
      EB_OUT(4, 1) EB_OUT(5, 0) EB_OUT(5, 1) EB_OUT(6, 0) EB_OUT(7, 0)
#undef EB_OUT
}

/* One function per shape the plans use, kept out of line: inlined into the driver, the sums compete with its
 * live values and GCC spills them. */
#define EB_GEMM256_SHAPE(R, NB)                                                                                       \
  static EB_NOINLINE void eb_gemm256_k##R##x##NB(const uint8_t *a, size_t row_bytes, int32_t steps, const uint8_t *w, \
                                                 size_t panel_bytes, int32_t *c) {                                    \
    eb_gemm256_kernel(a, row_bytes, steps, w, panel_bytes, c, R, NB);                                                 \
  }
EB_GEMM256_SHAPE(2, 1)
EB_GEMM256_SHAPE(3, 1)
EB_GEMM256_SHAPE(4, 1)
EB_GEMM256_SHAPE(5, 1)
EB_GEMM256_SHAPE(6, 1)
EB_GEMM256_SHAPE(7, 1)
EB_GEMM256_SHAPE(8, 1)
EB_GEMM256_SHAPE(2, 2)
EB_GEMM256_SHAPE(3, 2)
EB_GEMM256_SHAPE(4, 2)
EB_GEMM256_SHAPE(5, 2)
EB_GEMM256_SHAPE(6, 2)
EB_GEMM256_SHAPE(2, 3)
EB_GEMM256_SHAPE(2, 4)
#undef EB_GEMM256_SHAPE

/* One row (batch 1) against nb (1..4) blocks: each block's sum runs in 2 chains over the steps (g mod 2),
 * so the dependent multiply-adds' latency does not bound a GEMV. */
EB_GEMM_INLINE void eb_gemm256_kernel_row(const uint8_t *a, int32_t steps, const uint8_t *w, size_t panel_bytes,
                                          int32_t *c, const int nb) {
  const __m256i z = _mm256_setzero_si256();
  __m256i s0_0 = z, s0_1 = z, s1_0 = z, s1_1 = z, s2_0 = z, s2_1 = z, s3_0 = z, s3_1 = z;
  int32_t g = 0;
  for (; g + 2 <= steps; g += 2) {
    const __m256i a0 = _mm256_set1_epi32(eb_gemm_load_i32(a + (size_t)(g + 0) * 4)),
                  a1 = _mm256_set1_epi32(eb_gemm_load_i32(a + (size_t)(g + 1) * 4));
    const uint8_t *wg = w + (size_t)g * 32;
    if (nb > 0) {
      const uint8_t *wj = wg;
      s0_0 = _mm256_add_epi32(s0_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wj + 0))));
      s0_1 = _mm256_add_epi32(s0_1, _mm256_madd_epi16(a1, _mm256_loadu_si256((const __m256i *)(wj + 32))));
    }
    if (nb > 1) {
      const uint8_t *wj = wg + 1 * panel_bytes;
      s1_0 = _mm256_add_epi32(s1_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wj + 0))));
      s1_1 = _mm256_add_epi32(s1_1, _mm256_madd_epi16(a1, _mm256_loadu_si256((const __m256i *)(wj + 32))));
    }
    if (nb > 2) {
      const uint8_t *wj = wg + 2 * panel_bytes;
      s2_0 = _mm256_add_epi32(s2_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wj + 0))));
      s2_1 = _mm256_add_epi32(s2_1, _mm256_madd_epi16(a1, _mm256_loadu_si256((const __m256i *)(wj + 32))));
    }
    if (nb > 3) {
      const uint8_t *wj = wg + 3 * panel_bytes;
      s3_0 = _mm256_add_epi32(s3_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wj + 0))));
      s3_1 = _mm256_add_epi32(s3_1, _mm256_madd_epi16(a1, _mm256_loadu_si256((const __m256i *)(wj + 32))));
    }
  }
  for (; g < steps; ++g) {
    const __m256i a0 = _mm256_set1_epi32(eb_gemm_load_i32(a + (size_t)g * 4));
    const uint8_t *wg = w + (size_t)g * 32;
    if (nb > 0) s0_0 = _mm256_add_epi32(s0_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wg))));
    if (nb > 1)
      s1_0 = _mm256_add_epi32(s1_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wg + 1 * panel_bytes))));
    if (nb > 2)
      s2_0 = _mm256_add_epi32(s2_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wg + 2 * panel_bytes))));
    if (nb > 3)
      s3_0 = _mm256_add_epi32(s3_0, _mm256_madd_epi16(a0, _mm256_loadu_si256((const __m256i *)(wg + 3 * panel_bytes))));
  }
  if (nb > 0) _mm256_storeu_si256((__m256i *)(c + 0), _mm256_add_epi32(s0_0, s0_1));
  if (nb > 1) _mm256_storeu_si256((__m256i *)(c + 8), _mm256_add_epi32(s1_0, s1_1));
  if (nb > 2) _mm256_storeu_si256((__m256i *)(c + 16), _mm256_add_epi32(s2_0, s2_1));
  if (nb > 3) _mm256_storeu_si256((__m256i *)(c + 24), _mm256_add_epi32(s3_0, s3_1));
}

#define EB_GEMM256_ROW(NB)                                                                                          \
  static EB_NOINLINE void eb_gemm256_r1x##NB(const uint8_t *a, int32_t steps, const uint8_t *w, size_t panel_bytes, \
                                             int32_t *c) {                                                          \
    eb_gemm256_kernel_row(a, steps, w, panel_bytes, c, NB);                                                         \
  }
EB_GEMM256_ROW(1)
EB_GEMM256_ROW(2)
EB_GEMM256_ROW(3)
EB_GEMM256_ROW(4)
#undef EB_GEMM256_ROW

/* The microkernel for rows x nb known only at run time. */
static inline void eb_gemm256_kernel_any(const uint8_t *a, size_t row_bytes, int32_t steps, const uint8_t *w,
                                         size_t panel_bytes, int32_t *c, int rows, int nb) {
  if (rows == 1) {
    switch (nb) {
      case 1:
        eb_gemm256_r1x1(a, steps, w, panel_bytes, c);
        return;
      case 2:
        eb_gemm256_r1x2(a, steps, w, panel_bytes, c);
        return;
      case 3:
        eb_gemm256_r1x3(a, steps, w, panel_bytes, c);
        return;
      default:
        eb_gemm256_r1x4(a, steps, w, panel_bytes, c);
        return;
    }
  }
  switch (nb * 16 + rows) {
    case 18:
      eb_gemm256_k2x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 19:
      eb_gemm256_k3x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 20:
      eb_gemm256_k4x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 21:
      eb_gemm256_k5x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 22:
      eb_gemm256_k6x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 23:
      eb_gemm256_k7x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 24:
      eb_gemm256_k8x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 34:
      eb_gemm256_k2x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 35:
      eb_gemm256_k3x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 36:
      eb_gemm256_k4x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 37:
      eb_gemm256_k5x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 38:
      eb_gemm256_k6x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 50:
      eb_gemm256_k2x3(a, row_bytes, steps, w, panel_bytes, c);
      return;
    default:
      eb_gemm256_k2x4(a, row_bytes, steps, w, panel_bytes, c);
      return;
  }
}

/* eb_gemm_put_fn / eb_gemm_fill_fn of int16 A elements: sixteen, then eight at a time, then one by one. */
static inline void eb_gemm256_put(uint8_t *dst, const int8_t *src, int32_t len) {
  int32_t i = 0;
  for (; i + 16 <= len; i += 16)
    _mm256_storeu_si256((__m256i *)(dst + 2 * i), _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(src + i))));
  if (i + 8 <= len) {
    _mm_storeu_si128((__m128i *)(dst + 2 * i), _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(src + i))));
    i += 8;
  }
  for (; i < len; ++i) {
    const int16_t x = src[i];
    memcpy(dst + 2 * i, &x, 2);
  }
}

static inline void eb_gemm256_fill(uint8_t *dst, int32_t v, int32_t len) {
  int32_t i = 0;
  const __m256i x = _mm256_set1_epi16((short)v);
  for (; i + 16 <= len; i += 16) _mm256_storeu_si256((__m256i *)(dst + 2 * i), x);
  const int16_t x16 = (int16_t)v;
  for (; i < len; ++i) memcpy(dst + 2 * i, &x16, 2);
}

/* Adds the folded bias to the rows x nb tile c and requantises it into out (rows ldc apart), the first n_left channels
 * of it. */
EB_GEMM_INLINE void eb_gemm256_finish(const int32_t *c, int rows, int nb, const int32_t *bias, const eb_rq8 *rq,
                                      const eb_gemm_hdr *h, int8_t *out, size_t ldc, int32_t n_left, const int fast) {
  const __m256i zp = _mm256_set1_epi32(h->out_zp), lo = _mm256_set1_epi32(h->q_min), hi = _mm256_set1_epi32(h->q_max);
  for (int j = 0; j < nb; ++j) {
    const eb_rq8v k = eb_rq8_load(rq + j);
    const __m256i b = _mm256_loadu_si256((const __m256i *)(bias + 8 * j));
    const int32_t n = n_left - 8 * j < 8 ? n_left - 8 * j : 8;
    for (int r = 0; r < rows; ++r) {
      const __m256i x = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(c + 8 * (r * nb + j))), b);
      eb_rq8_store(out + (size_t)r * ldc + 8 * j, eb_rq8_apply(x, &k, fast, zp, lo, hi), n);
    }
  }
}

/* Tasks [t0, t1) of the GEMM: A's rows from src, the blob from eb_gemm256_pack, C into out (n per row). */
static inline void eb_gemm256_run(const eb_gemm_plan *pl, const eb_gemm_src *src, const void *packed, int8_t *out,
                                  void *scratch, int32_t t0, int32_t t1) {
  const uint8_t *base = (const uint8_t *)packed;
  const eb_gemm_hdr *h = (const eb_gemm_hdr *)(const void *)base;
  const eb_rq8 *rq = (const eb_rq8 *)(const void *)(base + eb_gemm_rq_offset());
  const int32_t *bias = (const int32_t *)(const void *)(base + eb_gemm_bias_offset(pl));
  const uint8_t *panels = base + eb_gemm_weights_offset(pl);
  const size_t panel_bytes = eb_gemm_panel_bytes(pl), row_bytes = eb_gemm_row_bytes(pl);
  const int32_t steps = pl->kp / pl->kgroup;
  uint8_t *a = (uint8_t *)scratch;
  int32_t c[EB_GEMM256_TILE * 8];
  for (int32_t t = t0; t < t1; ++t) {
    int32_t r0, r1, b0, b1;
    eb_gemm_task_range(pl, t, &r0, &r1, &b0, &b1);
    for (int32_t m0 = r0; m0 < r1; m0 += pl->mr) {
      const int rows = r1 - m0 < pl->mr ? r1 - m0 : pl->mr;
      eb_gemm_gather_rows(pl, src, m0, rows, a, row_bytes, eb_gemm256_put, eb_gemm256_fill);
      for (int32_t b = b0; b < b1; b += pl->nb) {
        const int nb = b1 - b < pl->nb ? b1 - b : pl->nb;
        eb_gemm256_kernel_any(a, row_bytes, steps, panels + (size_t)b * panel_bytes, panel_bytes, c, rows, nb);
        int8_t *o = out + (size_t)m0 * pl->n + 8 * b;
        if (h->fast) {
          eb_gemm256_finish(c, rows, nb, bias + 8 * b, rq + b, h, o, (size_t)pl->n, pl->n - 8 * b, 1);
        } else {
          eb_gemm256_finish(c, rows, nb, bias + 8 * b, rq + b, h, o, (size_t)pl->n, pl->n - 8 * b, 0);
        }
      }
    }
  }
}

/* The whole blob: common part, then one eb_rq8 per block (mult/shift step 1 per channel, 0 per layer). */
static inline void eb_gemm256_pack(const eb_gemm_plan *pl, const int8_t *w, const int32_t *bias, const int32_t *mult,
                                   const int32_t *shift, int32_t step, int32_t in_zp, int32_t out_zp, int32_t q_min,
                                   int32_t q_max, void *packed) {
  const int fast = eb_requantize_all_fast(mult, shift, step ? pl->n : 1);
  eb_gemm_pack_common(pl, w, bias, in_zp, fast, out_zp, q_min, q_max, packed);
  eb_rq8 *rq = (eb_rq8 *)(void *)((uint8_t *)packed + eb_gemm_rq_offset());
  for (int32_t b = 0; b < pl->nblk; ++b) {
    const int32_t c0 = b * 8, n = pl->n - c0 < 8 ? pl->n - c0 : 8;
    eb_rq8_fill(rq + b, mult + (size_t)c0 * step, shift + (size_t)c0 * step, step, n, fast);
  }
}

#endif
