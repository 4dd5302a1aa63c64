/* SUB of int16 tensors (zero points 0) with broadcasting: TFLM's general scheme, left_shift 15. */
#include "sub.h"

void eb_sub_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out) {
  eb_binary_addsub_s16(p, in1, in2, out, 1);
}
