/* STRIDED_SLICE on raw elements (TFLM reference semantics).
 *
 * The output is written in order, one innermost row at a time; the input offset of a row moves like an
 * odometer over the outer axes (step * input stride per output index). A row with step 1 is one memcpy;
 * otherwise elements are copied one by one with a fixed-size copy per element type. */
#include "strided_slice.h"

#include <string.h>

static int32_t clamp_index(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }

void eb_strided_slice_axis(int32_t dim, int32_t start, int32_t stop, int32_t stride, int begin_masked,
                           int end_masked, int shrink, int32_t *begin, int32_t *count) {
  /* Forward slices clamp to [0, dim]; backward ones to [-1, dim - 1], -1 being one before the first. */
  const int32_t lo = stride > 0 ? 0 : -1, hi = stride > 0 ? dim : dim - 1;
  if (start < 0) start += dim;
  start = clamp_index(start, lo, hi);
  if (begin_masked) start = stride > 0 ? 0 : dim - 1;
  int32_t end;
  if (shrink) {
    /* TFLM takes one element from start on, whatever `stop` says (none when start is past the end). */
    end = start >= dim ? start : start + 1;
  } else {
    end = stop < 0 ? stop + dim : stop;
    end = clamp_index(end, lo, hi);
    if (end_masked) end = stride > 0 ? dim : -1;
  }
  /* TFLM loops while index < end (forward) or index > end (backward). */
  const int64_t span = stride > 0 ? (int64_t)end - start : (int64_t)start - end;
  const int64_t step = stride > 0 ? stride : -(int64_t)stride;
  *begin = start;
  *count = span > 0 ? (int32_t)((span + step - 1) / step) : 0;
}

/* n elements of es bytes, `step` elements apart in the source. */
static void copy_row(uint8_t *dst, const uint8_t *src, int32_t n, int32_t step, size_t es) {
  if (step == 1) {
    memcpy(dst, src, (size_t)n * es);
    return;
  }
  const ptrdiff_t stride = (ptrdiff_t)step * (ptrdiff_t)es;
  switch (es) {
    case 1:
      for (int32_t i = 0; i < n; ++i) dst[i] = src[i * stride];
      break;
    case 2:
      for (int32_t i = 0; i < n; ++i) memcpy(dst + 2 * i, src + i * stride, 2);
      break;
    case 4:
      for (int32_t i = 0; i < n; ++i) memcpy(dst + 4 * i, src + i * stride, 4);
      break;
    default:
      for (int32_t i = 0; i < n; ++i) memcpy(dst + es * (size_t)i, src + i * stride, es);
      break;
  }
}

void eb_strided_slice(const eb_strided_slice_params *p, const void *in, void *out) {
  const int32_t r = p->rank;
  const size_t es = (size_t)p->elem_size;
  int32_t in_stride[EB_MAX_DIMS];
  int32_t s = 1;
  for (int32_t d = r - 1; d >= 0; --d) {
    if (p->count[d] == 0) return;
    in_stride[d] = s;
    s *= p->in_dims[d];
  }
  int32_t off = 0; /* input element offset of the current row's first element */
  int32_t rows = 1;
  for (int32_t d = 0; d < r; ++d) {
    off += p->begin[d] * in_stride[d];
    if (d + 1 < r) rows *= p->count[d];
  }
  const uint8_t *src = (const uint8_t *)in;
  uint8_t *dst = (uint8_t *)out;
  const int32_t inner = p->count[r - 1], inner_step = p->step[r - 1];
  int32_t idx[EB_MAX_DIMS] = {0};
  for (int32_t row = 0; row < rows; ++row) {
    copy_row(dst, src + (ptrdiff_t)off * (ptrdiff_t)es, inner, inner_step, es);
    dst += (size_t)inner * es;
    for (int32_t d = r - 2; d >= 0; --d) {
      off += p->step[d] * in_stride[d];
      if (++idx[d] < p->count[d]) break;
      /* This axis wrapped: rewind it and carry into the next outer one. */
      off -= p->step[d] * in_stride[d] * p->count[d];
      idx[d] = 0;
    }
  }
}
