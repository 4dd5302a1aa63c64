/* STRIDED_SLICE: picks, along each axis, `count` elements from `begin` on, `step` apart (a negative step
 * walks backwards). Works on raw elements of elem_size bytes, so it serves every dtype.
 *
 * Prepare resolves TFLite's begin/end/strides operands and masks (negative indices, clamping, begin_mask,
 * end_mask) into begin, count and step per axis; a shrunk axis is one with count 1, dropped from the
 * output's shape but not from its layout, so the kernel needs no notion of it. */
#ifndef EB_STRIDED_SLICE_H
#define EB_STRIDED_SLICE_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t rank;                  /* 1..EB_MAX_DIMS */
  int32_t in_dims[EB_MAX_DIMS];
  int32_t begin[EB_MAX_DIMS];    /* first input index along each axis, within [0, in_dims) when count > 0 */
  int32_t count[EB_MAX_DIMS];    /* elements taken along each axis; 0 makes the output empty */
  int32_t step[EB_MAX_DIMS];     /* input index distance between consecutive outputs; never 0 */
  int32_t elem_size;             /* 1, 2, 4 or 8 */
} eb_strided_slice_params;

/* Prepare-time, TFLM's index rules for one axis of size `dim` (its reference StridedSliceStartForAxis and
 * StridedSliceEndForAxis): *begin and *count for a slice start..stop with step `stride` (non-zero). */
void eb_strided_slice_axis(int32_t dim, int32_t start, int32_t stop, int32_t stride, int begin_masked,
                           int end_masked, int shrink, int32_t *begin, int32_t *count);

/* Writes the product of count[] elements to `out`, in row-major order of the output. */
void eb_strided_slice(const eb_strided_slice_params *p, const void *in, void *out);

#ifdef __cplusplus
}
#endif
#endif
