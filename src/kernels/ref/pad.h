/* PAD (constant): copies the input into the middle of the output and fills the border with one value.
 * Works on raw elements of elem_size bytes, so it serves every dtype. */
#ifndef EB_PAD_H
#define EB_PAD_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t rank;
  int32_t in_dims[EB_MAX_DIMS];
  int32_t before[EB_MAX_DIMS], after[EB_MAX_DIMS];
  int32_t elem_size;             /* 1, 2, 4 or 8 */
  uint8_t pad_value[8];          /* one element's bytes: 0.0f for float, the zero point for int8 */
} eb_pad_params;

void eb_pad(const eb_pad_params *p, const void *in, void *out);

#ifdef __cplusplus
}
#endif
#endif
