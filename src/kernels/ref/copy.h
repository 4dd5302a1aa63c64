/* A byte copy between tensors: what a view op (RESHAPE, SQUEEZE, EXPAND_DIMS) runs when its output
 * cannot share the input's bytes (a constant input). */
#ifndef EB_COPY_H
#define EB_COPY_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t bytes;
} eb_copy_params;

void eb_copy(const eb_copy_params *p, const void *in, void *out);

#ifdef __cplusplus
}
#endif
#endif
