/* Valid tap ranges of a depthwise (or any direct) convolution: which filter rows and columns of an output
 * pixel land inside the image, computed once per row or pixel so that the inner loops never test a tap and
 * never form a pointer outside the input. Plain C, shared by every depthwise variant whatever its ISA. */
#ifndef EB_DEPTHWISE_GEOM_H
#define EB_DEPTHWISE_GEOM_H

#include <stdint.h>

#include "conv2d.h"

/* Taps k in [*lo, *hi) of a filter of size k_size with dilation dil starting at image position start
 * satisfy 0 <= start + k * dil < size; *lo >= *hi when none does. */
static inline void eb_dw_tap_range(int32_t start, int32_t dil, int32_t k_size, int32_t size, int32_t *lo,
                                   int32_t *hi) {
  const int32_t first = start < 0 ? (-start + dil - 1) / dil : 0;
  const int32_t room = size - 1 - start;
  int32_t last = room < 0 ? 0 : room / dil + 1;
  if (last > k_size) last = k_size;
  *lo = first;
  *hi = last;
}

/* The output columns [*a, *b) whose every filter column is inside the image (*a == *b when none is). */
static inline void eb_dw_interior_cols(const eb_conv_params *p, int32_t *a, int32_t *b) {
  const int32_t span = (p->k_w - 1) * p->dil_w;
  int32_t lo = (p->pad_left + p->stride_w - 1) / p->stride_w;
  const int32_t room = p->in_w - 1 - span + p->pad_left;
  int32_t hi = room < 0 ? 0 : room / p->stride_w + 1;
  if (hi > p->out_w) hi = p->out_w;
  if (lo > hi) lo = hi;
  *a = lo;
  *b = hi;
}

#endif
