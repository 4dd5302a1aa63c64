/* The ISA-independent part of the int8 GEMM kernels (conv2d_s8_gemm_*, fully_connected_s8_gemm_*): the tiling
 * plan, the packed blob's layout, the pack-time weight and bias transforms, and the gather of A rows.
 *
 * C[m][n] = requant(bias[n] + sum_k (A[m][k] - in_zp) W[n][k]): for CONV_2D, m runs over batch x out_h x out_w
 * pixels, n over output channels, k over the (ky, kx, ic) taps in the filter's OHWI order; for FULLY_CONNECTED,
 * m over rows of the input, k over its depth. W[n][K] is the filter as stored.
 *
 * Products are formed per 4-byte lane step of a vector: vpdpbusd sums four u8 x s8 products (kgroup 4; A is
 * stored as x ^ 0x80 = x + 128), vpmaddwd two int16 x int16 products (kgroup 2; A widened to int16). Either
 * way a vector lane l of block b holds output channel b * lanes + l, and the bias folds the zero point:
 *   u8:    sum (x + 128) w = sum (x - in_zp) w + (128 + in_zp) sum w
 *   int16: sum x w         = sum (x - in_zp) w + in_zp sum w
 * so bias' = bias - (128 + in_zp or in_zp) sum_k W[n][k], and taps outside the image are written as x = in_zp
 * (their terms cancel against the fold). K is padded to kgroup with zero weights (A's padding is then
 * irrelevant); all sums wrap modulo 2^32 like the reference's int32 accumulation.
 *
 * Blob: eb_gemm_hdr (64 bytes) | nblk requantisation records (rq_bytes each) | bias'[nblk * lanes] int32 |
 * nblk weight panels, each (kp / kgroup) steps of lanes x 4 bytes; every section 64-byte aligned.
 *
 * Tasks: a grid of row ranges (whole microtiles of mr rows, so batch 32 is one call reusing each weight
 * panel across its rows) times channel-block ranges; the channels are split only when there are too few
 * row tiles for two threads, or when the weights outweigh A (then every task takes all rows). Each task gathers
 * mr rows of A at a time into the scratch (row_bytes each). */
#ifndef EB_GEMM_S8_PLAN_H
#define EB_GEMM_S8_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conv2d.h"
#include "fully_connected.h"
#include "x86_variant.h"

/* The microkernels' shape arguments must be constants where they are used: force the inlining. */
#if defined(__GNUC__)
#define EB_GEMM_INLINE static inline __attribute__((always_inline))
#else
#define EB_GEMM_INLINE static inline
#endif

typedef struct {
  int32_t m, n, k;
  int32_t kgroup; /* K values per 4-byte lane step: 4 (u8 x s8) or 2 (int16 x int16) */
  int32_t esize;  /* bytes of one A element: 1 (u8) or 2 (int16) */
  int32_t kp;     /* K rounded up to kgroup */
  int32_t lanes;  /* output channels per vector block: 16 or 8 */
  int32_t nblk;   /* channel blocks: ceil(n / lanes) */
  int32_t mr;     /* rows per microtile */
  int32_t nb;     /* channel blocks per microkernel call, at most */
  int32_t tiles_per_task, tasks_m, blks_per_task, tasks_n;
  size_t rq_bytes; /* one block's requantisation record */
} eb_gemm_plan;

/* Requantisation and clamp of the whole layer, in front of the blob. */
typedef struct {
  int32_t fast; /* every channel takes the fast requantisation path */
  int32_t out_zp, q_min, q_max;
  int32_t zp_folded; /* fast, and the output zero point is inside the requantisation constants (AVX-512) */
  int32_t reserved[11];
} eb_gemm_hdr;

/* One 4-byte A step (four u8 or two int16), for a broadcast. */
static inline int32_t eb_gemm_load_i32(const uint8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

static inline size_t eb_gemm_align(size_t x) { return (x + EB_X86_ALIGN - 1) & ~(size_t)(EB_X86_ALIGN - 1); }
static inline int32_t eb_gemm_ceil_div(int32_t a, int32_t b) { return (a + b - 1) / b; }

/* mr_wide: rows per microtile when a call covers several channel blocks; mr_narrow when the layer has one
 * block (more rows keep more independent sums in flight). Rows of at most 2 take up to four blocks. */
static inline eb_gemm_plan eb_gemm_plan_make(int32_t m, int32_t n, int32_t k, int32_t kgroup, int32_t lanes,
                                             int32_t mr_wide, int32_t mr_narrow, size_t rq_bytes) {
  eb_gemm_plan pl;
  pl.m = m;
  pl.n = n;
  pl.k = k;
  pl.kgroup = kgroup;
  pl.esize = kgroup == 4 ? 1 : 2;
  pl.kp = eb_gemm_ceil_div(k, kgroup) * kgroup;
  pl.lanes = lanes;
  pl.nblk = eb_gemm_ceil_div(n, lanes);
  pl.rq_bytes = rq_bytes;
  if (m <= 2) {
    pl.mr = 2;
    pl.nb = 4;
  } else {
    pl.mr = pl.nblk == 1 ? mr_narrow : mr_wide;
    pl.nb = 2;
  }
  const int32_t mtiles = eb_gemm_ceil_div(m, pl.mr);
  pl.tiles_per_task = eb_gemm_ceil_div(mtiles, mtiles < 32 ? mtiles : 32);
  pl.tasks_m = eb_gemm_ceil_div(mtiles, pl.tiles_per_task);
  /* Too few row tiles for two threads: split the channels too, in whole microkernel calls. */
  const int32_t groups = eb_gemm_ceil_div(pl.nblk, pl.nb);
  int32_t want_n = pl.tasks_m >= 4 ? 1 : eb_gemm_ceil_div(4, pl.tasks_m);
  /* More weights than rows of A (MobileNetV2's late 1x1 layers at batch 32): up to 8 tasks, each all rows and
   * a range of channels, so that every weight panel is read once per call, from L1 across the microtiles,
   * instead of once per row tile; two threads then read half the weights each. Each task gathers the rows
   * again, hence few of them. */
  if (m > 0 && groups >= 2 && (int64_t)pl.nblk * lanes > (int64_t)m) {
    pl.tiles_per_task = mtiles;
    pl.tasks_m = 1;
    want_n = groups < 8 ? groups : 8;
  }
  if (want_n > groups) want_n = groups;
  pl.blks_per_task = pl.nb * eb_gemm_ceil_div(groups, want_n);
  pl.tasks_n = eb_gemm_ceil_div(pl.nblk, pl.blks_per_task);
  return pl;
}

static inline int32_t eb_gemm_tasks(const eb_gemm_plan *pl) { return pl->tasks_m * pl->tasks_n; }

static inline size_t eb_gemm_row_bytes(const eb_gemm_plan *pl) { return (size_t)pl->kp * (size_t)pl->esize; }
/* 64 spare bytes: gathers may end a tile with a whole-vector store past its last row. */
static inline size_t eb_gemm_scratch_bytes(const eb_gemm_plan *pl) {
  return eb_gemm_align((size_t)pl->mr * eb_gemm_row_bytes(pl)) + 64;
}
static inline size_t eb_gemm_panel_bytes(const eb_gemm_plan *pl) {
  return (size_t)(pl->kp / pl->kgroup) * (size_t)pl->lanes * 4u;
}
static inline size_t eb_gemm_rq_offset(void) { return eb_gemm_align(sizeof(eb_gemm_hdr)); }
static inline size_t eb_gemm_bias_offset(const eb_gemm_plan *pl) {
  return eb_gemm_rq_offset() + eb_gemm_align((size_t)pl->nblk * pl->rq_bytes);
}
static inline size_t eb_gemm_weights_offset(const eb_gemm_plan *pl) {
  return eb_gemm_bias_offset(pl) + eb_gemm_align((size_t)pl->nblk * (size_t)pl->lanes * 4u);
}
static inline size_t eb_gemm_packed_bytes(const eb_gemm_plan *pl) {
  return eb_gemm_weights_offset(pl) + (size_t)pl->nblk * eb_gemm_panel_bytes(pl);
}

/* The header, folded bias and weight panels of the blob (the requantisation records are the ISA's). */
static inline void eb_gemm_pack_common(const eb_gemm_plan *pl, const int8_t *w, const int32_t *bias, int32_t in_zp,
                                       int fast, int32_t out_zp, int32_t q_min, int32_t q_max, void *packed) {
  uint8_t *base = (uint8_t *)packed;
  eb_gemm_hdr hdr;
  memset(&hdr, 0, sizeof(hdr));
  hdr.fast = fast;
  hdr.out_zp = out_zp;
  hdr.q_min = q_min;
  hdr.q_max = q_max;
  memcpy(base, &hdr, sizeof(hdr));

  const uint32_t zp_term = (uint32_t)(pl->kgroup == 4 ? 128 + in_zp : in_zp);
  int32_t *bias_out = (int32_t *)(base + eb_gemm_bias_offset(pl));
  for (int32_t c = 0; c < pl->nblk * pl->lanes; ++c) {
    if (c >= pl->n) {
      bias_out[c] = 0;
      continue;
    }
    uint32_t sum = 0;
    for (int32_t k = 0; k < pl->k; ++k) sum += (uint32_t)(int32_t)w[(size_t)c * pl->k + k];
    bias_out[c] = (int32_t)((bias ? (uint32_t)bias[c] : 0u) - zp_term * sum);
  }

  uint8_t *panels = base + eb_gemm_weights_offset(pl);
  const int32_t steps = pl->kp / pl->kgroup;
  for (int32_t b = 0; b < pl->nblk; ++b) {
    for (int32_t g = 0; g < steps; ++g) {
      for (int32_t l = 0; l < pl->lanes; ++l) {
        uint8_t *lane = panels + (((size_t)b * steps + g) * pl->lanes + l) * 4u;
        const int32_t c = b * pl->lanes + l;
        for (int32_t t = 0; t < pl->kgroup; ++t) {
          const int32_t k = g * pl->kgroup + t;
          const int8_t v = c < pl->n && k < pl->k ? w[(size_t)c * pl->k + k] : 0;
          if (pl->esize == 1) {
            lane[t] = (uint8_t)v;
          } else {
            const int16_t v16 = v;
            memcpy(lane + 2 * t, &v16, 2);
          }
        }
      }
    }
  }
}

/* Task t's rows [*r0, *r1) and channel blocks [*b0, *b1). */
static inline void eb_gemm_task_range(const eb_gemm_plan *pl, int32_t t, int32_t *r0, int32_t *r1, int32_t *b0,
                                      int32_t *b1) {
  const int32_t tm = t / pl->tasks_n, tn = t % pl->tasks_n;
  const int32_t rows = pl->tiles_per_task * pl->mr;
  *r0 = tm * rows;
  *r1 = *r0 + rows < pl->m ? *r0 + rows : pl->m;
  *b0 = tn * pl->blks_per_task;
  *b1 = *b0 + pl->blks_per_task < pl->nblk ? *b0 + pl->blks_per_task : pl->nblk;
}

/* Where A's rows come from: a CONV_2D's input (im2col of output pixel m, or pixel m's channels in place for
 * a 1x1 stride-1 unpadded layer), or a matrix of k-element rows (FULLY_CONNECTED). */
typedef struct {
  const int8_t *in;
  const eb_conv_params *conv; /* NULL: row m is in + m * k */
  int32_t direct;             /* conv whose row m is in + m * in_c */
  int32_t in_zp;
} eb_gemm_src;

static inline int eb_gemm_conv_is_direct(const eb_conv_params *p) {
  return p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->pad_top == 0 && p->pad_left == 0 &&
         p->out_h == p->in_h && p->out_w == p->in_w;
}

/* The ISA's copies into A: put writes len int8 values as A elements (u8: x ^ 0x80; int16: x), fill writes
 * len copies of the int8 value v. Both are constants where eb_gemm_gather_rows is inlined. */
typedef void (*eb_gemm_put_fn)(uint8_t *dst, const int8_t *src, int32_t len);
typedef void (*eb_gemm_fill_fn)(uint8_t *dst, int32_t v, int32_t len);

/* The im2col row of output pixel (b, oy, ox): k_h x k_w taps of in_c values, in_zp where a tap is outside. */
EB_GEMM_INLINE void eb_gemm_gather_pixel(const eb_conv_params *p, const int8_t *in_b, int32_t oy, int32_t ox,
                                         int32_t in_zp, int32_t es, uint8_t *dst, eb_gemm_put_fn put,
                                         eb_gemm_fill_fn fill) {
  const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
  const int32_t ic = p->in_c, row_len = p->k_w * ic;
  const int whole_row = p->dil_w == 1 && x0 >= 0 && x0 + p->k_w <= p->in_w;
  uint8_t *d = dst;
  for (int32_t ky = 0; ky < p->k_h; ++ky, d += (size_t)row_len * es) {
    const int32_t y = y0 + ky * p->dil_h;
    if (y < 0 || y >= p->in_h) {
      fill(d, in_zp, row_len);
      continue;
    }
    const int8_t *row = in_b + (size_t)y * p->in_w * ic;
    if (whole_row) {
      put(d, row + (size_t)x0 * ic, row_len);
      continue;
    }
    for (int32_t kx = 0; kx < p->k_w; ++kx) {
      const int32_t x = x0 + kx * p->dil_w;
      uint8_t *dk = d + (size_t)kx * ic * es;
      if (x < 0 || x >= p->in_w) {
        fill(dk, in_zp, ic);
      } else {
        put(dk, row + (size_t)x * ic, ic);
      }
    }
  }
}

/* Rows m0 .. m0 + rows - 1 of A into dst, row_bytes apart (kp elements each; the K padding holds in_zp, which
 * meets zero weights). A conv's pixel coordinates are divided out once and then stepped. */
EB_GEMM_INLINE void eb_gemm_gather_rows(const eb_gemm_plan *pl, const eb_gemm_src *s, int32_t m0, int32_t rows,
                                        uint8_t *dst, size_t row_bytes, eb_gemm_put_fn put, eb_gemm_fill_fn fill) {
  const int32_t es = pl->esize, pad = pl->kp - pl->k;
  const eb_conv_params *p = s->conv;
  if (!p || s->direct) {
    for (int32_t r = 0; r < rows; ++r) {
      uint8_t *d = dst + (size_t)r * row_bytes;
      put(d, s->in + (size_t)(m0 + r) * pl->k, pl->k);
      if (pad) fill(d + (size_t)pl->k * es, s->in_zp, pad);
    }
    return;
  }
  const int32_t hw = p->out_h * p->out_w;
  int32_t b = m0 / hw, oy = m0 % hw / p->out_w, ox = m0 % p->out_w;
  const size_t image = (size_t)p->in_h * p->in_w * p->in_c;
  for (int32_t r = 0; r < rows; ++r) {
    uint8_t *d = dst + (size_t)r * row_bytes;
    eb_gemm_gather_pixel(p, s->in + (size_t)b * image, oy, ox, s->in_zp, es, d, put, fill);
    if (pad) fill(d + (size_t)pl->k * es, s->in_zp, pad);
    if (++ox == p->out_w) {
      ox = 0;
      if (++oy == p->out_h) {
        oy = 0;
        ++b;
      }
    }
  }
}

/* The geometries both GEMM kernels take: an int8 output clamp (q_min <= q_max within [-128, 127]), an int8
 * input zero point, and positive sizes. */
static inline int eb_gemm_clamp_ok(int32_t in_zp, int32_t q_min, int32_t q_max) {
  return in_zp >= -128 && in_zp <= 127 && q_min >= -128 && q_max <= 127 && q_min <= q_max;
}

static inline int eb_gemm_conv_applies(const eb_conv_params *p) {
  return eb_gemm_clamp_ok(p->in_zp, p->q_min, p->q_max) && p->batch > 0 && p->in_h > 0 && p->in_w > 0 && p->in_c > 0 &&
         p->out_h > 0 && p->out_w > 0 && p->out_c > 0 && p->k_h > 0 && p->k_w > 0 && p->stride_h > 0 &&
         p->stride_w > 0 && p->dil_h > 0 && p->dil_w > 0;
}

/* FULLY_CONNECTED: TFLM's filter offset is not folded (spec-conformant filters are symmetric). */
static inline int eb_gemm_fc_applies(const eb_fc_params *p) {
  return eb_gemm_clamp_ok(p->in_zp, p->q_min, p->q_max) && p->filter_zp == 0 && p->batch > 0 && p->in_depth > 0 &&
         p->out_depth > 0;
}

/* The x86_variant.h functions of one variant, over its ISA header's eb_<kern>_plan, _pack and _run (kern:
 * gemm256 for AVX2, gemm512 for AVX-512 and VNNI), so that each variant's file holds only its ISA's choice and
 * the flags it is compiled with. The variant's file includes gemm_s8_x86.h, which declares them. */
#define EB_GEMM_S8_CONV_VARIANT(isa, kern)                                                                         \
  static eb_gemm_plan eb_conv2d_s8_gemm_##isa##_plan(const eb_conv_params *p) {                                   \
    return eb_##kern##_plan(p->batch * p->out_h * p->out_w, p->out_c, p->k_h * p->k_w * p->in_c);                 \
  }                                                                                                               \
  int eb_conv2d_s8_gemm_##isa##_applies(const eb_conv_params *p) { return eb_gemm_conv_applies(p); }              \
  size_t eb_conv2d_s8_gemm_##isa##_packed_bytes(const eb_conv_params *p) {                                        \
    const eb_gemm_plan pl = eb_conv2d_s8_gemm_##isa##_plan(p);                                                    \
    return eb_gemm_packed_bytes(&pl);                                                                             \
  }                                                                                                               \
  void eb_conv2d_s8_gemm_##isa##_pack(const eb_conv_params *p, const void *filter, const void *bias,              \
                                      const int32_t *mult, const int32_t *shift, void *packed) {                  \
    const eb_gemm_plan pl = eb_conv2d_s8_gemm_##isa##_plan(p);                                                    \
    eb_##kern##_pack(&pl, (const int8_t *)filter, (const int32_t *)bias, mult, shift, 1, p->in_zp, p->out_zp,     \
                     p->q_min, p->q_max, packed);                                                                 \
  }                                                                                                               \
  int32_t eb_conv2d_s8_gemm_##isa##_tasks(const eb_conv_params *p) {                                              \
    const eb_gemm_plan pl = eb_conv2d_s8_gemm_##isa##_plan(p);                                                    \
    return eb_gemm_tasks(&pl);                                                                                    \
  }                                                                                                               \
  size_t eb_conv2d_s8_gemm_##isa##_scratch_bytes(const eb_conv_params *p) {                                       \
    const eb_gemm_plan pl = eb_conv2d_s8_gemm_##isa##_plan(p);                                                    \
    return eb_gemm_scratch_bytes(&pl);                                                                            \
  }                                                                                                               \
  void eb_conv2d_s8_gemm_##isa##_run(const eb_conv_params *p, const void *in, const void *packed, void *out,      \
                                     void *scratch, int32_t task_begin, int32_t task_end) {                       \
    const eb_gemm_plan pl = eb_conv2d_s8_gemm_##isa##_plan(p);                                                    \
    const eb_gemm_src src = {(const int8_t *)in, p, eb_gemm_conv_is_direct(p), p->in_zp};                         \
    eb_##kern##_run(&pl, &src, packed, (int8_t *)out, scratch, task_begin, task_end);                             \
  }

/* FULLY_CONNECTED likewise: one (mult, shift) pair unless p->per_channel; A is the input in place. */
#define EB_GEMM_S8_FC_VARIANT(isa, kern)                                                                           \
  static eb_gemm_plan eb_fully_connected_s8_gemm_##isa##_plan(const eb_fc_params *p) {                            \
    return eb_##kern##_plan(p->batch, p->out_depth, p->in_depth);                                                 \
  }                                                                                                               \
  int eb_fully_connected_s8_gemm_##isa##_applies(const eb_fc_params *p) { return eb_gemm_fc_applies(p); }         \
  size_t eb_fully_connected_s8_gemm_##isa##_packed_bytes(const eb_fc_params *p) {                                 \
    const eb_gemm_plan pl = eb_fully_connected_s8_gemm_##isa##_plan(p);                                           \
    return eb_gemm_packed_bytes(&pl);                                                                             \
  }                                                                                                               \
  void eb_fully_connected_s8_gemm_##isa##_pack(const eb_fc_params *p, const void *filter, const void *bias,       \
                                               const int32_t *mult, const int32_t *shift, void *packed) {         \
    const eb_gemm_plan pl = eb_fully_connected_s8_gemm_##isa##_plan(p);                                           \
    eb_##kern##_pack(&pl, (const int8_t *)filter, (const int32_t *)bias, mult, shift, p->per_channel ? 1 : 0,     \
                     p->in_zp, p->out_zp, p->q_min, p->q_max, packed);                                            \
  }                                                                                                               \
  int32_t eb_fully_connected_s8_gemm_##isa##_tasks(const eb_fc_params *p) {                                       \
    const eb_gemm_plan pl = eb_fully_connected_s8_gemm_##isa##_plan(p);                                           \
    return eb_gemm_tasks(&pl);                                                                                    \
  }                                                                                                               \
  size_t eb_fully_connected_s8_gemm_##isa##_scratch_bytes(const eb_fc_params *p) {                                \
    const eb_gemm_plan pl = eb_fully_connected_s8_gemm_##isa##_plan(p);                                           \
    return eb_gemm_scratch_bytes(&pl);                                                                            \
  }                                                                                                               \
  void eb_fully_connected_s8_gemm_##isa##_run(const eb_fc_params *p, const void *in, const void *packed,          \
                                              void *out, void *scratch, int32_t task_begin, int32_t task_end) {   \
    const eb_gemm_plan pl = eb_fully_connected_s8_gemm_##isa##_plan(p);                                           \
    const eb_gemm_src src = {(const int8_t *)in, NULL, 0, p->in_zp};                                              \
    eb_##kern##_run(&pl, &src, packed, (int8_t *)out, scratch, task_begin, task_end);                             \
  }

#endif
