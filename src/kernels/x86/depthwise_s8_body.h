/* int8 DEPTHWISE_CONV_2D over NHWC, bit-exact with eb_depthwise_conv2d_s8_ref, for any ISA whose .c file
 * defines first:
 *   dws_v (one integer vector: DWS_L int32 or 2 * DWS_L int16 lanes), DWS_L, DWS_CB = 2 * DWS_L channels
 *   per block, DWS_VB its bytes, DWS_G (pixels of the 3x3 loop's block), dws_rq / dws_rqv (the requant_*.h
 *   constants of DWS_L channels and their registers), dws_rq_fill, dws_rq_load, and the vector helpers
 *   dws_zero, dws_set16, dws_set32, dws_load (aligned), dws_in (DWS_CB int8 widened to int16),
 *   dws_in_n (the first n of them, reading only those n bytes), dws_in_map (n input bytes spread over the
 *   block's lanes by an int16 lane map), dws_sub16, dws_and, dws_add32, dws_madd_lo / dws_madd_hi,
 *   dws_store (two requantised halves in [-128, 127] as the block's first n int8 outputs).
 *
 * Arithmetic: x - in_zp fits int16 ([-255, 255]), the filter is int8, so vpmaddwd over two taps at once
 * gives (x_a - zp) w_a + (x_b - zp) w_b exactly in int32; the sums add up with wrapping like the
 * reference's, bias included (integer addition in any order gives the same bits). A tap outside the image
 * contributes a zero vector, i.e. x == in_zp, as the reference's skipping does. Taps pair in filter order
 * (t = ky * k_w + kx: pairs (0, 1), (2, 3), ...; an odd count's last pair has zero weights).
 *
 * Lane order: a block's input is widened to int16 (128-bit lane L holds channels 8L..8L+7); vpunpck{l,h}wd
 * of two taps interleaves them within each 128-bit lane, so int32 lane j of half h holds channel
 * 8 (j / 4) + 4 h + j % 4. Weights, bias and requantisation constants are packed in that order, and
 * vpackssdw of the two requantised halves restores channel order.
 *
 * Packed blob: 64 bytes of header (int32 fast: every channel takes requant's fast path), then per block
 *   weights [pairs][2 halves] vectors of int16 pairs, bias [2] vectors, rq [2], input lane map (int16 [CB],
 *   for depth multipliers above 1: lane i reads input channel in0 + map[i]).
 *
 * A task is one output row. The 3x3 loop (dilation 1, depth multiplier 1) keeps the row's filter pairs in
 * registers; a filter row outside the image takes a valid image row with its weights masked to zero. */
#ifndef EB_DEPTHWISE_S8_BODY_H
#define EB_DEPTHWISE_S8_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "depthwise_geom.h"
#include "quant.h"
#include "x86_variant.h"

enum { DWS_HEADER = 64 };

static inline int32_t dws_blocks(const eb_conv_params *p) { return (p->out_c + DWS_CB - 1) / DWS_CB; }
static inline int32_t dws_pairs(const eb_conv_params *p) { return (p->k_h * p->k_w + 1) / 2; }

/* Bytes of one block's part of the blob. */
static inline size_t dws_block_bytes(const eb_conv_params *p) {
  return (size_t)dws_pairs(p) * 2 * DWS_VB + 2 * DWS_VB + 2 * sizeof(dws_rq) + DWS_VB;
}

static size_t dws_packed_bytes(const eb_conv_params *p) {
  const size_t bytes = DWS_HEADER + (size_t)dws_blocks(p) * dws_block_bytes(p);
  return (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
}

/* The block-relative channel of int32 lane j of half h. */
static inline int32_t dws_lane_channel(int32_t h, int32_t j) { return 8 * (j / 4) + 4 * h + j % 4; }

static void dws_pack(const eb_conv_params *p, const int8_t *filter, const int32_t *bias, const int32_t *mult,
                     const int32_t *shift, void *packed) {
  const int32_t blocks = dws_blocks(p), pairs = dws_pairs(p), taps = p->k_h * p->k_w, dm = p->depth_multiplier;
  const int fast = eb_requantize_all_fast(mult, shift, p->out_c);
  uint8_t *blob = (uint8_t *)packed;
  *(int32_t *)blob = fast;
  for (int32_t cb = 0; cb < blocks; ++cb) {
    uint8_t *k = blob + DWS_HEADER + (size_t)cb * dws_block_bytes(p);
    int16_t *w = (int16_t *)k;
    int32_t *b = (int32_t *)(k + (size_t)pairs * 2 * DWS_VB);
    dws_rq *rq = (dws_rq *)(b + 2 * DWS_L);
    int16_t *map = (int16_t *)(rq + 2);
    const int32_t first = cb * DWS_CB, in0 = first / dm;
    for (int32_t h = 0; h < 2; ++h) {
      int32_t m[DWS_L], s[DWS_L];
      for (int32_t j = 0; j < DWS_L; ++j) {
        const int32_t o = first + dws_lane_channel(h, j);
        const int live = o < p->out_c;
        for (int32_t q = 0; q < pairs; ++q) {
          for (int32_t e = 0; e < 2; ++e) {
            const int32_t t = 2 * q + e;
            w[((size_t)q * 2 + h) * 2 * DWS_L + 2 * j + e] =
                (int16_t)(live && t < taps ? filter[(size_t)t * p->out_c + o] : 0);
          }
        }
        b[h * DWS_L + j] = live && bias ? bias[o] : 0;
        /* Dead lanes get a harmless pair (their results are never stored). */
        m[j] = live ? mult[o] : 0;
        s[j] = live ? shift[o] : fast ? -2 : 0;
      }
      dws_rq_fill(&rq[h], m, s, 1, DWS_L, fast);
    }
    for (int32_t i = 0; i < DWS_CB; ++i) {
      const int32_t o = first + i;
      map[i] = (int16_t)(o < p->out_c ? o / dm - in0 : 0);
    }
  }
}

static inline int32_t dws_tasks(const eb_conv_params *p) { return p->batch * p->out_h; }

typedef struct {
  const uint8_t *w; /* pairs * 2 vectors */
  dws_v bias0, bias1;
  dws_rqv rq0, rq1;
  const int16_t *map;
  int32_t in0, n_in, n_out;
} dws_block;

static inline dws_block dws_block_at(const eb_conv_params *p, const void *packed, int32_t cb) {
  const uint8_t *k = (const uint8_t *)packed + DWS_HEADER + (size_t)cb * dws_block_bytes(p);
  const uint8_t *b = k + (size_t)dws_pairs(p) * 2 * DWS_VB;
  const dws_rq *rq = (const dws_rq *)(b + 2 * DWS_VB);
  dws_block blk;
  const int32_t dm = p->depth_multiplier, first = cb * DWS_CB;
  const int32_t end = first + DWS_CB < p->out_c ? first + DWS_CB : p->out_c;
  blk.w = k;
  blk.bias0 = dws_load(b);
  blk.bias1 = dws_load(b + DWS_VB);
  blk.rq0 = dws_rq_load(&rq[0]);
  blk.rq1 = dws_rq_load(&rq[1]);
  blk.map = (const int16_t *)(rq + 2);
  blk.in0 = first / dm;
  blk.n_in = (end - 1) / dm - blk.in0 + 1;
  blk.n_out = end - first;
  return blk;
}

/* The output's per-layer constants. */
typedef struct {
  dws_v in_zp, out_zp, lo, hi;
  int fast;
} dws_consts;

/* A tap's input minus the zero point at a pixel's channel 0; `full` and `dm1` are constants where inlined. */
static inline dws_v dws_tap(const int8_t *px, const dws_block *k, const dws_consts *c, int full, int dm1) {
  dws_v x;
  if (dm1) {
    x = full ? dws_in(px + k->in0) : dws_in_n(px + k->in0, k->n_in);
  } else {
    x = dws_in_map(px + k->in0, k->n_in, k->map);
  }
  return dws_sub16(x, c->in_zp);
}

static inline void dws_finish(int8_t *o, dws_v acc0, dws_v acc1, const dws_block *k, const dws_consts *c) {
  dws_v r0, r1;
  if (c->fast) {
    r0 = dws_rq_fast(acc0, &k->rq0);
    r1 = dws_rq_fast(acc1, &k->rq1);
  } else {
    r0 = dws_rq_general(acc0, &k->rq0);
    r1 = dws_rq_general(acc1, &k->rq1);
  }
  dws_store(o, dws_rq_finish(r0, c->out_zp, c->lo, c->hi), dws_rq_finish(r1, c->out_zp, c->lo, c->hi), k->n_out);
}

/* One output pixel over its valid taps (any geometry): rows [ky_lo, ky_hi) from image row y0, columns from
 * x0; a tap outside the image is a zero vector. */
static inline void dws_pixel(const eb_conv_params *p, const int8_t *in_b, const dws_block *k, const dws_consts *c,
                             int32_t y0, int32_t ky_lo, int32_t ky_hi, int32_t x0, int8_t *o, int full, int dm1) {
  int32_t kx_lo, kx_hi;
  eb_dw_tap_range(x0, p->dil_w, p->k_w, p->in_w, &kx_lo, &kx_hi);
  const int32_t taps = p->k_h * p->k_w;
  dws_v acc0 = k->bias0, acc1 = k->bias1;
  int32_t ky = 0, kx = 0;
  dws_v x[2];
  for (int32_t t = 0; t < taps + (taps & 1); ++t) {
    if (t < taps && ky >= ky_lo && ky < ky_hi && kx >= kx_lo && kx < kx_hi) {
      const int8_t *px = in_b + ((size_t)(y0 + ky * p->dil_h) * p->in_w + (size_t)(x0 + kx * p->dil_w)) * p->in_c;
      x[t & 1] = dws_tap(px, k, c, full, dm1);
    } else {
      x[t & 1] = dws_zero();
    }
    if (++kx == p->k_w) {
      kx = 0;
      ++ky;
    }
    if (t & 1) {
      const uint8_t *w = k->w + (size_t)(t >> 1) * 2 * DWS_VB;
      acc0 = dws_add32(acc0, dws_madd_lo(x[0], x[1], dws_load(w)));
      acc1 = dws_add32(acc1, dws_madd_hi(x[0], x[1], dws_load(w + DWS_VB)));
    }
  }
  dws_finish(o, acc0, acc1, k, c);
}

static inline void dws_row_general(const eb_conv_params *p, const int8_t *in_b, const dws_block *k,
                                   const dws_consts *c, int32_t y0, int32_t ky_lo, int32_t ky_hi, int8_t *out_row,
                                   int full, int dm1) {
  for (int32_t ox = 0; ox < p->out_w; ++ox)
    dws_pixel(p, in_b, k, c, y0, ky_lo, ky_hi, ox * p->stride_w - p->pad_left, out_row + (size_t)ox * p->out_c, full,
              dm1);
}

/* The 3x3 loop over columns [a, b) of one block, DWS_G pixels at a time: each filter row's inputs are
 * widened once for the group ((DWS_G - 1) * s + 3 of them), then paired in filter order. */
static inline void dws_3x3_cols(const eb_conv_params *p, const int8_t *const rows[3], const dws_v wv[10],
                                const dws_block *k, const dws_consts *c, int32_t a, int32_t b, int32_t s,
                                int8_t *out_row, int full) {
  enum { SPAN = (DWS_G - 1) * 2 + 3 };
  const size_t step = (size_t)p->in_c;
  int32_t ox = a;
  for (; ox + DWS_G <= b; ox += DWS_G) {
    const size_t x0 = (size_t)(ox * s - p->pad_left);
    dws_v in[3][SPAN];
    const int32_t span = (DWS_G - 1) * s + 3;
#pragma GCC unroll 3
    for (int r = 0; r < 3; ++r) {
#pragma GCC unroll 16
      for (int i = 0; i < span; ++i) in[r][i] = dws_tap(rows[r] + (x0 + (size_t)i) * step, k, c, full, 1);
    }
#pragma GCC unroll 8
    for (int g = 0; g < DWS_G; ++g) {
      dws_v acc0 = k->bias0, acc1 = k->bias1;
      dws_v x[10];
#pragma GCC unroll 9
      for (int t = 0; t < 9; ++t) x[t] = in[t / 3][g * s + t % 3];
      x[9] = dws_zero();
#pragma GCC unroll 5
      for (int q = 0; q < 5; ++q) {
        acc0 = dws_add32(acc0, dws_madd_lo(x[2 * q], x[2 * q + 1], wv[2 * q]));
        acc1 = dws_add32(acc1, dws_madd_hi(x[2 * q], x[2 * q + 1], wv[2 * q + 1]));
      }
      dws_finish(out_row + (size_t)(ox + g) * p->out_c, acc0, acc1, k, c);
    }
  }
  for (; ox < b; ++ox) {
    const size_t x0 = (size_t)(ox * s - p->pad_left);
    dws_v acc0 = k->bias0, acc1 = k->bias1;
    dws_v x[10];
#pragma GCC unroll 9
    for (int t = 0; t < 9; ++t) x[t] = dws_tap(rows[t / 3] + (x0 + (size_t)(t % 3)) * step, k, c, full, 1);
    x[9] = dws_zero();
#pragma GCC unroll 5
    for (int q = 0; q < 5; ++q) {
      acc0 = dws_add32(acc0, dws_madd_lo(x[2 * q], x[2 * q + 1], wv[2 * q]));
      acc1 = dws_add32(acc1, dws_madd_hi(x[2 * q], x[2 * q + 1], wv[2 * q + 1]));
    }
    dws_finish(out_row + (size_t)ox * p->out_c, acc0, acc1, k, c);
  }
}

static inline void dws_row_3x3(const eb_conv_params *p, const int8_t *in_b, const dws_block *k, const dws_consts *c,
                               int32_t y0, int32_t ky_lo, int32_t ky_hi, int32_t a, int32_t b, int8_t *out_row,
                               int full) {
  const int8_t *rows[3];
  dws_v wv[10];
  for (int r = 0; r < 3; ++r) {
    const int valid = r >= ky_lo && r < ky_hi;
    rows[r] = in_b + (size_t)(y0 + (valid ? r : ky_lo)) * p->in_w * p->in_c;
  }
  for (int q = 0; q < 5; ++q) {
    /* Tap 2q's row keeps the pair's low halves, tap 2q + 1's the high ones (tap 9 has zero weights). */
    const int ra = (2 * q) / 3, rb = (2 * q + 1) / 3;
    const uint32_t keep = (ra >= ky_lo && ra < ky_hi ? 0x0000ffffu : 0u) |
                          (rb < 3 && rb >= ky_lo && rb < ky_hi ? 0xffff0000u : 0u);
    const dws_v mask = dws_set32((int32_t)keep);
    wv[2 * q] = dws_and(dws_load(k->w + (size_t)q * 2 * DWS_VB), mask);
    wv[2 * q + 1] = dws_and(dws_load(k->w + ((size_t)q * 2 + 1) * DWS_VB), mask);
  }
  for (int32_t ox = 0; ox < a; ++ox)
    dws_pixel(p, in_b, k, c, y0, ky_lo, ky_hi, ox * p->stride_w - p->pad_left, out_row + (size_t)ox * p->out_c, full,
              1);
  /* A constant stride fixes the group's input span. */
  if (p->stride_w == 1) {
    dws_3x3_cols(p, rows, wv, k, c, a, b, 1, out_row, full);
  } else {
    dws_3x3_cols(p, rows, wv, k, c, a, b, 2, out_row, full);
  }
  for (int32_t ox = b; ox < p->out_w; ++ox)
    dws_pixel(p, in_b, k, c, y0, ky_lo, ky_hi, ox * p->stride_w - p->pad_left, out_row + (size_t)ox * p->out_c, full,
              1);
}

static inline int dws_is_3x3(const eb_conv_params *p) {
  return p->k_h == 3 && p->k_w == 3 && p->dil_h == 1 && p->dil_w == 1 && p->depth_multiplier == 1 &&
         p->stride_w <= 2;
}

static void dws_run(const eb_conv_params *p, const int8_t *in, const void *packed, int8_t *out, int32_t task_begin,
                    int32_t task_end) {
  const int32_t blocks = dws_blocks(p);
  const int fast3 = dws_is_3x3(p), dm1 = p->depth_multiplier == 1;
  dws_consts c;
  c.in_zp = dws_set16((int16_t)p->in_zp);
  c.out_zp = dws_set32(p->out_zp);
  c.lo = dws_set32(p->q_min);
  c.hi = dws_set32(p->q_max);
  c.fast = *(const int32_t *)packed;
  int32_t a, b;
  eb_dw_interior_cols(p, &a, &b);
  for (int32_t t = task_begin; t < task_end; ++t) {
    const int32_t n = t / p->out_h, oy = t % p->out_h;
    const int8_t *in_b = in + (size_t)n * p->in_h * p->in_w * p->in_c;
    int8_t *out_row = out + (size_t)t * p->out_w * p->out_c;
    const int32_t y0 = oy * p->stride_h - p->pad_top;
    int32_t ky_lo, ky_hi;
    eb_dw_tap_range(y0, p->dil_h, p->k_h, p->in_h, &ky_lo, &ky_hi);
    for (int32_t cb = 0; cb < blocks; ++cb) {
      const dws_block k = dws_block_at(p, packed, cb);
      int8_t *o = out_row + (size_t)cb * DWS_CB;
      const int full = k.n_out == DWS_CB;
      if (fast3 && ky_lo < ky_hi) {
        if (full) {
          dws_row_3x3(p, in_b, &k, &c, y0, ky_lo, ky_hi, a, b, o, 1);
        } else {
          dws_row_3x3(p, in_b, &k, &c, y0, ky_lo, ky_hi, a, b, o, 0);
        }
      } else if (dm1) {
        if (full) {
          dws_row_general(p, in_b, &k, &c, y0, ky_lo, ky_hi, o, 1, 1);
        } else {
          dws_row_general(p, in_b, &k, &c, y0, ky_lo, ky_hi, o, 0, 1);
        }
      } else {
        dws_row_general(p, in_b, &k, &c, y0, ky_lo, ky_hi, o, 0, 0);
      }
    }
  }
}

#endif
