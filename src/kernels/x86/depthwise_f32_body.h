/* float32 DEPTHWISE_CONV_2D over NHWC, vectorised across channels, for any ISA whose .c file defines first:
 *   dwf_v (a vector of DWF_VW floats), DWF_VW, DWF_G (pixels of the 3x3 loop's register block),
 *   dwf_zero, dwf_set1, dwf_load (aligned), dwf_loadu, dwf_load_n (first n lanes, the rest 0, reading only
 *   those n floats), dwf_expand (dwf_load_n then lane i takes loaded lane idx[i]), dwf_fma (a * b + c),
 *   dwf_clamp, dwf_storeu, dwf_store_n (first n lanes only).
 * Every function here is static; the including file exports the variant's entry points.
 *
 * Packed blob, channel blocks of DWF_VW output channels (the last one padded with zeros):
 *   weights [blocks][k_h * k_w][DWF_VW], bias [blocks][DWF_VW], input lane map [blocks][DWF_VW] (int32).
 * Output channel o reads input channel o / depth_multiplier: a block's lanes read the input channels from
 * in0 = first / dm on, lane i the (i-th output's) channel in0 + map[i]; with depth multiplier 1 that is a
 * plain load.
 *
 * A task is one output row (batch * out_h of them). Border taps are skipped by computing each pixel's
 * valid tap ranges; the 3x3 loop (dilation 1, stride 1 or 2, depth multiplier 1) runs over the row's
 * interior columns with the filter in registers, its missing filter rows (top and bottom output rows)
 * replaced by a valid image row times zero weights. */
#ifndef EB_DEPTHWISE_F32_BODY_H
#define EB_DEPTHWISE_F32_BODY_H

#include <stddef.h>
#include <stdint.h>

#include "depthwise_geom.h"
#include "x86_variant.h"

static inline int32_t dwf_blocks(const eb_conv_params *p) { return (p->out_c + DWF_VW - 1) / DWF_VW; }

static size_t dwf_packed_bytes(const eb_conv_params *p) {
  const size_t blocks = (size_t)dwf_blocks(p);
  const size_t bytes = blocks * DWF_VW * ((size_t)p->k_h * p->k_w + 1) * sizeof(float) +
                       blocks * DWF_VW * sizeof(int32_t);
  return (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
}

static void dwf_pack(const eb_conv_params *p, const float *filter, const float *bias, void *packed) {
  const int32_t blocks = dwf_blocks(p), taps = p->k_h * p->k_w, dm = p->depth_multiplier;
  float *w = (float *)packed;
  float *b = w + (size_t)blocks * taps * DWF_VW;
  int32_t *map = (int32_t *)(b + (size_t)blocks * DWF_VW);
  for (int32_t cb = 0; cb < blocks; ++cb) {
    const int32_t first = cb * DWF_VW, in0 = first / dm;
    for (int32_t i = 0; i < DWF_VW; ++i) {
      const int32_t o = first + i;
      const int live = o < p->out_c;
      for (int32_t t = 0; t < taps; ++t)
        w[((size_t)cb * taps + t) * DWF_VW + i] = live ? filter[(size_t)t * p->out_c + o] : 0.0f;
      b[(size_t)cb * DWF_VW + i] = live && bias ? bias[o] : 0.0f;
      /* Dead lanes read the block's first input channel, which is always loaded. */
      map[(size_t)cb * DWF_VW + i] = live ? o / dm - in0 : 0;
    }
  }
}

static inline int32_t dwf_tasks(const eb_conv_params *p) { return p->batch * p->out_h; }

/* What one channel block needs: its weights, bias and lane map, where its input lanes start, how many input
 * channels and output channels it has. */
typedef struct {
  const float *w, *bias;
  const int32_t *map;
  int32_t in0, n_in, n_out;
} dwf_block;

static inline dwf_block dwf_block_at(const eb_conv_params *p, const void *packed, int32_t cb) {
  const int32_t blocks = dwf_blocks(p), taps = p->k_h * p->k_w, dm = p->depth_multiplier;
  const float *w = (const float *)packed;
  const float *b = w + (size_t)blocks * taps * DWF_VW;
  const int32_t *map = (const int32_t *)(b + (size_t)blocks * DWF_VW);
  dwf_block k;
  const int32_t first = cb * DWF_VW;
  const int32_t end = first + DWF_VW < p->out_c ? first + DWF_VW : p->out_c;
  k.w = w + (size_t)cb * taps * DWF_VW;
  k.bias = b + (size_t)cb * DWF_VW;
  k.map = map + (size_t)cb * DWF_VW;
  k.in0 = first / dm;
  k.n_in = (end - 1) / dm - k.in0 + 1;
  k.n_out = end - first;
  return k;
}

/* An input vector of the block at a pixel's channel 0: full (all DWF_VW lanes live, depth multiplier 1),
 * a partial block, or lanes expanded from fewer input channels. `full` and `dm1` are constants where
 * this is inlined. */
static inline dwf_v dwf_in(const float *px, const dwf_block *k, int full, int dm1) {
  if (dm1) return full ? dwf_loadu(px + k->in0) : dwf_load_n(px + k->in0, k->n_in);
  return dwf_expand(px + k->in0, k->n_in, k->map);
}

static inline void dwf_out(float *o, dwf_v v, const dwf_block *k, int full) {
  if (full) {
    dwf_storeu(o, v);
  } else {
    dwf_store_n(o, v, k->n_out);
  }
}

/* One output pixel over its valid taps: rows [ky_lo, ky_hi) starting at image row y0, columns from x0. */
static inline void dwf_pixel(const eb_conv_params *p, const float *in_b, const dwf_block *k, int32_t y0,
                             int32_t ky_lo, int32_t ky_hi, int32_t x0, float *o, dwf_v lo, dwf_v hi, int full,
                             int dm1) {
  int32_t kx_lo, kx_hi;
  eb_dw_tap_range(x0, p->dil_w, p->k_w, p->in_w, &kx_lo, &kx_hi);
  dwf_v acc = dwf_load(k->bias);
  for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
    const float *row = in_b + (size_t)(y0 + ky * p->dil_h) * p->in_w * p->in_c;
    const float *w = k->w + (size_t)ky * p->k_w * DWF_VW;
    for (int32_t kx = kx_lo; kx < kx_hi; ++kx) {
      const float *px = row + (size_t)(x0 + kx * p->dil_w) * p->in_c;
      acc = dwf_fma(dwf_in(px, k, full, dm1), dwf_load(w + (size_t)kx * DWF_VW), acc);
    }
  }
  dwf_out(o, dwf_clamp(acc, lo, hi), k, full);
}

/* One channel block of one output row by pixels (any geometry). */
static inline void dwf_row_general(const eb_conv_params *p, const float *in_b, const dwf_block *k, int32_t y0,
                                   int32_t ky_lo, int32_t ky_hi, float *out_row, dwf_v lo, dwf_v hi, int full,
                                   int dm1) {
  for (int32_t ox = 0; ox < p->out_w; ++ox)
    dwf_pixel(p, in_b, k, y0, ky_lo, ky_hi, ox * p->stride_w - p->pad_left, out_row + (size_t)ox * p->out_c, lo,
              hi, full, dm1);
}

/* The 3x3 loop over columns [a, b) of one block: DWF_G pixels at a time, each filter row's input vectors
 * loaded once for the group (stride s: (DWF_G - 1) * s + 3 of them). rows[] are three valid image rows;
 * a missing filter row has its weights zeroed in wr[]. */
static inline void dwf_3x3_cols(const eb_conv_params *p, const float *const rows[3], const dwf_v wr[9],
                                const dwf_block *k, int32_t a, int32_t b, int32_t s, float *out_row, dwf_v lo,
                                dwf_v hi, int full) {
  const size_t step = (size_t)p->in_c;
  int32_t ox = a;
  for (; ox + DWF_G <= b; ox += DWF_G) {
    const size_t x0 = (size_t)(ox * s - p->pad_left);
    dwf_v acc[DWF_G];
    const dwf_v bias = dwf_load(k->bias);
#pragma GCC unroll 8
    for (int g = 0; g < DWF_G; ++g) acc[g] = bias;
#pragma GCC unroll 3
    for (int r = 0; r < 3; ++r) {
      const float *src = rows[r] + x0 * step;
#pragma GCC unroll 8
      for (int g = 0; g < DWF_G; ++g) {
        const float *px = src + (size_t)g * s * step;
        acc[g] = dwf_fma(dwf_in(px, k, full, 1), wr[3 * r], acc[g]);
        acc[g] = dwf_fma(dwf_in(px + step, k, full, 1), wr[3 * r + 1], acc[g]);
        acc[g] = dwf_fma(dwf_in(px + 2 * step, k, full, 1), wr[3 * r + 2], acc[g]);
      }
    }
#pragma GCC unroll 8
    for (int g = 0; g < DWF_G; ++g)
      dwf_out(out_row + (size_t)(ox + g) * p->out_c, dwf_clamp(acc[g], lo, hi), k, full);
  }
  for (; ox < b; ++ox) {
    const size_t x0 = (size_t)(ox * s - p->pad_left);
    dwf_v acc = dwf_load(k->bias);
#pragma GCC unroll 3
    for (int r = 0; r < 3; ++r) {
      const float *px = rows[r] + x0 * step;
      acc = dwf_fma(dwf_in(px, k, full, 1), wr[3 * r], acc);
      acc = dwf_fma(dwf_in(px + step, k, full, 1), wr[3 * r + 1], acc);
      acc = dwf_fma(dwf_in(px + 2 * step, k, full, 1), wr[3 * r + 2], acc);
    }
    dwf_out(out_row + (size_t)ox * p->out_c, dwf_clamp(acc, lo, hi), k, full);
  }
}

static inline void dwf_row_3x3(const eb_conv_params *p, const float *in_b, const dwf_block *k, int32_t y0,
                               int32_t ky_lo, int32_t ky_hi, int32_t a, int32_t b, float *out_row, dwf_v lo,
                               dwf_v hi, int full) {
  const float *rows[3];
  dwf_v wr[9];
  for (int r = 0; r < 3; ++r) {
    const int valid = r >= ky_lo && r < ky_hi;
    rows[r] = in_b + (size_t)(y0 + (valid ? r : ky_lo)) * p->in_w * p->in_c;
    for (int c = 0; c < 3; ++c) wr[3 * r + c] = valid ? dwf_load(k->w + (size_t)(3 * r + c) * DWF_VW) : dwf_zero();
  }
  for (int32_t ox = 0; ox < a; ++ox)
    dwf_pixel(p, in_b, k, y0, ky_lo, ky_hi, ox * p->stride_w - p->pad_left, out_row + (size_t)ox * p->out_c, lo, hi,
              full, 1);
  /* A constant stride fixes the group's input offsets. */
  if (p->stride_w == 1) {
    dwf_3x3_cols(p, rows, wr, k, a, b, 1, out_row, lo, hi, full);
  } else {
    dwf_3x3_cols(p, rows, wr, k, a, b, 2, out_row, lo, hi, full);
  }
  for (int32_t ox = b; ox < p->out_w; ++ox)
    dwf_pixel(p, in_b, k, y0, ky_lo, ky_hi, ox * p->stride_w - p->pad_left, out_row + (size_t)ox * p->out_c, lo, hi,
              full, 1);
}

static inline int dwf_is_3x3(const eb_conv_params *p) {
  return p->k_h == 3 && p->k_w == 3 && p->dil_h == 1 && p->dil_w == 1 && p->depth_multiplier == 1 &&
         (p->stride_w == 1 || p->stride_w == 2);
}

static void dwf_run(const eb_conv_params *p, const float *in, const void *packed, float *out, int32_t task_begin,
                    int32_t task_end) {
  const int32_t blocks = dwf_blocks(p);
  const int fast = dwf_is_3x3(p), dm1 = p->depth_multiplier == 1;
  const dwf_v lo = dwf_set1(p->act_min), hi = dwf_set1(p->act_max);
  int32_t a, b;
  eb_dw_interior_cols(p, &a, &b);
  for (int32_t t = task_begin; t < task_end; ++t) {
    const int32_t n = t / p->out_h, oy = t % p->out_h;
    const float *in_b = in + (size_t)n * p->in_h * p->in_w * p->in_c;
    float *out_row = out + (size_t)t * p->out_w * p->out_c;
    const int32_t y0 = oy * p->stride_h - p->pad_top;
    int32_t ky_lo, ky_hi;
    eb_dw_tap_range(y0, p->dil_h, p->k_h, p->in_h, &ky_lo, &ky_hi);
    for (int32_t cb = 0; cb < blocks; ++cb) {
      const dwf_block k = dwf_block_at(p, packed, cb);
      float *o = out_row + (size_t)cb * DWF_VW;
      const int full = k.n_out == DWF_VW;
      if (fast && ky_lo < ky_hi) {
        if (full) {
          dwf_row_3x3(p, in_b, &k, y0, ky_lo, ky_hi, a, b, o, lo, hi, 1);
        } else {
          dwf_row_3x3(p, in_b, &k, y0, ky_lo, ky_hi, a, b, o, lo, hi, 0);
        }
      } else if (dm1) {
        if (full) {
          dwf_row_general(p, in_b, &k, y0, ky_lo, ky_hi, o, lo, hi, 1, 1);
        } else {
          dwf_row_general(p, in_b, &k, y0, ky_lo, ky_hi, o, lo, hi, 0, 1);
        }
      } else {
        dwf_row_general(p, in_b, &k, y0, ky_lo, ky_hi, o, lo, hi, 0, 0);
      }
    }
  }
}

#endif
