/* CONCATENATION along one axis: each input is [outer][axis_i * inner] and the output interleaves them.
 * Raw bytes; int8 inputs with other quantisation than the output are requantised by prepare's plan
 * (TFLM requires equal parameters, and so does our prepare). */
#ifndef EB_CONCATENATION_H
#define EB_CONCATENATION_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t num_inputs;
  int32_t outer;                 /* product of dims before the axis */
  const int32_t *copy_bytes;     /* [num_inputs]: axis_i * inner * elem_size */
} eb_concat_params;

void eb_concatenation(const eb_concat_params *p, const void *const *inputs, void *out);

#ifdef __cplusplus
}
#endif
#endif
