/* CAST between element types with C conversion semantics (float -> int truncates toward zero;
 * anything -> bool is `!= 0`). Type codes are eb_elem_type values. */
#ifndef EB_CAST_H
#define EB_CAST_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  EB_ELEM_F32, EB_ELEM_I8, EB_ELEM_U8, EB_ELEM_I16, EB_ELEM_I32, EB_ELEM_I64, EB_ELEM_BOOL
} eb_elem_type;

typedef struct {
  int32_t count;
  eb_elem_type from, to;
} eb_cast_params;

void eb_cast(const eb_cast_params *p, const void *in, void *out);

#ifdef __cplusplus
}
#endif
#endif
