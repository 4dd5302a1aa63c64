/* ISA-free helpers shared by the x86-64 pooling, softmax, mean and element-wise binary variants: how a call is
 * cut into tasks, window clipping, and the broadcast patterns the binary variants take.
 *
 * Tasks are contiguous ranges of some unit (output rows across the batch for pools, rows for softmax, blocks
 * of 16 elements for ADD/MUL, (outer, channel block) pairs for MEAN), at most EB_X86_EW_MAX_TASKS of them,
 * sized as evenly as the unit allows. Every function here is pure arithmetic on the params, so tasks() and
 * run() always agree on the cut. */
#ifndef EB_ELEMENTWISE_X86_UTIL_H
#define EB_ELEMENTWISE_X86_UTIL_H

#include <float.h>

#include "activation.h"
#include "binary.h"
#include "mean.h"
#include "pool.h"
#include "softmax.h"
#include "transpose.h"

enum {
  EB_X86_EW_MAX_TASKS = 64,
  /* Elements of ADD/MUL per task below which splitting further costs more than it saves. */
  EB_X86_EW_TASK_ELEMS = 4096,
  /* ADD/MUL task boundaries fall on multiples of this many elements (whole 512-bit vectors). */
  EB_X86_EW_ALIGN_ELEMS = 16,
  /* MEAN: channels per (outer, block) unit. */
  EB_X86_MEAN_BLOCK = 256,
  /* int8 average pools sum in 16-bit lanes up to this many taps (256 * -128 = INT16_MIN still fits). */
  EB_X86_AVG_S8_LANE16_TAPS = 256,
  /* int8 average pools divide in float, exact while |sum| + count / 2 < 2^24: 65,536 taps keep it so. */
  EB_X86_AVG_S8_MAX_TAPS = 65536
};

/* Tasks for n units: one per unit, at most EB_X86_EW_MAX_TASKS. */
static inline int32_t eb_x86_ew_tasks_for(int64_t n) {
  return n <= 1 ? 1 : n < EB_X86_EW_MAX_TASKS ? (int32_t)n : EB_X86_EW_MAX_TASKS;
}

/* First unit of task t when n units are cut into `tasks` near-equal ranges (t == tasks gives n). */
static inline int64_t eb_x86_ew_task_start(int64_t n, int32_t tasks, int32_t t) { return n * t / tasks; }

/* Taps [*lo, *hi) of a k-tap window starting at `origin` (may be negative) that fall inside [0, size). */
static inline void eb_x86_clip_window(int32_t origin, int32_t k, int32_t size, int32_t *lo, int32_t *hi) {
  *lo = origin < 0 ? -origin : 0;
  *hi = size - origin < k ? size - origin : k;
}

/* Pools: tasks are output rows across the batch. */
static inline int32_t eb_x86_pool_tasks(const eb_pool_params *p) {
  return eb_x86_ew_tasks_for((int64_t)p->batch * p->out_h);
}

/* Parameters every pooling variant needs to be exact: a sane clamp (min <= max, so clamping in either order
 * agrees with the reference's) and windows of at least one tap. */
static inline int eb_x86_pool_params_ok(const eb_pool_params *p) {
  return p->batch >= 1 && p->in_h >= 1 && p->in_w >= 1 && p->channels >= 1 && p->out_h >= 1 && p->out_w >= 1 &&
         p->k_h >= 1 && p->k_w >= 1 && p->stride_h >= 1 && p->stride_w >= 1 && p->pad_top >= 0 && p->pad_left >= 0;
}

/* One output position's window, clipped: its first inside tap's offset in the image, and its rows/cols. */
typedef struct {
  size_t first;
  int32_t rows, cols;
} eb_x86_window;

static inline eb_x86_window eb_x86_pool_window(const eb_pool_params *p, int32_t oy, int32_t ox) {
  const int32_t iy0 = oy * p->stride_h - p->pad_top, ix0 = ox * p->stride_w - p->pad_left;
  int32_t ky_lo, ky_hi, kx_lo, kx_hi;
  eb_x86_clip_window(iy0, p->k_h, p->in_h, &ky_lo, &ky_hi);
  eb_x86_clip_window(ix0, p->k_w, p->in_w, &kx_lo, &kx_hi);
  eb_x86_window w;
  /* Both coordinates are inside the image here, so the offset is never negative. */
  w.first = ((size_t)(iy0 + ky_lo) * (size_t)p->in_w + (size_t)(ix0 + kx_lo)) * (size_t)p->channels;
  w.rows = ky_hi - ky_lo;
  w.cols = kx_hi - kx_lo;
  return w;
}

/* Softmax: tasks are rows. */
static inline int32_t eb_x86_softmax_tasks(const eb_softmax_params *p) { return eb_x86_ew_tasks_for(p->outer); }

/* MEAN: tasks are (outer, channel block) units. */
static inline int32_t eb_x86_mean_blocks(const eb_mean_params *p) {
  return (p->inner + EB_X86_MEAN_BLOCK - 1) / EB_X86_MEAN_BLOCK;
}
static inline int32_t eb_x86_mean_tasks(const eb_mean_params *p) {
  return eb_x86_ew_tasks_for((int64_t)p->outer * eb_x86_mean_blocks(p));
}

/* The broadcast patterns the binary variants handle; anything else is left to the reference. */
typedef enum {
  EB_X86_BCAST_NONE = 0, /* some other broadcast */
  EB_X86_BCAST_SAME,     /* both inputs have the output's shape */
  EB_X86_BCAST_SCALAR1,  /* input 1 is one element, input 2 has the output's shape */
  EB_X86_BCAST_SCALAR2,
  EB_X86_BCAST_ROW1, /* input 1 is a vector along the last dim, repeated for every row; input 2 full */
  EB_X86_BCAST_ROW2
} eb_x86_bcast;

/* Whether an input walks the output's elements in order (size-1 dims have stride 0 and never move). */
static inline int eb_x86_walks_output(const eb_binary_params *p, const int32_t *strides) {
  int64_t step = 1;
  for (int32_t d = p->rank - 1; d >= 0; --d) {
    if (p->out_dims[d] != 1 && strides[d] != step) return 0;
    step *= p->out_dims[d];
  }
  return 1;
}

static inline int eb_x86_is_scalar(const eb_binary_params *p, const int32_t *strides) {
  for (int32_t d = 0; d < p->rank; ++d) {
    if (p->out_dims[d] != 1 && strides[d] != 0) return 0;
  }
  return 1;
}

static inline int eb_x86_is_last_dim_row(const eb_binary_params *p, const int32_t *strides) {
  const int32_t last = p->rank - 1;
  if (p->out_dims[last] == 1 || strides[last] != 1) return 0;
  for (int32_t d = 0; d < last; ++d) {
    if (p->out_dims[d] != 1 && strides[d] != 0) return 0;
  }
  return 1;
}

static inline eb_x86_bcast eb_x86_classify_bcast(const eb_binary_params *p) {
  if (p->rank < 1 || p->rank > EB_MAX_DIMS) return EB_X86_BCAST_NONE;
  for (int32_t d = 0; d < p->rank; ++d) {
    if (p->out_dims[d] < 1) return EB_X86_BCAST_NONE;
  }
  const int w1 = eb_x86_walks_output(p, p->in1_strides), w2 = eb_x86_walks_output(p, p->in2_strides);
  if (w1 && w2) return EB_X86_BCAST_SAME;
  if (w2 && eb_x86_is_scalar(p, p->in1_strides)) return EB_X86_BCAST_SCALAR1;
  if (w1 && eb_x86_is_scalar(p, p->in2_strides)) return EB_X86_BCAST_SCALAR2;
  if (w2 && eb_x86_is_last_dim_row(p, p->in1_strides)) return EB_X86_BCAST_ROW1;
  if (w1 && eb_x86_is_last_dim_row(p, p->in2_strides)) return EB_X86_BCAST_ROW2;
  return EB_X86_BCAST_NONE;
}

static inline int64_t eb_x86_binary_elems(const eb_binary_params *p) {
  int64_t n = 1;
  for (int32_t d = 0; d < p->rank; ++d) n *= p->out_dims[d];
  return n;
}

/* ADD/MUL: tasks are ranges of whole 16-element blocks. */
static inline int32_t eb_x86_binary_tasks(const eb_binary_params *p) {
  const int64_t blocks = (eb_x86_binary_elems(p) + EB_X86_EW_ALIGN_ELEMS - 1) / EB_X86_EW_ALIGN_ELEMS;
  const int64_t per_task = EB_X86_EW_TASK_ELEMS / EB_X86_EW_ALIGN_ELEMS;
  return eb_x86_ew_tasks_for((blocks + per_task - 1) / per_task);
}

/* First element of task t of an ADD/MUL call. */
static inline int64_t eb_x86_binary_task_start(const eb_binary_params *p, int32_t t) {
  const int64_t n = eb_x86_binary_elems(p);
  const int64_t blocks = (n + EB_X86_EW_ALIGN_ELEMS - 1) / EB_X86_EW_ALIGN_ELEMS;
  const int64_t e = eb_x86_ew_task_start(blocks, eb_x86_binary_tasks(p), t) * EB_X86_EW_ALIGN_ELEMS;
  return e < n ? e : n;
}

/* The variants clamp as max(lo, min(hi, v)), which is the reference's order only while lo <= hi. */
static inline int eb_x86_binary_f32_applies(const eb_binary_params *p) {
  return p->act_min <= p->act_max && eb_x86_classify_bcast(p) != EB_X86_BCAST_NONE &&
         eb_x86_binary_elems(p) <= INT32_MAX;
}


/* ---- int8 ADD/SUB/MUL, MEAN, RELU/RELU6, TRANSPOSE (elementwise_s8_x86.h) ---- */

/* Element-wise spans (RELU, RELU6): tasks are ranges of whole 16-element blocks, as for ADD/MUL. */
static inline int32_t eb_x86_span_tasks(int64_t n) {
  const int64_t blocks = (n + EB_X86_EW_ALIGN_ELEMS - 1) / EB_X86_EW_ALIGN_ELEMS;
  const int64_t per_task = EB_X86_EW_TASK_ELEMS / EB_X86_EW_ALIGN_ELEMS;
  return eb_x86_ew_tasks_for((blocks + per_task - 1) / per_task);
}
static inline int64_t eb_x86_span_task_start(int64_t n, int32_t t) {
  const int64_t blocks = (n + EB_X86_EW_ALIGN_ELEMS - 1) / EB_X86_EW_ALIGN_ELEMS;
  const int64_t e = eb_x86_ew_task_start(blocks, eb_x86_span_tasks(n), t) * EB_X86_EW_ALIGN_ELEMS;
  return e < n ? e : n;
}

/* A requantisation (multiplier, shift) the reference accepts, and an int8 zero point / clamp. */
static inline int eb_x86_rq_ok(int32_t mult, int32_t shift) { return mult >= 0 && shift >= -31 && shift <= 30; }
static inline int eb_x86_s8_zp_ok(int32_t zp) { return zp >= -128 && zp <= 127; }
static inline int eb_x86_s8_clamp_ok(int32_t lo, int32_t hi) { return -128 <= lo && lo <= hi && hi <= 127; }

/* How the rescaled term of one int8 ADD/SUB input, t(v) = MBQM((v - zp) 2^L, m, s) with L = left_shift, is
 * computed (x = (v - zp) 2^L, |v - zp| <= 255):
 *  HALF    m = 2^30, s = 0, L >= 1 (the larger input of every TFLM ADD): the high product is
 *          floor((x + 1) / 2) = x / 2 (x is even), so t = (v - zp) << (L - 1);
 *  SPLIT   s <= -1, 8 <= L <= 22: with m = mh 2^(31-L) + ml (ml < 2^(31-L)) the high product
 *          floor((x m + 2^30) / 2^31) = floor((d m + 2^(30-L)) / 2^(31-L)) is d mh + ((d ml + 2^(30-L)) >> (31-L))
 *          (d = v - zp; both products fit in int32), and the rounding divide by 2^rs (rs = -s) is
 *          (h + 2^(rs-1) + (h >> 31)) >> rs, which is the remainder-against-threshold rule for |h| < 2^30;
 *  GENERAL anything else: the full 64-bit doubling high multiply and rounding divide (requant_*.h).
 * Every one is exact; the first two are only cheaper (32-bit multiplies and shifts). */
enum { EB_X86_TERM_HALF = 0, EB_X86_TERM_SPLIT = 1, EB_X86_TERM_GENERAL = 2 };

/* Which int8 binary op a shared loop runs. */
enum { EB_S8_OP_ADD = 0, EB_S8_OP_SUB = 1, EB_S8_OP_MUL = 2 };

typedef struct {
  int32_t kind, zp;
  int32_t left;            /* L */
  int32_t lshift;          /* HALF: L - 1 */
  int32_t mh, ml, c1, k;   /* SPLIT: the multiplier's halves, 2^(30-L), 31 - L */
  int32_t rs, round;       /* SPLIT: -s and 2^(rs-1) */
  int32_t mult, shift;     /* GENERAL */
} eb_x86_s8_term;

/* Everything a run of int8 ADD/SUB/MUL needs beyond p, made once at pack time (the packed blob). */
typedef struct {
  eb_x86_s8_term term[2];
  int32_t out_fast; /* eb_requantize_is_fast(out_mult, out_shift) */
  int32_t pad_[3];
} eb_x86_binary_s8_plan;

static inline eb_x86_s8_term eb_x86_s8_term_plan(int32_t zp, int32_t left_shift, int32_t mult, int32_t shift) {
  eb_x86_s8_term t = {EB_X86_TERM_GENERAL, zp, left_shift, 0, 0, 0, 0, 0, 0, 0, mult, shift};
  if (mult == (1 << 30) && shift == 0 && left_shift >= 1) {
    t.kind = EB_X86_TERM_HALF;
    t.lshift = left_shift - 1;
  } else if (shift <= -1 && shift >= -31 && left_shift >= 8 && left_shift <= 22) {
    t.kind = EB_X86_TERM_SPLIT;
    t.k = 31 - left_shift;
    t.mh = mult >> t.k;
    t.ml = mult & (int32_t)((1u << t.k) - 1u);
    t.c1 = 1 << (30 - left_shift);
    t.rs = -shift;
    t.round = (int32_t)(1u << (t.rs - 1));
  }
  return t;
}

static inline void eb_x86_binary_s8_plan_fill(const eb_binary_params *p, eb_x86_binary_s8_plan *plan) {
  plan->term[0] = eb_x86_s8_term_plan(p->in1_zp, p->left_shift, p->in1_mult, p->in1_shift);
  plan->term[1] = eb_x86_s8_term_plan(p->in2_zp, p->left_shift, p->in2_mult, p->in2_shift);
  plan->out_fast = p->out_shift <= -2 && p->out_shift >= -31 && p->out_mult > (1 << 30);
  plan->pad_[0] = plan->pad_[1] = plan->pad_[2] = 0;
}

/* Parameters every int8 binary variant needs: a broadcast it takes, int8 zero points and clamp, and a sane
 * output requantisation. */
static inline int eb_x86_binary_s8_common_ok(const eb_binary_params *p) {
  return eb_x86_classify_bcast(p) != EB_X86_BCAST_NONE && eb_x86_binary_elems(p) <= INT32_MAX &&
         eb_x86_s8_zp_ok(p->in1_zp) && eb_x86_s8_zp_ok(p->in2_zp) && eb_x86_s8_zp_ok(p->out_zp) &&
         eb_x86_s8_clamp_ok(p->q_min, p->q_max) && eb_x86_rq_ok(p->out_mult, p->out_shift);
}

/* ADD/SUB additionally: (v - zp) 2^L fits in int32 (L <= 22) and the input rescales shift right or not at all
 * (TFLM's are at most 1/2), so each term is below 2^30 in magnitude and their sum or difference fits too. */
static inline int eb_x86_addsub_s8_applies(const eb_binary_params *p) {
  return eb_x86_binary_s8_common_ok(p) && p->left_shift >= 0 && p->left_shift <= 22 && p->in1_mult >= 0 &&
         p->in2_mult >= 0 && p->in1_shift <= 0 && p->in1_shift >= -31 && p->in2_shift <= 0 && p->in2_shift >= -31;
}

static inline size_t eb_x86_binary_s8_packed_bytes(void) {
  return (sizeof(eb_x86_binary_s8_plan) + EB_X86_EW_ALIGN_ELEMS * 4 - 1) / (EB_X86_EW_ALIGN_ELEMS * 4) *
         (EB_X86_EW_ALIGN_ELEMS * 4);
}

/* RELU/RELU6: float32 takes every count; int8 RELU needs int8 zero points, clamp and a sane requantisation, int8
 * RELU6 a sane clamp. */
static inline int eb_x86_relu_s8_applies(const eb_act_params *p) {
  return p->count >= 0 && eb_x86_s8_zp_ok(p->in_zp) && eb_x86_s8_zp_ok(p->out_zp) &&
         eb_x86_s8_clamp_ok(p->q_min, p->q_max) && eb_x86_rq_ok(p->in_mult, p->in_left_shift);
}
static inline int eb_x86_relu6_s8_applies(const eb_act_params *p) {
  return p->count >= 0 && eb_x86_s8_clamp_ok(p->q_min, p->q_max);
}

/* int8 MEAN: exact int32 sums need reduced * 255 < 2^31. */
static inline int eb_x86_mean_s8_applies(const eb_mean_params *p) {
  return p->outer >= 1 && p->inner >= 1 && p->reduced >= 1 && p->reduced <= (1 << 23) && eb_x86_s8_zp_ok(p->in_zp) &&
         eb_x86_s8_zp_ok(p->out_zp) && eb_x86_rq_ok(p->mult, p->shift);
}

/* TRANSPOSE, reduced to its essential form: size-1 dims dropped, and output dims that walk consecutive input
 * dims merged into one. NCHW -> NHWC becomes [N][C][HW] -> [N][HW][C] (a batch of 2-D transposes), NHWC ->
 * NCHW the reverse; an identity becomes a single dim (a copy). */
typedef struct {
  int32_t rank;
  int64_t in_dims[EB_MAX_DIMS];
  int32_t perm[EB_MAX_DIMS];
} eb_x86_transpose_canon;

static inline int eb_x86_transpose_canonical(const eb_transpose_params *p, eb_x86_transpose_canon *c) {
  if (p->rank < 1 || p->rank > EB_MAX_DIMS) return 0;
  int32_t seen = 0;
  for (int32_t i = 0; i < p->rank; ++i) {
    if (p->perm[i] < 0 || p->perm[i] >= p->rank || (seen >> p->perm[i]) & 1) return 0;
    seen |= 1 << p->perm[i];
    if (p->in_dims[i] < 1) return 0;
  }
  /* Input dims other than 1, renumbered; then their order in the output. */
  int32_t renum[EB_MAX_DIMS], n = 0;
  int64_t dims[EB_MAX_DIMS];
  for (int32_t d = 0; d < p->rank; ++d) {
    renum[d] = p->in_dims[d] == 1 ? -1 : n;
    if (p->in_dims[d] != 1) dims[n++] = p->in_dims[d];
  }
  int32_t order[EB_MAX_DIMS], m = 0;
  for (int32_t i = 0; i < p->rank; ++i) {
    if (renum[p->perm[i]] >= 0) order[m++] = renum[p->perm[i]];
  }
  if (n == 0) {
    c->rank = 1;
    c->in_dims[0] = 1;
    c->perm[0] = 0;
    return 1;
  }
  /* Runs of consecutive input dims in output order are one dim each. Runs partition 0..n-1, so ordering
   * them by their first input dim gives the canonical input order. */
  int32_t first[EB_MAX_DIMS], runs = 0;
  int64_t size[EB_MAX_DIMS];
  for (int32_t i = 0; i < m; ++i) {
    if (i == 0 || order[i] != order[i - 1] + 1) {
      first[runs] = order[i];
      size[runs++] = 1;
    }
    size[runs - 1] *= dims[order[i]];
  }
  c->rank = runs;
  for (int32_t i = 0; i < runs; ++i) {
    int32_t rank_in = 0;
    for (int32_t j = 0; j < runs; ++j) rank_in += first[j] < first[i];
    c->perm[i] = rank_in;
    c->in_dims[rank_in] = size[i];
  }
  return 1;
}

/* The canonical forms the transpose variants take: a copy (rank 1), or a batch of 2-D transposes
 * ([B][R][C] -> [B][C][R], B = 1 at rank 2). Fills b, r, c. */
static inline int eb_x86_transpose_shape(const eb_transpose_params *p, int64_t *b, int64_t *r, int64_t *c) {
  *b = *r = *c = 1;
  eb_x86_transpose_canon k;
  if (!eb_x86_transpose_canonical(p, &k)) return 0;
  if (k.rank == 1) {
    *b = 1, *r = 1, *c = k.in_dims[0];
    return 1;
  }
  if (k.rank == 2 && k.perm[0] == 1 && k.perm[1] == 0) {
    *b = 1, *r = k.in_dims[0], *c = k.in_dims[1];
    return 2;
  }
  if (k.rank == 3 && k.perm[0] == 0 && k.perm[1] == 2 && k.perm[2] == 1) {
    *b = k.in_dims[0], *r = k.in_dims[1], *c = k.in_dims[2];
    return 2;
  }
  return 0;
}

enum {
  /* TRANSPOSE: output rows (input columns) per task unit, and bytes per unit of a plain copy. */
  EB_X86_TRANSPOSE_COLS = 16,
  EB_X86_TRANSPOSE_COPY_BYTES = 16384
};

/* Tasks: (batch, block of 16 output rows) units for a 2-D transpose, 16 KB pieces for a copy. */
static inline int64_t eb_x86_transpose_units(const eb_transpose_params *p) {
  int64_t b, r, c;
  const int form = eb_x86_transpose_shape(p, &b, &r, &c);
  if (form == 1) return (c * p->elem_size + EB_X86_TRANSPOSE_COPY_BYTES - 1) / EB_X86_TRANSPOSE_COPY_BYTES;
  if (form == 2) return b * ((c + EB_X86_TRANSPOSE_COLS - 1) / EB_X86_TRANSPOSE_COLS);
  return 1;
}
static inline int32_t eb_x86_transpose_tasks(const eb_transpose_params *p) {
  return eb_x86_ew_tasks_for(eb_x86_transpose_units(p));
}

#endif
