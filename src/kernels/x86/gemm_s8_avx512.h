/* The int8 GEMM microkernel and driver on 512-bit registers (sixteen output channels per block), shared by
 * the avx512 (int16 pairs, vpmaddwd + vpaddd) and avx512vnni (u8 x s8 quads, vpdpbusd) variants of CONV_2D
 * and FULLY_CONNECTED; see gemm_s8_plan.h for the arithmetic and the blob. The file's ISA picks the product:
 * compiled with -mavx512vnni (__AVX512VNNI__), u8 x s8 quads through vpdpbusd, else int16 pairs.
 *
 * The microkernel keeps rows x blocks sums in registers over all of K (one broadcast 4-byte A step per row,
 * one weight vector per block), writes them to a small stack tile, and the requantisation runs over that
 * tile block by block with the block's constants loaded once. */
#ifndef EB_GEMM_S8_AVX512_H
#define EB_GEMM_S8_AVX512_H

#include <immintrin.h>

#include "gemm_s8_plan.h"
#include "requant_avx512.h"

#define EB_GEMM512_MR_WIDE 8
#define EB_GEMM512_MR_NARROW 12
/* The largest rows x blocks tile of sums: 12 x 1, 8 x 2 or 2 x 4. */
#define EB_GEMM512_TILE 16

#ifdef __AVX512VNNI__
#define EB_GEMM512_KGROUP 4
#else
#define EB_GEMM512_KGROUP 2
#endif

/* The two record forms share one slot per block. */
typedef char eb_gemm512_rq_sizes_match[sizeof(eb_rq16f) == sizeof(eb_rq16) ? 1 : -1];

static inline eb_gemm_plan eb_gemm512_plan(int32_t m, int32_t n, int32_t k) {
  return eb_gemm_plan_make(m, n, k, EB_GEMM512_KGROUP, 16, EB_GEMM512_MR_WIDE, EB_GEMM512_MR_NARROW, sizeof(eb_rq16));
}

EB_GEMM_INLINE __m512i eb_gemm512_madd(__m512i acc, __m512i a, __m512i w) {
#ifdef __AVX512VNNI__
  return _mm512_dpbusd_epi32(acc, a, w);
#else
  return _mm512_add_epi32(acc, _mm512_madd_epi16(a, w));
#endif
}

/* c[r][j][16] = the sum over steps of row r of a (row_bytes apart) times panel j (panel_bytes apart), for
 * rows x nb of 1..12 x 1, 1..8 x 2 or 1..2 x 3..4. The sums are named variables, not an array: GCC keeps an
 * array of accumulators in registers only with a copy per update (and spills), named ones it updates in place.
 * The guards are constants after inlining, so each shape keeps just its own sums. */
EB_GEMM_INLINE void eb_gemm512_kernel(const uint8_t *a, size_t row_bytes, int32_t steps, const uint8_t *w,
                                      size_t panel_bytes, int32_t *c, const int rows, const int nb) {
  const __m512i z = _mm512_setzero_si512();
  __m512i c0_0 = z, c0_1 = z, c0_2 = z, c0_3 = z, c1_0 = z, c1_1 = z, c1_2 = z, c1_3 = z;
  __m512i c2_0 = z, c2_1 = z, c3_0 = z, c3_1 = z, c4_0 = z, c4_1 = z, c5_0 = z, c5_1 = z, c6_0 = z, c6_1 = z;
  __m512i c7_0 = z, c7_1 = z, c8_0 = z, c9_0 = z, c10_0 = z, c11_0 = z;
  for (int32_t g = 0; g < steps; ++g) {
    const uint8_t *ag = a + (size_t)g * 4, *wg = w + (size_t)g * 64;
    const __m512i w0 = _mm512_loadu_si512(wg);
    const __m512i w1 = nb > 1 ? _mm512_loadu_si512(wg + panel_bytes) : z;
    const __m512i w2 = nb > 2 ? _mm512_loadu_si512(wg + 2 * panel_bytes) : z;
    const __m512i w3 = nb > 3 ? _mm512_loadu_si512(wg + 3 * panel_bytes) : z;
#define EB_A(r) _mm512_set1_epi32(eb_gemm_load_i32(ag + (size_t)(r)*row_bytes))
#define EB_ROW1(r)                                \
  if (rows > (r)) {                               \
    const __m512i av = EB_A(r);                   \
    c##r##_0 = eb_gemm512_madd(c##r##_0, av, w0); \
  }
#define EB_ROW2(r)                                            \
  if (rows > (r)) {                                           \
    const __m512i av = EB_A(r);                               \
    c##r##_0 = eb_gemm512_madd(c##r##_0, av, w0);             \
    if (nb > 1) c##r##_1 = eb_gemm512_madd(c##r##_1, av, w1); \
  }
#define EB_ROW4(r)                                            \
  if (rows > (r)) {                                           \
    const __m512i av = EB_A(r);                               \
    c##r##_0 = eb_gemm512_madd(c##r##_0, av, w0);             \
    if (nb > 1) c##r##_1 = eb_gemm512_madd(c##r##_1, av, w1); \
    if (nb > 2) c##r##_2 = eb_gemm512_madd(c##r##_2, av, w2); \
    if (nb > 3) c##r##_3 = eb_gemm512_madd(c##r##_3, av, w3); \
  }
    EB_ROW4(0)
    EB_ROW4(1)
    EB_ROW2(2) EB_ROW2(3) EB_ROW2(4) EB_ROW2(5) EB_ROW2(6) EB_ROW2(7) EB_ROW1(8) EB_ROW1(9) EB_ROW1(10) EB_ROW1(11)
#undef EB_A
#undef EB_ROW1
#undef EB_ROW2
#undef EB_ROW4
  }
#define EB_OUT(r, j) \
  if (rows > (r) && nb > (j)) _mm512_storeu_si512(c + 16 * ((r)*nb + (j)), c##r##_##j);
  EB_OUT(0, 0)
  EB_OUT(0, 1)
  EB_OUT(0, 2)
  EB_OUT(0, 3)
  EB_OUT(1, 0) EB_OUT(1, 1) EB_OUT(1, 2) EB_OUT(1, 3) EB_OUT(2, 0) EB_OUT(2, 1) EB_OUT(3, 0) EB_OUT(3, 1) EB_OUT(4, 0)
      EB_OUT(4, 1) EB_OUT(5, 0) EB_OUT(5, 1) EB_OUT(6, 0) EB_OUT(6, 1) EB_OUT(7, 0) EB_OUT(7, 1) EB_OUT(8, 0)
          EB_OUT(9, 0) EB_OUT(10, 0) EB_OUT(11, 0)
#undef EB_OUT
}

/* One function per shape the plans use, kept out of line: inlined into the driver, the sums compete with its
 * live values and GCC spills them. */
#define EB_GEMM512_SHAPE(R, NB)                                                                                       \
  static EB_NOINLINE void eb_gemm512_k##R##x##NB(const uint8_t *a, size_t row_bytes, int32_t steps, const uint8_t *w, \
                                                 size_t panel_bytes, int32_t *c) {                                    \
    eb_gemm512_kernel(a, row_bytes, steps, w, panel_bytes, c, R, NB);                                                 \
  }
EB_GEMM512_SHAPE(2, 1)
EB_GEMM512_SHAPE(3, 1)
EB_GEMM512_SHAPE(4, 1)
EB_GEMM512_SHAPE(5, 1)
EB_GEMM512_SHAPE(6, 1)
EB_GEMM512_SHAPE(7, 1)
EB_GEMM512_SHAPE(8, 1)
EB_GEMM512_SHAPE(9, 1)
EB_GEMM512_SHAPE(10, 1)
EB_GEMM512_SHAPE(11, 1)
EB_GEMM512_SHAPE(12, 1)
EB_GEMM512_SHAPE(2, 2)
EB_GEMM512_SHAPE(3, 2)
EB_GEMM512_SHAPE(4, 2)
EB_GEMM512_SHAPE(5, 2)
EB_GEMM512_SHAPE(6, 2)
EB_GEMM512_SHAPE(7, 2)
EB_GEMM512_SHAPE(8, 2)
EB_GEMM512_SHAPE(2, 3)
EB_GEMM512_SHAPE(2, 4)
#undef EB_GEMM512_SHAPE

/* One row (batch 1) against nb (1..4) blocks: each block's sum runs in 4 chains over the steps (g mod 4),
 * so the dependent multiply-adds' latency does not bound a GEMV. */
EB_GEMM_INLINE void eb_gemm512_kernel_row(const uint8_t *a, int32_t steps, const uint8_t *w, size_t panel_bytes,
                                          int32_t *c, const int nb) {
  const __m512i z = _mm512_setzero_si512();
  __m512i s0_0 = z, s0_1 = z, s0_2 = z, s0_3 = z, s1_0 = z, s1_1 = z, s1_2 = z, s1_3 = z, s2_0 = z, s2_1 = z, s2_2 = z,
          s2_3 = z, s3_0 = z, s3_1 = z, s3_2 = z, s3_3 = z;
  int32_t g = 0;
  for (; g + 4 <= steps; g += 4) {
    const __m512i a0 = _mm512_set1_epi32(eb_gemm_load_i32(a + (size_t)(g + 0) * 4)),
                  a1 = _mm512_set1_epi32(eb_gemm_load_i32(a + (size_t)(g + 1) * 4)),
                  a2 = _mm512_set1_epi32(eb_gemm_load_i32(a + (size_t)(g + 2) * 4)),
                  a3 = _mm512_set1_epi32(eb_gemm_load_i32(a + (size_t)(g + 3) * 4));
    const uint8_t *wg = w + (size_t)g * 64;
    if (nb > 0) {
      const uint8_t *wj = wg;
      s0_0 = eb_gemm512_madd(s0_0, a0, _mm512_loadu_si512(wj + 0));
      s0_1 = eb_gemm512_madd(s0_1, a1, _mm512_loadu_si512(wj + 64));
      s0_2 = eb_gemm512_madd(s0_2, a2, _mm512_loadu_si512(wj + 128));
      s0_3 = eb_gemm512_madd(s0_3, a3, _mm512_loadu_si512(wj + 192));
    }
    if (nb > 1) {
      const uint8_t *wj = wg + 1 * panel_bytes;
      s1_0 = eb_gemm512_madd(s1_0, a0, _mm512_loadu_si512(wj + 0));
      s1_1 = eb_gemm512_madd(s1_1, a1, _mm512_loadu_si512(wj + 64));
      s1_2 = eb_gemm512_madd(s1_2, a2, _mm512_loadu_si512(wj + 128));
      s1_3 = eb_gemm512_madd(s1_3, a3, _mm512_loadu_si512(wj + 192));
    }
    if (nb > 2) {
      const uint8_t *wj = wg + 2 * panel_bytes;
      s2_0 = eb_gemm512_madd(s2_0, a0, _mm512_loadu_si512(wj + 0));
      s2_1 = eb_gemm512_madd(s2_1, a1, _mm512_loadu_si512(wj + 64));
      s2_2 = eb_gemm512_madd(s2_2, a2, _mm512_loadu_si512(wj + 128));
      s2_3 = eb_gemm512_madd(s2_3, a3, _mm512_loadu_si512(wj + 192));
    }
    if (nb > 3) {
      const uint8_t *wj = wg + 3 * panel_bytes;
      s3_0 = eb_gemm512_madd(s3_0, a0, _mm512_loadu_si512(wj + 0));
      s3_1 = eb_gemm512_madd(s3_1, a1, _mm512_loadu_si512(wj + 64));
      s3_2 = eb_gemm512_madd(s3_2, a2, _mm512_loadu_si512(wj + 128));
      s3_3 = eb_gemm512_madd(s3_3, a3, _mm512_loadu_si512(wj + 192));
    }
  }
  for (; g < steps; ++g) {
    const __m512i a0 = _mm512_set1_epi32(eb_gemm_load_i32(a + (size_t)g * 4));
    const uint8_t *wg = w + (size_t)g * 64;
    if (nb > 0) s0_0 = eb_gemm512_madd(s0_0, a0, _mm512_loadu_si512(wg));
    if (nb > 1) s1_0 = eb_gemm512_madd(s1_0, a0, _mm512_loadu_si512(wg + 1 * panel_bytes));
    if (nb > 2) s2_0 = eb_gemm512_madd(s2_0, a0, _mm512_loadu_si512(wg + 2 * panel_bytes));
    if (nb > 3) s3_0 = eb_gemm512_madd(s3_0, a0, _mm512_loadu_si512(wg + 3 * panel_bytes));
  }
  if (nb > 0) _mm512_storeu_si512(c + 0, _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s0_0, s0_1), s0_2), s0_3));
  if (nb > 1) _mm512_storeu_si512(c + 16, _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s1_0, s1_1), s1_2), s1_3));
  if (nb > 2) _mm512_storeu_si512(c + 32, _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s2_0, s2_1), s2_2), s2_3));
  if (nb > 3) _mm512_storeu_si512(c + 48, _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(s3_0, s3_1), s3_2), s3_3));
}

#define EB_GEMM512_ROW(NB)                                                                                          \
  static EB_NOINLINE void eb_gemm512_r1x##NB(const uint8_t *a, int32_t steps, const uint8_t *w, size_t panel_bytes, \
                                             int32_t *c) {                                                          \
    eb_gemm512_kernel_row(a, steps, w, panel_bytes, c, NB);                                                         \
  }
EB_GEMM512_ROW(1)
EB_GEMM512_ROW(2)
EB_GEMM512_ROW(3)
EB_GEMM512_ROW(4)
#undef EB_GEMM512_ROW

/* The microkernel for rows x nb known only at run time. */
static inline void eb_gemm512_kernel_any(const uint8_t *a, size_t row_bytes, int32_t steps, const uint8_t *w,
                                         size_t panel_bytes, int32_t *c, int rows, int nb) {
  if (rows == 1) {
    switch (nb) {
      case 1:
        eb_gemm512_r1x1(a, steps, w, panel_bytes, c);
        return;
      case 2:
        eb_gemm512_r1x2(a, steps, w, panel_bytes, c);
        return;
      case 3:
        eb_gemm512_r1x3(a, steps, w, panel_bytes, c);
        return;
      default:
        eb_gemm512_r1x4(a, steps, w, panel_bytes, c);
        return;
    }
  }
  switch (nb * 16 + rows) {
    case 18:
      eb_gemm512_k2x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 19:
      eb_gemm512_k3x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 20:
      eb_gemm512_k4x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 21:
      eb_gemm512_k5x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 22:
      eb_gemm512_k6x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 23:
      eb_gemm512_k7x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 24:
      eb_gemm512_k8x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 25:
      eb_gemm512_k9x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 26:
      eb_gemm512_k10x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 27:
      eb_gemm512_k11x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 28:
      eb_gemm512_k12x1(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 34:
      eb_gemm512_k2x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 35:
      eb_gemm512_k3x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 36:
      eb_gemm512_k4x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 37:
      eb_gemm512_k5x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 38:
      eb_gemm512_k6x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 39:
      eb_gemm512_k7x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 40:
      eb_gemm512_k8x2(a, row_bytes, steps, w, panel_bytes, c);
      return;
    case 50:
      eb_gemm512_k2x3(a, row_bytes, steps, w, panel_bytes, c);
      return;
    default:
      eb_gemm512_k2x4(a, row_bytes, steps, w, panel_bytes, c);
      return;
  }
}

/* eb_gemm_put_fn / eb_gemm_fill_fn of this file's A elements (u8 = x ^ 0x80 with VNNI, else int16), whole
 * vectors and one masked tail. */
static inline void eb_gemm512_put(uint8_t *dst, const int8_t *src, int32_t len) {
  int32_t i = 0;
#ifdef __AVX512VNNI__
  const __m512i flip = _mm512_set1_epi8((char)0x80);
  for (; i + 64 <= len; i += 64) _mm512_storeu_si512(dst + i, _mm512_xor_si512(_mm512_loadu_si512(src + i), flip));
  if (i < len) {
    const __mmask64 k = (__mmask64)((1ull << (len - i)) - 1u);
    _mm512_mask_storeu_epi8(dst + i, k, _mm512_xor_si512(_mm512_maskz_loadu_epi8(k, src + i), flip));
  }
#else
  for (; i + 32 <= len; i += 32)
    _mm512_storeu_si512(dst + 2 * i, _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(src + i))));
  if (i < len) {
    const __mmask32 k = (__mmask32)((1ull << (len - i)) - 1u);
    _mm512_mask_storeu_epi16(dst + 2 * i, k, _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(k, src + i)));
  }
#endif
}

static inline void eb_gemm512_fill(uint8_t *dst, int32_t v, int32_t len) {
  int32_t i = 0;
#ifdef __AVX512VNNI__
  const __m512i x = _mm512_set1_epi8((char)(v ^ 0x80));
  for (; i + 64 <= len; i += 64) _mm512_storeu_si512(dst + i, x);
  if (i < len) _mm512_mask_storeu_epi8(dst + i, (__mmask64)((1ull << (len - i)) - 1u), x);
#else
  const __m512i x = _mm512_set1_epi16((short)v);
  for (; i + 32 <= len; i += 32) _mm512_storeu_si512(dst + 2 * i, x);
  if (i < len) _mm512_mask_storeu_epi16(dst + 2 * i, (__mmask32)((1ull << (len - i)) - 1u), x);
#endif
}

#ifdef __AVX512VNNI__
/* Bytes [off, off + len) of a 64-byte vector (off + len <= 64, len > 0). */
static inline __mmask64 eb_gemm512_bytes(int32_t off, int32_t len) {
  const __mmask64 ones = len >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << len) - 1u;
  return ones << off;
}

/* Rows m0 .. m0 + rows - 1 of A for vpdpbusd, each built in registers 64 bytes at a time (bytes not loaded hold
 * in_zp, so taps outside the image and the K padding come out right) and written by whole unmasked stores in
 * increasing address order: a store's bytes past its row are overwritten by the next row's, the last one's
 * land in the scratch's 64 spare bytes. The microkernel's 4-byte broadcast loads then each read bytes of one
 * plain store, which the core forwards; after masked or piecewise stores it cannot, and every load would
 * wait for the stores to retire. Taps of a conv row are placed by masked loads from the tap's address minus
 * its offset in the row (masked-off bytes are never accessed). Conv rows longer than 64 bytes take
 * eb_gemm_gather_rows. */
static inline void eb_gemm512_gather_vnni(const eb_gemm_plan *pl, const eb_gemm_src *s, int32_t m0, int32_t rows,
                                          uint8_t *dst, size_t row_bytes) {
  const __m512i flip = _mm512_set1_epi8((char)0x80), zpv = _mm512_set1_epi8((char)s->in_zp);
  const eb_conv_params *p = s->conv;
  if (!p || s->direct) {
    const int32_t k = pl->k;
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t *src = s->in + (size_t)(m0 + r) * k;
      uint8_t *d = dst + (size_t)r * row_bytes;
      for (int32_t i = 0; i < pl->kp; i += 64) {
        const int32_t len = k - i < 64 ? k - i : 64;
        const __m512i v = len > 0 ? _mm512_mask_loadu_epi8(zpv, eb_gemm512_bytes(0, len), src + i) : zpv;
        _mm512_storeu_si512(d + i, _mm512_xor_si512(v, flip));
      }
    }
    return;
  }
  if (pl->kp > 64) {
    eb_gemm_gather_rows(pl, s, m0, rows, dst, row_bytes, eb_gemm512_put, eb_gemm512_fill);
    return;
  }
  const int32_t hw = p->out_h * p->out_w, ic = p->in_c, row_len = p->k_w * ic;
  int32_t b = m0 / hw, oy = m0 % hw / p->out_w, ox = m0 % p->out_w;
  const size_t image = (size_t)p->in_h * p->in_w * ic;
  for (int32_t r = 0; r < rows; ++r) {
    const int8_t *in_b = s->in + (size_t)b * image;
    const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
    const int whole_row = p->dil_w == 1 && x0 >= 0 && x0 + p->k_w <= p->in_w;
    __m512i v = zpv;
    for (int32_t ky = 0; ky < p->k_h; ++ky) {
      const int32_t y = y0 + ky * p->dil_h;
      if (y < 0 || y >= p->in_h) continue;
      const int8_t *row = in_b + (size_t)y * p->in_w * ic;
      const int32_t off = ky * row_len;
      if (whole_row) {
        v = _mm512_mask_loadu_epi8(v, eb_gemm512_bytes(off, row_len), row + (ptrdiff_t)x0 * ic - off);
        continue;
      }
      for (int32_t kx = 0; kx < p->k_w; ++kx) {
        const int32_t x = x0 + kx * p->dil_w;
        if (x < 0 || x >= p->in_w) continue;
        const int32_t o = off + kx * ic;
        v = _mm512_mask_loadu_epi8(v, eb_gemm512_bytes(o, ic), row + (ptrdiff_t)x * ic - o);
      }
    }
    _mm512_storeu_si512(dst + (size_t)r * row_bytes, _mm512_xor_si512(v, flip));
    if (++ox == p->out_w) {
      ox = 0;
      if (++oy == p->out_h) {
        oy = 0;
        ++b;
      }
    }
  }
}
#endif

/* Adds the folded bias to the rows x nb tile c and requantises it into out (rows ldc apart), the first n_left channels
 * of it. mode: 2 fast path with the zero point folded into the constants (eb_rq16f records), 1 fast path,
 * 0 general (eb_rq16 records). */
EB_GEMM_INLINE void eb_gemm512_finish(const int32_t *c, int rows, int nb, const int32_t *bias, const eb_rq16 *rq,
                                      const eb_gemm_hdr *h, int8_t *out, size_t ldc, int32_t n_left, const int mode) {
  const __m512i zp = _mm512_set1_epi32(h->out_zp), lo = _mm512_set1_epi32(h->q_min), hi = _mm512_set1_epi32(h->q_max);
  for (int j = 0; j < nb; ++j) {
    const __m512i b = _mm512_loadu_si512(bias + 16 * j);
    const int32_t n = n_left - 16 * j < 16 ? n_left - 16 * j : 16;
    if (mode == 2) {
      const eb_rq16f *k = (const eb_rq16f *)(const void *)(rq + j);
      for (int r = 0; r < rows; ++r) {
        const __m512i x = _mm512_add_epi32(_mm512_loadu_si512(c + 16 * (r * nb + j)), b);
        const __m512i y = _mm512_min_epi32(_mm512_max_epi32(eb_rq16f_apply(x, k), lo), hi);
        eb_rq16_store(out + (size_t)r * ldc + 16 * j, y, n);
      }
      continue;
    }
    const eb_rq16v k = eb_rq16_load(rq + j);
    for (int r = 0; r < rows; ++r) {
      const __m512i x = _mm512_add_epi32(_mm512_loadu_si512(c + 16 * (r * nb + j)), b);
      eb_rq16_store(out + (size_t)r * ldc + 16 * j, eb_rq16_apply(x, &k, mode, zp, lo, hi), n);
    }
  }
}

/* Tasks [t0, t1) of the GEMM: A's rows from src, the blob from eb_gemm512_pack, C into out (n per row). */
static inline void eb_gemm512_run(const eb_gemm_plan *pl, const eb_gemm_src *src, const void *packed, int8_t *out,
                                  void *scratch, int32_t t0, int32_t t1) {
  const uint8_t *base = (const uint8_t *)packed;
  const eb_gemm_hdr *h = (const eb_gemm_hdr *)(const void *)base;
  const eb_rq16 *rq = (const eb_rq16 *)(const void *)(base + eb_gemm_rq_offset());
  const int32_t *bias = (const int32_t *)(const void *)(base + eb_gemm_bias_offset(pl));
  const uint8_t *panels = base + eb_gemm_weights_offset(pl);
  const size_t panel_bytes = eb_gemm_panel_bytes(pl), row_bytes = eb_gemm_row_bytes(pl);
  const int32_t steps = pl->kp / pl->kgroup;
  uint8_t *a = (uint8_t *)scratch;
  int32_t c[EB_GEMM512_TILE * 16];
  for (int32_t t = t0; t < t1; ++t) {
    int32_t r0, r1, b0, b1;
    eb_gemm_task_range(pl, t, &r0, &r1, &b0, &b1);
    for (int32_t m0 = r0; m0 < r1; m0 += pl->mr) {
      const int rows = r1 - m0 < pl->mr ? r1 - m0 : pl->mr;
#ifdef __AVX512VNNI__
      eb_gemm512_gather_vnni(pl, src, m0, rows, a, row_bytes);
#else
      eb_gemm_gather_rows(pl, src, m0, rows, a, row_bytes, eb_gemm512_put, eb_gemm512_fill);
#endif
      for (int32_t b = b0; b < b1; b += pl->nb) {
        const int nb = b1 - b < pl->nb ? b1 - b : pl->nb;
        eb_gemm512_kernel_any(a, row_bytes, steps, panels + (size_t)b * panel_bytes, panel_bytes, c, rows, nb);
        int8_t *o = out + (size_t)m0 * pl->n + 16 * b;
        if (h->zp_folded) {
          eb_gemm512_finish(c, rows, nb, bias + 16 * b, rq + b, h, o, (size_t)pl->n, pl->n - 16 * b, 2);
        } else if (h->fast) {
          eb_gemm512_finish(c, rows, nb, bias + 16 * b, rq + b, h, o, (size_t)pl->n, pl->n - 16 * b, 1);
        } else {
          eb_gemm512_finish(c, rows, nb, bias + 16 * b, rq + b, h, o, (size_t)pl->n, pl->n - 16 * b, 0);
        }
      }
    }
  }
}

/* The whole blob: common part, then one eb_rq16 per block (mult/shift step 1 per channel, 0 per layer). */
static inline void eb_gemm512_pack(const eb_gemm_plan *pl, const int8_t *w, const int32_t *bias, const int32_t *mult,
                                   const int32_t *shift, int32_t step, int32_t in_zp, int32_t out_zp, int32_t q_min,
                                   int32_t q_max, void *packed) {
  const int fast = eb_requantize_all_fast(mult, shift, step ? pl->n : 1);
  const int fold = fast && eb_rq16f_can_fold(shift, step ? pl->n : 1);
  eb_gemm_pack_common(pl, w, bias, in_zp, fast, out_zp, q_min, q_max, packed);
  ((eb_gemm_hdr *)packed)->zp_folded = fold;
  eb_rq16 *rq = (eb_rq16 *)(void *)((uint8_t *)packed + eb_gemm_rq_offset());
  for (int32_t b = 0; b < pl->nblk; ++b) {
    const int32_t c0 = b * 16, n = pl->n - c0 < 16 ? pl->n - c0 : 16;
    if (fold) {
      /* Lanes past the last channel repeat its pair (their results are never stored). */
      int32_t m[16], sh[16];
      for (int32_t i = 0; i < 16; ++i) {
        const size_t at = (size_t)(c0 + (i < n ? i : n - 1)) * step;
        m[i] = mult[at];
        sh[i] = shift[at];
      }
      eb_rq16f_fill((eb_rq16f *)(void *)(rq + b), m, sh, out_zp);
    } else {
      eb_rq16_fill(rq + b, mult + (size_t)c0 * step, shift + (size_t)c0 * step, step, n, fast);
    }
  }
}

#endif
