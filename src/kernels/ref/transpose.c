/* TRANSPOSE on raw elements.
 *
 * The output is written in order. Output dimension i walks the input with stride in_stride[perm[i]],
 * so the source offset is kept incrementally with an odometer over the outer output dimensions; the
 * innermost dimension is a strided gather loop. No division or index decomposition per element. */
#include "transpose.h"

#include <string.h>

/* The constant ES lets the compiler turn each memcpy into one load and one store. */
#define EB_TRANSPOSE_ROWS(ES)                                                        \
  for (size_t row = 0; row < rows; ++row) {                                          \
    const uint8_t *s = src + off * (ES);                                             \
    for (size_t j = 0; j < inner_n; ++j) {                                           \
      memcpy(dst, s, (ES));                                                          \
      s += inner_step * (ES);                                                        \
      dst += (ES);                                                                   \
    }                                                                                \
    for (int32_t d = rank - 2; d >= 0; --d) {                                        \
      off += step[d];                                                                \
      if (++idx[d] < dims[d]) break;                                                 \
      off -= step[d] * dims[d];                                                      \
      idx[d] = 0;                                                                    \
    }                                                                                \
  }

void eb_transpose(const eb_transpose_params *p, const void *in, void *out) {
  const int32_t rank = p->rank;
  const uint8_t *src = (const uint8_t *)in;
  uint8_t *dst = (uint8_t *)out;
  if (rank == 0) {
    memcpy(dst, src, (size_t)p->elem_size);
    return;
  }
  size_t in_stride[EB_MAX_DIMS];
  size_t acc = 1;
  for (int32_t d = rank - 1; d >= 0; --d) {
    in_stride[d] = acc;
    acc *= (size_t)p->in_dims[d];
  }
  if (acc == 0) return;
  /* Output dimension sizes and the input stride (in elements) each one advances. */
  size_t dims[EB_MAX_DIMS], step[EB_MAX_DIMS], idx[EB_MAX_DIMS];
  for (int32_t i = 0; i < rank; ++i) {
    dims[i] = (size_t)p->in_dims[p->perm[i]];
    step[i] = in_stride[p->perm[i]];
    idx[i] = 0;
  }
  const size_t inner_n = dims[rank - 1];
  const size_t inner_step = step[rank - 1];
  const size_t rows = acc / inner_n;
  size_t off = 0;
  switch (p->elem_size) {
    case 1: EB_TRANSPOSE_ROWS(1) break;
    case 2: EB_TRANSPOSE_ROWS(2) break;
    case 4: EB_TRANSPOSE_ROWS(4) break;
    default: EB_TRANSPOSE_ROWS(8) break;
  }
}
