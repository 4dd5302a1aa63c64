/* CONCATENATION: for every outer row, each input contributes one contiguous run of copy_bytes[k],
 * so the op is num_inputs memcpys per row. */
#include "concatenation.h"

#include <string.h>

void eb_concatenation(const eb_concat_params *p, const void *const *inputs, void *out) {
  uint8_t *dst = (uint8_t *)out;
  for (int32_t o = 0; o < p->outer; ++o) {
    for (int32_t k = 0; k < p->num_inputs; ++k) {
      const size_t n = (size_t)p->copy_bytes[k];
      memcpy(dst, (const uint8_t *)inputs[k] + (size_t)o * n, n);
      dst += n;
    }
  }
}
