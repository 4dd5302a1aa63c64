/* SUM, float32 (see sum.h). */
#include "sum.h"

#include <float.h>

void eb_sum_f32(const eb_mean_params *p, const float *in, float *out) {
  const size_t inner = (size_t)p->inner;
  for (int32_t o = 0; o < p->outer; ++o) {
    const float *slab = in + (size_t)o * p->reduced * inner;
    for (size_t i = 0; i < inner; ++i) {
      float acc = 0.0f;
      for (int32_t r = 0; r < p->reduced; ++r) {
        const float v = slab[(size_t)r * inner + i];
        acc += v;
      }
      *out++ = acc;
    }
  }
}
