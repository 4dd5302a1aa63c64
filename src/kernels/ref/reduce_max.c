/* REDUCE_MAX, float32 (see reduce_max.h). */
#include "reduce_max.h"

#include <float.h>

void eb_reduce_max_f32(const eb_mean_params *p, const float *in, float *out) {
  const size_t inner = (size_t)p->inner;
  for (int32_t o = 0; o < p->outer; ++o) {
    const float *slab = in + (size_t)o * p->reduced * inner;
    for (size_t i = 0; i < inner; ++i) {
      float acc = -FLT_MAX;
      for (int32_t r = 0; r < p->reduced; ++r) {
        const float v = slab[(size_t)r * inner + i];
        acc = v > acc ? v : acc;
      }
      *out++ = acc;
    }
  }
}
