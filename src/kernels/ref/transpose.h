/* TRANSPOSE: out dim i is input dim perm[i]. Raw elements, any dtype. */
#ifndef EB_TRANSPOSE_H
#define EB_TRANSPOSE_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t rank;
  int32_t in_dims[EB_MAX_DIMS];
  int32_t perm[EB_MAX_DIMS];
  int32_t elem_size;
} eb_transpose_params;

void eb_transpose(const eb_transpose_params *p, const void *in, void *out);

#ifdef __cplusplus
}
#endif
#endif
