/* int8 DEPTHWISE_CONV_2D for 3x3 filters (dilation 1, depth multiplier 1, horizontal stride 1 or 2, any
 * vertical stride and padding) with AVX-512 VNNI, bit-exact with eb_depthwise_conv2d_s8_ref.
 *
 * Products: vpdpbusd sums four u8 x s8 products per int32 lane, so each lane holds one channel and its four
 * bytes four taps of that channel. The nine taps of an output form three groups, (0..3), (4..7) and (8, with
 * three zero weights). A group's four tap vectors of 64 channels (bytes x ^ 0x80 = x + 128) are interleaved
 * by vpunpck{l,h}bw then vpunpck{l,h}wd into four vectors Q0..Q3, where dword i of 128-bit block L of Qk holds
 * channel 16 L + 4 k + i; tap 8 alone is spread the same way by one vpshufb per Qk. Weights, bias and the
 * requantisation constants are packed in that lane order, and vpackssdw (Q0, Q1), (Q2, Q3) then vpacksswb
 * put the 64 results back in channel order. The zero point is folded into the bias at pack time:
 *   sum (x + 128) w = sum (x - in_zp) w + (128 + in_zp) sum w,
 * so a tap outside the image is given the value in_zp (its product cancels), as the reference's skipping does.
 *
 * Lanes: a vector holds 64 channels of one output pixel, or, when the layer has C = 64 / P channels (C <= 32)
 * and stride 1, C channels of P neighbouring pixels: one 64-byte load at column x then gives the same tap of
 * pixels x .. x + P - 1 (lane l is channel l mod C). Pixels whose taps are partly outside the image (and the
 * last ones of a row that do not fill a vector) are computed one at a time in the low C lanes.
 *
 * Requantisation: requant_avx512.h's fast path with constants in memory (the zero point folded in when every
 * shift allows), or the general path for layers with any other channel; saturating packs then a bytewise
 * clamp (exact, [q_min, q_max] lies inside int8).
 *
 * Blob: 64-byte header, then per block of 64 lanes: folded bias (4 x 16 int32), weights (3 groups x 4 vectors),
 * four requantisation records. A task is one output row of one image; run walks the blocks outermost so that
 * a block's constants stay in cache across the rows of the call. No scratch. */
#include <immintrin.h>
#include <string.h>

#include "depthwise_geom.h"
#include "depthwise_x86.h"
#include "quant.h"
#include "requant_avx512.h"
#include "x86_variant.h"

#if defined(__GNUC__)
#define DWV_INLINE static inline __attribute__((always_inline))
#else
#define DWV_INLINE static inline
#endif

typedef struct {
  int32_t fast;      /* every channel takes the fast requantisation path */
  int32_t zp_folded; /* ... and the output zero point is inside its constants */
  int32_t pix;       /* pixels per vector: 1 or 64 / C */
  int32_t blocks;
  int32_t reserved[12];
} dwv_hdr;

/* The requantisation record of one vector: either form, the larger size. */
typedef union {
  eb_rq16f fast;
  eb_rq16 general;
} dwv_rq;

typedef struct {
  int32_t bias[4][16];
  uint8_t w[3][4][64];
  dwv_rq rq[4];
} dwv_block;

static int32_t dwv_pix(const eb_conv_params *p) {
  const int32_t c = p->in_c;
  return p->stride_w == 1 && c <= 32 && 64 % c == 0 ? 64 / c : 1;
}

static int32_t dwv_blocks(const eb_conv_params *p) { return dwv_pix(p) > 1 ? 1 : (p->out_c + 63) / 64; }

int eb_depthwise_conv2d_s8_3x3_avx512vnni_applies(const eb_conv_params *p) {
  return p->k_h == 3 && p->k_w == 3 && p->dil_h == 1 && p->dil_w == 1 && p->depth_multiplier == 1 &&
         p->in_c == p->out_c && p->in_c > 0 && (p->stride_w == 1 || p->stride_w == 2) && p->stride_h >= 1 &&
         p->in_zp >= -128 && p->in_zp <= 127 && p->q_min >= -128 && p->q_max <= 127 && p->q_min <= p->q_max &&
         p->batch > 0 && p->out_h > 0 && p->out_w > 0;
}

size_t eb_depthwise_conv2d_s8_3x3_avx512vnni_packed_bytes(const eb_conv_params *p) {
  return sizeof(dwv_hdr) + (size_t)dwv_blocks(p) * sizeof(dwv_block);
}

/* The channel of int32 lane j of vector k in block cb, or -1 for a lane past the last channel. */
static int32_t dwv_lane_channel(const eb_conv_params *p, int32_t pix, int32_t cb, int32_t k, int32_t j) {
  const int32_t pos = 16 * (j / 4) + 4 * k + j % 4;
  if (pix > 1) return pos % p->in_c;
  const int32_t c = 64 * cb + pos;
  return c < p->out_c ? c : -1;
}

void eb_depthwise_conv2d_s8_3x3_avx512vnni_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                                const int32_t *mult, const int32_t *shift, void *packed) {
  const int8_t *f = (const int8_t *)filter;
  const int32_t *b = (const int32_t *)bias;
  const int32_t pix = dwv_pix(p), blocks = dwv_blocks(p), oc = p->out_c;
  dwv_hdr hdr;
  memset(&hdr, 0, sizeof(hdr));
  hdr.fast = eb_requantize_all_fast(mult, shift, oc);
  hdr.zp_folded = hdr.fast && eb_rq16f_can_fold(shift, oc);
  hdr.pix = pix;
  hdr.blocks = blocks;
  memcpy(packed, &hdr, sizeof(hdr));
  dwv_block *blk = (dwv_block *)((uint8_t *)packed + sizeof(dwv_hdr));
  const uint32_t zp_term = (uint32_t)(128 + p->in_zp);
  for (int32_t cb = 0; cb < blocks; ++cb) {
    dwv_block *k = &blk[cb];
    memset(k, 0, sizeof(*k));
    for (int32_t v = 0; v < 4; ++v) {
      int32_t m[16], s[16];
      for (int32_t j = 0; j < 16; ++j) {
        const int32_t c = dwv_lane_channel(p, pix, cb, v, j);
        uint32_t sum = 0;
        for (int32_t t = 0; t < 9; ++t) {
          const int8_t w = c >= 0 ? f[(size_t)t * oc + c] : 0;
          sum += (uint32_t)(int32_t)w;
          k->w[t / 4][v][4 * j + t % 4] = (uint8_t)w;
        }
        k->bias[v][j] = c >= 0 ? (int32_t)((b ? (uint32_t)b[c] : 0u) - zp_term * sum) : 0;
        /* A dead lane gets a harmless fast pair; its result is never stored. */
        m[j] = c >= 0 ? mult[c] : (1 << 30) + 1;
        s[j] = c >= 0 ? shift[c] : -2;
      }
      if (hdr.fast) {
        eb_rq16f_fill(&k->rq[v].fast, m, s, hdr.zp_folded ? p->out_zp : 0);
      } else {
        eb_rq16_fill(&k->rq[v].general, m, s, 1, 16, 0);
      }
    }
  }
}

int32_t eb_depthwise_conv2d_s8_3x3_avx512vnni_tasks(const eb_conv_params *p) { return p->batch * p->out_h; }

size_t eb_depthwise_conv2d_s8_3x3_avx512vnni_scratch_bytes(const eb_conv_params *p) {
  (void)p;
  return 0;
}

typedef struct {
  __m512i zpx;     /* a tap outside the image: in_zp ^ 0x80 */
  __m512i flip;    /* 0x80 bytes */
  __m512i lo8, hi8; /* the clamp, bytewise */
  __m512i out_zp;  /* int32, when not folded */
  __m512i spread[4]; /* vpshufb controls spreading tap 8 into Qk's lanes */
} dwv_consts;

DWV_INLINE __m512i dwv_load(const int8_t *src, int full, __mmask64 lm) {
  return full ? _mm512_loadu_si512(src) : _mm512_maskz_loadu_epi8(lm, src);
}

/* One vector of outputs at rows[r] + off + kx * step: taps whose bit of vmask is clear take in_zp. full:
 * 64-byte loads, else lm's bytes. rq_mode: 2 fast with the zero point folded, 1 fast, 0 general. */
DWV_INLINE void dwv_vector(const int8_t *const rows[3], ptrdiff_t off, ptrdiff_t step, const uint32_t vmask,
                           const int full, __mmask64 lm, const dwv_block *k, const dwv_consts *cs, const int rq_mode,
                           int8_t *dst, int store_full, __mmask64 sm) {
  __m512i x[9];
#pragma GCC unroll 9
  for (int t = 0; t < 9; ++t) {
    x[t] = (vmask >> t) & 1u ? _mm512_xor_si512(dwv_load(rows[t / 3] + off + (t % 3) * step, full, lm), cs->flip)
                             : cs->zpx;
  }
  __m512i acc0 = _mm512_load_si512(k->bias[0]), acc1 = _mm512_load_si512(k->bias[1]);
  __m512i acc2 = _mm512_load_si512(k->bias[2]), acc3 = _mm512_load_si512(k->bias[3]);
#pragma GCC unroll 2
  for (int g = 0; g < 2; ++g) {
    const __m512i ab_lo = _mm512_unpacklo_epi8(x[4 * g], x[4 * g + 1]);
    const __m512i ab_hi = _mm512_unpackhi_epi8(x[4 * g], x[4 * g + 1]);
    const __m512i cd_lo = _mm512_unpacklo_epi8(x[4 * g + 2], x[4 * g + 3]);
    const __m512i cd_hi = _mm512_unpackhi_epi8(x[4 * g + 2], x[4 * g + 3]);
    acc0 = _mm512_dpbusd_epi32(acc0, _mm512_unpacklo_epi16(ab_lo, cd_lo), _mm512_load_si512(k->w[g][0]));
    acc1 = _mm512_dpbusd_epi32(acc1, _mm512_unpackhi_epi16(ab_lo, cd_lo), _mm512_load_si512(k->w[g][1]));
    acc2 = _mm512_dpbusd_epi32(acc2, _mm512_unpacklo_epi16(ab_hi, cd_hi), _mm512_load_si512(k->w[g][2]));
    acc3 = _mm512_dpbusd_epi32(acc3, _mm512_unpackhi_epi16(ab_hi, cd_hi), _mm512_load_si512(k->w[g][3]));
  }
  acc0 = _mm512_dpbusd_epi32(acc0, _mm512_shuffle_epi8(x[8], cs->spread[0]), _mm512_load_si512(k->w[2][0]));
  acc1 = _mm512_dpbusd_epi32(acc1, _mm512_shuffle_epi8(x[8], cs->spread[1]), _mm512_load_si512(k->w[2][1]));
  acc2 = _mm512_dpbusd_epi32(acc2, _mm512_shuffle_epi8(x[8], cs->spread[2]), _mm512_load_si512(k->w[2][2]));
  acc3 = _mm512_dpbusd_epi32(acc3, _mm512_shuffle_epi8(x[8], cs->spread[3]), _mm512_load_si512(k->w[2][3]));
  __m512i r0, r1, r2, r3;
  if (rq_mode) {
    r0 = eb_rq16f_apply(acc0, &k->rq[0].fast);
    r1 = eb_rq16f_apply(acc1, &k->rq[1].fast);
    r2 = eb_rq16f_apply(acc2, &k->rq[2].fast);
    r3 = eb_rq16f_apply(acc3, &k->rq[3].fast);
  } else {
    r0 = eb_rq16_general_mem(acc0, &k->rq[0].general);
    r1 = eb_rq16_general_mem(acc1, &k->rq[1].general);
    r2 = eb_rq16_general_mem(acc2, &k->rq[2].general);
    r3 = eb_rq16_general_mem(acc3, &k->rq[3].general);
  }
  if (rq_mode != 2) {
    r0 = _mm512_add_epi32(r0, cs->out_zp);
    r1 = _mm512_add_epi32(r1, cs->out_zp);
    r2 = _mm512_add_epi32(r2, cs->out_zp);
    r3 = _mm512_add_epi32(r3, cs->out_zp);
  }
  const __m512i o = eb_rq16_pack4_clamp(r0, r1, r2, r3, cs->lo8, cs->hi8);
  if (store_full) {
    _mm512_storeu_si512(dst, o);
  } else {
    _mm512_mask_storeu_epi8(dst, sm, o);
  }
}

/* The taps of a pixel at image column x0 whose three rows have valid bits rbits (bit r: row r inside). */
static inline uint32_t dwv_vmask(uint32_t rbits, int32_t x0, int32_t in_w) {
  uint32_t cbits = 0;
  for (int32_t kx = 0; kx < 3; ++kx) cbits |= (uint32_t)(x0 + kx >= 0 && x0 + kx < in_w) << kx;
  const uint32_t rows9 = (rbits & 1u ? 7u : 0u) | (rbits & 2u ? 7u << 3 : 0u) | (rbits & 4u ? 7u << 6 : 0u);
  return rows9 & (cbits * 0x49u);
}

/* One output row of one block: pixels [0, out_w), pix per vector in [a, b) where every tap is inside. */
DWV_INLINE void dwv_row(const eb_conv_params *p, const int8_t *const rows[3], uint32_t rbits, const dwv_block *k,
                        const dwv_consts *cs, const int rq_mode, int32_t pix, int32_t c0, int32_t n,
                        int32_t a, int32_t b, int8_t *out_row) {
  const int32_t C = p->in_c, sw = p->stride_w;
  const ptrdiff_t step = C;
  const int full = n == 64;
  const __mmask64 lm = n >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << n) - 1;
  const int rows_all = rbits == 7u;
  int32_t ox = 0;
  while (ox < p->out_w) {
    const int32_t x0 = ox * sw - p->pad_left;
    const ptrdiff_t off = (ptrdiff_t)x0 * C + c0;
    int8_t *dst = out_row + (size_t)ox * C + c0;
    if (pix > 1 && ox >= a && ox + pix <= b) {
      /* P whole pixels: the same taps are valid for all of them. */
      if (rows_all) {
        dwv_vector(rows, off, step, 0x1FFu, 1, lm, k, cs, rq_mode, dst, 1, lm);
      } else {
        dwv_vector(rows, off, step, dwv_vmask(rbits, 0, 3), 1, lm, k, cs, rq_mode, dst, 1, lm);
      }
      ox += pix;
      continue;
    }
    const uint32_t vm = dwv_vmask(rbits, x0, p->in_w);
    if (vm == 0x1FFu && full) {
      dwv_vector(rows, off, step, 0x1FFu, 1, lm, k, cs, rq_mode, dst, 1, lm);
    } else if (full) {
      dwv_vector(rows, off, step, vm, 1, lm, k, cs, rq_mode, dst, 1, lm);
    } else {
      dwv_vector(rows, off, step, vm, 0, lm, k, cs, rq_mode, dst, 0, lm);
    }
    ++ox;
  }
}

static void dwv_run(const eb_conv_params *p, const int8_t *in, const void *packed, int8_t *out, int32_t t0,
                    int32_t t1, const int rq_mode) {
  const dwv_hdr *h = (const dwv_hdr *)packed;
  const dwv_block *blk = (const dwv_block *)((const uint8_t *)packed + sizeof(dwv_hdr));
  const int32_t C = p->in_c, pix = h->pix;
  dwv_consts cs;
  cs.zpx = _mm512_set1_epi8((char)(p->in_zp ^ 0x80));
  cs.flip = _mm512_set1_epi8((char)0x80);
  cs.lo8 = _mm512_set1_epi8((char)p->q_min);
  cs.hi8 = _mm512_set1_epi8((char)p->q_max);
  cs.out_zp = _mm512_set1_epi32(p->out_zp);
  for (int k = 0; k < 4; ++k) {
    /* dword i of each 128-bit block takes byte 4k + i; the other three bytes are zero. */
    cs.spread[k] = _mm512_set1_epi64((long long)(((uint64_t)(0x80808000u | (uint32_t)(4 * k + 1)) << 32) |
                                                 (0x80808000u | (uint32_t)(4 * k))));
    const __m512i pair = cs.spread[k];
    const __m512i upper = _mm512_add_epi8(pair, _mm512_set1_epi64(0x0000000200000002LL));
    cs.spread[k] = _mm512_mask_blend_epi64(0xAA, pair, upper);
  }
  int32_t a, b;
  eb_dw_interior_cols(p, &a, &b);
  const size_t image = (size_t)p->in_h * p->in_w * C;
  for (int32_t cb = 0; cb < h->blocks; ++cb) {
    const dwv_block *k = &blk[cb];
    const int32_t c0 = 64 * cb;
    const int32_t n = pix > 1 ? C : (C - c0 < 64 ? C - c0 : 64);
    for (int32_t t = t0; t < t1; ++t) {
      const int32_t bi = t / p->out_h, oy = t % p->out_h;
      const int8_t *in_b = in + (size_t)bi * image;
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      const int8_t *rows[3];
      uint32_t rbits = 0;
      for (int r = 0; r < 3; ++r) {
        const int ok = y0 + r >= 0 && y0 + r < p->in_h;
        rbits |= (uint32_t)ok << r;
        rows[r] = in_b + (size_t)(ok ? y0 + r : 0) * p->in_w * C;
      }
      dwv_row(p, rows, rbits, k, &cs, rq_mode, pix, c0, n, a, b, out + (size_t)t * p->out_w * C);
    }
  }
}

void eb_depthwise_conv2d_s8_3x3_avx512vnni_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                               void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  const dwv_hdr *h = (const dwv_hdr *)packed;
  const int8_t *x = (const int8_t *)in;
  int8_t *y = (int8_t *)out;
  if (h->zp_folded) {
    dwv_run(p, x, packed, y, task_begin, task_end, 2);
  } else if (h->fast) {
    dwv_run(p, x, packed, y, task_begin, task_end, 1);
  } else {
    dwv_run(p, x, packed, y, task_begin, task_end, 0);
  }
}
