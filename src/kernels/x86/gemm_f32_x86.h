/* float32 CONV_2D and FULLY_CONNECTED as one packed-weight GEMM, C[m][n] = act(sum_k A[m][k] * W[n][k] + bias[n]),
 * in AVX2+FMA and AVX-512 variants (the x86_variant.h contract).
 *
 * W is the filter as stored: OHWI [out_c][k_h][k_w][in_c] for CONV_2D, [out_depth][in_depth] for
 * FULLY_CONNECTED, so K = k_h * k_w * in_c is contiguous per output channel. pack turns it into column panels
 * of `lanes` outputs (16 for AVX-512, 8 for AVX2), [panel][k][lanes], zero-padded past N, then the bias padded
 * to whole panels (zeros where the op has none). The microkernels broadcast one A value per row and FMA it
 * into two panels at once (a tail panel alone).
 *
 * CONV_2D: M = batch * out_h * out_w output pixels. A is read in place where every row already lies
 * contiguously in the NHWC input (1x1 stride-1 unpadded layers: rows of in_c; a kernel that covers the whole
 * unpadded image: one row of K per image); otherwise a tile of rows is gathered (im2col, padded taps 0) into
 * the thread's scratch. Tasks are tiles of M (the batch is part of M, so the weights serve every image in one
 * call); when M fits one register block, or A (read in place) is smaller than the weights, the output panels
 * are split into groups instead, every task taking all rows, so that two threads still get work and each
 * weight is read once per call.
 * FULLY_CONNECTED: M = batch rows, A is the input in place; tasks likewise.
 *
 * Every geometry the reference accepts is handled (applies is 1 for any batch >= 0 and positive sizes). Sums
 * start from the bias and reassociate with FMA, so they agree with the reference within rounding. */
#ifndef EB_GEMM_F32_X86_H
#define EB_GEMM_F32_X86_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "conv2d.h"
#include "fully_connected.h"
#include "x86_variant.h"

#ifdef __cplusplus
extern "C" {
#endif

int eb_conv2d_f32_gemm_avx2_applies(const eb_conv_params *p);
size_t eb_conv2d_f32_gemm_avx2_packed_bytes(const eb_conv_params *p);
void eb_conv2d_f32_gemm_avx2_pack(const eb_conv_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_conv2d_f32_gemm_avx2_tasks(const eb_conv_params *p);
size_t eb_conv2d_f32_gemm_avx2_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_f32_gemm_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out, void *scratch,
                                 int32_t task_begin, int32_t task_end);

int eb_conv2d_f32_gemm_avx512_applies(const eb_conv_params *p);
size_t eb_conv2d_f32_gemm_avx512_packed_bytes(const eb_conv_params *p);
void eb_conv2d_f32_gemm_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed);
int32_t eb_conv2d_f32_gemm_avx512_tasks(const eb_conv_params *p);
size_t eb_conv2d_f32_gemm_avx512_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_f32_gemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                   void *scratch, int32_t task_begin, int32_t task_end);

int eb_fully_connected_f32_gemm_avx2_applies(const eb_fc_params *p);
size_t eb_fully_connected_f32_gemm_avx2_packed_bytes(const eb_fc_params *p);
void eb_fully_connected_f32_gemm_avx2_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                           const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_fully_connected_f32_gemm_avx2_tasks(const eb_fc_params *p);
size_t eb_fully_connected_f32_gemm_avx2_scratch_bytes(const eb_fc_params *p);
void eb_fully_connected_f32_gemm_avx2_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                          void *scratch, int32_t task_begin, int32_t task_end);

int eb_fully_connected_f32_gemm_avx512_applies(const eb_fc_params *p);
size_t eb_fully_connected_f32_gemm_avx512_packed_bytes(const eb_fc_params *p);
void eb_fully_connected_f32_gemm_avx512_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                             const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_fully_connected_f32_gemm_avx512_tasks(const eb_fc_params *p);
size_t eb_fully_connected_f32_gemm_avx512_scratch_bytes(const eb_fc_params *p);
void eb_fully_connected_f32_gemm_avx512_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                            void *scratch, int32_t task_begin, int32_t task_end);

/* ---- ISA-independent pieces shared by all four variants (plain C, compiled into each variant's file) ---- */

/* How one call is cut into tasks: tiles of rows_per_tile rows (a multiple of the microkernel's mr) times
 * groups of panels_per_group panels. Task t is row tile t / n_groups, panel group t % n_groups. A task
 * gathers its rows chunk_rows at a time (im2col), each chunk into the start of scratch. */
typedef struct {
  int32_t m, n, k;
  int32_t panels;
  int32_t rows_per_tile, m_tiles, chunk_rows;
  int32_t panels_per_group, n_groups;
} eb_gemm_f32_plan;

/* An im2col chunk is kept near this size so that it is still in L1/L2 when the microkernel reads it back.
 * Up to EB_GEMM_F32_ROW_TILES row tiles: enough for threads to balance uneven tiles, few enough that a tile
 * still has many register blocks. */
enum { EB_GEMM_F32_CHUNK_BYTES = 64 * 1024, EB_GEMM_F32_ROW_TILES = 32 };

static inline int32_t eb_gemm_f32_div_up(int32_t a, int32_t b) { return (a + b - 1) / b; }

/* im2col: whether rows are gathered into scratch (then chunk_rows bounds the scratch), or A is read in place. */
static inline eb_gemm_f32_plan eb_gemm_f32_make_plan(int32_t m, int32_t n, int32_t k, int32_t mr, int32_t lanes,
                                                     int im2col) {
  eb_gemm_f32_plan pl;
  pl.m = m;
  pl.n = n;
  pl.k = k;
  pl.panels = eb_gemm_f32_div_up(n, lanes);
  const int32_t blocks = m > 0 ? eb_gemm_f32_div_up(m, mr) : 1;
  const int32_t tiles = blocks < EB_GEMM_F32_ROW_TILES ? blocks : EB_GEMM_F32_ROW_TILES;
  const int32_t blocks_per_tile = eb_gemm_f32_div_up(blocks, tiles);
  pl.rows_per_tile = blocks_per_tile * mr;
  pl.m_tiles = eb_gemm_f32_div_up(blocks, blocks_per_tile);
  pl.chunk_rows = pl.rows_per_tile;
  if (im2col) {
    const int64_t fit = EB_GEMM_F32_CHUNK_BYTES / ((int64_t)mr * k * (int64_t)sizeof(float));
    pl.chunk_rows = (fit < 1 ? 1 : fit < blocks_per_tile ? (int32_t)fit : blocks_per_tile) * mr;
  }
  /* One row tile: cut the panels instead (pairs where there are enough, as the microkernel takes two). */
  int32_t groups = 1;
  if (pl.m_tiles == 1 && pl.panels >= 2) groups = pl.panels >= 8 ? 4 : pl.panels >= 4 ? 2 : pl.panels;
  /* More weights than rows of A (MobileNetV2's late 1x1 layers at batch 32: 128 rows against 1.6 MB of
   * weights): each task takes every row and a group of panels, so a weight panel is read once per call and
   * stays in L1 across the rows; row tiles would each stream every weight (from L3 once they outgrow L2),
   * and two threads would each stream all of them. Only where A is read in place: gathered rows would be
   * gathered again for every group. */
  if (!im2col && m > 0 && pl.panels >= 2 && (int64_t)pl.panels * lanes > (int64_t)m) {
    pl.rows_per_tile = blocks * mr;
    pl.m_tiles = 1;
    pl.chunk_rows = pl.rows_per_tile;
    const int32_t pairs = eb_gemm_f32_div_up(pl.panels, 2);
    groups = pairs < EB_GEMM_F32_ROW_TILES ? pairs : EB_GEMM_F32_ROW_TILES;
  }
  pl.panels_per_group = eb_gemm_f32_div_up(pl.panels, groups);
  if (pl.panels_per_group > 1 && (pl.panels_per_group & 1)) ++pl.panels_per_group;
  pl.n_groups = eb_gemm_f32_div_up(pl.panels, pl.panels_per_group);
  return pl;
}

static inline int32_t eb_gemm_f32_tasks(const eb_gemm_f32_plan *pl) { return pl->m_tiles * pl->n_groups; }

/* Packed blob: panels * lanes * k weights, then panels * lanes bias values. */
static inline size_t eb_gemm_f32_packed_bytes(const eb_gemm_f32_plan *pl, int32_t lanes) {
  const size_t floats = (size_t)pl->panels * lanes * ((size_t)pl->k + 1);
  return (floats * sizeof(float) + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
}

static inline void eb_gemm_f32_pack(const eb_gemm_f32_plan *pl, int32_t lanes, const float *w, const float *bias,
                                    float *packed) {
  const size_t k = (size_t)pl->k;
  for (int32_t panel = 0; panel < pl->panels; ++panel) {
    float *dst = packed + (size_t)panel * lanes * k;
    for (size_t kk = 0; kk < k; ++kk) {
      for (int32_t l = 0; l < lanes; ++l) {
        const int32_t n = panel * lanes + l;
        dst[kk * lanes + l] = n < pl->n ? w[(size_t)n * k + kk] : 0.0f;
      }
    }
  }
  float *b = packed + (size_t)pl->panels * lanes * k;
  for (int32_t n = 0; n < pl->panels * lanes; ++n) b[n] = (bias && n < pl->n) ? bias[n] : 0.0f;
}

/* CONV_2D geometry as a GEMM. The in-place stride of A (0 when rows must be gathered). */
static inline int32_t eb_gemm_f32_conv_k(const eb_conv_params *p) { return p->k_h * p->k_w * p->in_c; }
static inline int32_t eb_gemm_f32_conv_m(const eb_conv_params *p) { return p->batch * p->out_h * p->out_w; }
static inline int32_t eb_gemm_f32_conv_direct_lda(const eb_conv_params *p) {
  const int unpadded = p->pad_top == 0 && p->pad_left == 0;
  if (p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && unpadded && p->out_h == p->in_h &&
      p->out_w == p->in_w)
    return p->in_c;
  /* The receptive field is the whole image: the row is the image itself. */
  if (p->out_h == 1 && p->out_w == 1 && p->k_h == p->in_h && p->k_w == p->in_w && unpadded &&
      (p->k_h == 1 || p->dil_h == 1) && (p->k_w == 1 || p->dil_w == 1))
    return eb_gemm_f32_conv_k(p);
  return 0;
}

static inline void eb_gemm_f32_copy(float *dst, const float *src, int32_t n) {
  for (int32_t i = 0; i < n; ++i) dst[i] = src[i];
}
static inline void eb_gemm_f32_zero(float *dst, int32_t n) {
  for (int32_t i = 0; i < n; ++i) dst[i] = 0.0f;
}

/* Gathers output pixels [m0, m0 + rows) as rows of K taps (ky, kx, ic order: the filter's), padded taps 0. */
static inline void eb_gemm_f32_im2col(const eb_conv_params *p, const float *in, int32_t m0, int32_t rows, float *dst) {
  const int32_t ohw = p->out_h * p->out_w;
  const int32_t c = p->in_c;
  const int32_t run = p->k_w * c;
  int32_t b = m0 / ohw;
  int32_t oy = (m0 % ohw) / p->out_w;
  int32_t ox = m0 % p->out_w;
  for (int32_t r = 0; r < rows; ++r) {
    const float *in_b = in + (size_t)b * p->in_h * p->in_w * c;
    const int32_t y0 = oy * p->stride_h - p->pad_top;
    const int32_t x0 = ox * p->stride_w - p->pad_left;
    const int contiguous = (p->dil_w == 1 || p->k_w == 1) && x0 >= 0 && x0 + p->k_w <= p->in_w;
    for (int32_t ky = 0; ky < p->k_h; ++ky, dst += run) {
      const int32_t y = y0 + ky * p->dil_h;
      if (y < 0 || y >= p->in_h) {
        eb_gemm_f32_zero(dst, run);
        continue;
      }
      const float *row = in_b + (size_t)y * p->in_w * c;
      if (contiguous) {
        eb_gemm_f32_copy(dst, row + (size_t)x0 * c, run);
        continue;
      }
      for (int32_t kx = 0; kx < p->k_w; ++kx) {
        const int32_t x = x0 + kx * p->dil_w;
        if (x < 0 || x >= p->in_w)
          eb_gemm_f32_zero(dst + kx * c, c);
        else
          eb_gemm_f32_copy(dst + kx * c, row + (size_t)x * c, c);
      }
    }
    if (++ox == p->out_w) {
      ox = 0;
      if (++oy == p->out_h) {
        oy = 0;
        ++b;
      }
    }
  }
}

/* Task t of a call: rows [*m0, *m0 + the return value) and panels [*panel0, *panel1); nothing to do when the
 * return value is <= 0. */
static inline int32_t eb_gemm_f32_task(const eb_gemm_f32_plan *pl, int32_t t, int32_t *m0, int32_t *panel0,
                                       int32_t *panel1) {
  *m0 = t / pl->n_groups * pl->rows_per_tile;
  *panel0 = t % pl->n_groups * pl->panels_per_group;
  *panel1 = pl->panels - *panel0 < pl->panels_per_group ? pl->panels : *panel0 + pl->panels_per_group;
  return pl->m - *m0 < pl->rows_per_tile ? pl->m - *m0 : pl->rows_per_tile;
}

/* The x86_variant.h functions of one variant over its ISA header's constants EB_F32_<ISA>_MR and _LANES and
 * its microkernel eb_f32_<isa>_gemm, so that each variant's file holds only its ISA's choice and the flags it
 * is compiled with. */
#define EB_GEMM_F32_CONV_VARIANT(isa, ISA)                                                                          \
  static eb_gemm_f32_plan eb_conv2d_f32_gemm_##isa##_plan(const eb_conv_params *p) {                               \
    return eb_gemm_f32_make_plan(eb_gemm_f32_conv_m(p), p->out_c, eb_gemm_f32_conv_k(p), EB_F32_##ISA##_MR,        \
                                 EB_F32_##ISA##_LANES, eb_gemm_f32_conv_direct_lda(p) == 0);                       \
  }                                                                                                                \
  int eb_conv2d_f32_gemm_##isa##_applies(const eb_conv_params *p) {                                                \
    return p->batch >= 0 && p->out_c > 0 && eb_gemm_f32_conv_k(p) > 0;                                            \
  }                                                                                                                \
  size_t eb_conv2d_f32_gemm_##isa##_packed_bytes(const eb_conv_params *p) {                                        \
    const eb_gemm_f32_plan pl = eb_conv2d_f32_gemm_##isa##_plan(p);                                                \
    return eb_gemm_f32_packed_bytes(&pl, EB_F32_##ISA##_LANES);                                                    \
  }                                                                                                                \
  void eb_conv2d_f32_gemm_##isa##_pack(const eb_conv_params *p, const void *filter, const void *bias,              \
                                       const int32_t *mult, const int32_t *shift, void *packed) {                  \
    (void)mult;                                                                                                    \
    (void)shift;                                                                                                   \
    const eb_gemm_f32_plan pl = eb_conv2d_f32_gemm_##isa##_plan(p);                                                \
    eb_gemm_f32_pack(&pl, EB_F32_##ISA##_LANES, (const float *)filter, (const float *)bias, (float *)packed);      \
  }                                                                                                                \
  int32_t eb_conv2d_f32_gemm_##isa##_tasks(const eb_conv_params *p) {                                              \
    const eb_gemm_f32_plan pl = eb_conv2d_f32_gemm_##isa##_plan(p);                                                \
    return eb_gemm_f32_tasks(&pl);                                                                                 \
  }                                                                                                                \
  size_t eb_conv2d_f32_gemm_##isa##_scratch_bytes(const eb_conv_params *p) {                                       \
    if (eb_gemm_f32_conv_direct_lda(p)) return 0;                                                                  \
    const eb_gemm_f32_plan pl = eb_conv2d_f32_gemm_##isa##_plan(p);                                                \
    return (size_t)pl.chunk_rows * pl.k * sizeof(float);                                                           \
  }                                                                                                                \
  void eb_conv2d_f32_gemm_##isa##_run(const eb_conv_params *p, const void *in, const void *packed, void *out,       \
                                      void *scratch, int32_t task_begin, int32_t task_end) {                       \
    const eb_gemm_f32_plan pl = eb_conv2d_f32_gemm_##isa##_plan(p);                                                \
    const int32_t direct_lda = eb_gemm_f32_conv_direct_lda(p);                                                     \
    for (int32_t t = task_begin; t < task_end; ++t) {                                                              \
      int32_t m0, panel0, panel1;                                                                                  \
      const int32_t rows = eb_gemm_f32_task(&pl, t, &m0, &panel0, &panel1);                                        \
      if (rows <= 0) continue;                                                                                     \
      float *c = (float *)out + (size_t)m0 * pl.n;                                                                 \
      if (direct_lda) {                                                                                            \
        eb_f32_##isa##_gemm(&pl, (const float *)in + (size_t)m0 * direct_lda, (size_t)direct_lda, rows,            \
                            (const float *)packed, panel0, panel1, c, (size_t)pl.n, p->act_min, p->act_max);       \
        continue;                                                                                                  \
      }                                                                                                            \
      for (int32_t r = 0; r < rows; r += pl.chunk_rows) {                                                          \
        const int32_t chunk = rows - r < pl.chunk_rows ? rows - r : pl.chunk_rows;                                 \
        eb_gemm_f32_im2col(p, (const float *)in, m0 + r, chunk, (float *)scratch);                                 \
        eb_f32_##isa##_gemm(&pl, (const float *)scratch, (size_t)pl.k, chunk, (const float *)packed, panel0,       \
                            panel1, c + (size_t)r * pl.n, (size_t)pl.n, p->act_min, p->act_max);                   \
      }                                                                                                            \
    }                                                                                                              \
  }

/* FULLY_CONNECTED likewise: A is the input in place, so there is no scratch. */
#define EB_GEMM_F32_FC_VARIANT(isa, ISA)                                                                            \
  static eb_gemm_f32_plan eb_fully_connected_f32_gemm_##isa##_plan(const eb_fc_params *p) {                        \
    return eb_gemm_f32_make_plan(p->batch, p->out_depth, p->in_depth, EB_F32_##ISA##_MR, EB_F32_##ISA##_LANES, 0); \
  }                                                                                                                \
  int eb_fully_connected_f32_gemm_##isa##_applies(const eb_fc_params *p) {                                         \
    return p->batch >= 0 && p->out_depth > 0 && p->in_depth > 0;                                                   \
  }                                                                                                                \
  size_t eb_fully_connected_f32_gemm_##isa##_packed_bytes(const eb_fc_params *p) {                                 \
    const eb_gemm_f32_plan pl = eb_fully_connected_f32_gemm_##isa##_plan(p);                                       \
    return eb_gemm_f32_packed_bytes(&pl, EB_F32_##ISA##_LANES);                                                    \
  }                                                                                                                \
  void eb_fully_connected_f32_gemm_##isa##_pack(const eb_fc_params *p, const void *filter, const void *bias,       \
                                                const int32_t *mult, const int32_t *shift, void *packed) {         \
    (void)mult;                                                                                                    \
    (void)shift;                                                                                                   \
    const eb_gemm_f32_plan pl = eb_fully_connected_f32_gemm_##isa##_plan(p);                                       \
    eb_gemm_f32_pack(&pl, EB_F32_##ISA##_LANES, (const float *)filter, (const float *)bias, (float *)packed);      \
  }                                                                                                                \
  int32_t eb_fully_connected_f32_gemm_##isa##_tasks(const eb_fc_params *p) {                                       \
    const eb_gemm_f32_plan pl = eb_fully_connected_f32_gemm_##isa##_plan(p);                                       \
    return eb_gemm_f32_tasks(&pl);                                                                                 \
  }                                                                                                                \
  size_t eb_fully_connected_f32_gemm_##isa##_scratch_bytes(const eb_fc_params *p) {                                \
    (void)p;                                                                                                       \
    return 0;                                                                                                      \
  }                                                                                                                \
  void eb_fully_connected_f32_gemm_##isa##_run(const eb_fc_params *p, const void *in, const void *packed,          \
                                               void *out, void *scratch, int32_t task_begin, int32_t task_end) {   \
    (void)scratch;                                                                                                 \
    const eb_gemm_f32_plan pl = eb_fully_connected_f32_gemm_##isa##_plan(p);                                       \
    for (int32_t t = task_begin; t < task_end; ++t) {                                                              \
      int32_t m0, panel0, panel1;                                                                                  \
      const int32_t rows = eb_gemm_f32_task(&pl, t, &m0, &panel0, &panel1);                                        \
      if (rows <= 0) continue;                                                                                     \
      eb_f32_##isa##_gemm(&pl, (const float *)in + (size_t)m0 * pl.k, (size_t)pl.k, rows, (const float *)packed,   \
                          panel0, panel1, (float *)out + (size_t)m0 * pl.n, (size_t)pl.n, p->act_min, p->act_max); \
    }                                                                                                              \
  }

#ifdef __cplusplus
}
#endif
#endif
