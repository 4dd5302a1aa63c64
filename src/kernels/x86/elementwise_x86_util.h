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

#include "binary.h"
#include "mean.h"
#include "pool.h"
#include "softmax.h"

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

#endif
