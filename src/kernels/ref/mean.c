/* MEAN over the middle axis of an [outer][reduced][inner] view (TFLM reference semantics).
 *
 * float: the sum is accumulated in input order in float and divided by the count, as the reference does.
 * int8: TFLM's integer Mean: the zero-point-free sum is rescaled by in_scale/out_scale first and divided
 * by the count after, rounding half away from zero; see mean.h. */
#include "mean.h"

#include "quant.h"

void eb_mean_f32(const eb_mean_params *p, const float *in, float *out) {
  const size_t inner = (size_t)p->inner;
  const float count = (float)p->reduced;
  for (int32_t o = 0; o < p->outer; ++o) {
    const float *slab = in + (size_t)o * p->reduced * inner;
    for (size_t i = 0; i < inner; ++i) {
      float sum = 0.0f;
      for (int32_t r = 0; r < p->reduced; ++r) sum += slab[(size_t)r * inner + i];
      *out++ = sum / count;
    }
  }
}

void eb_mean_s8(const eb_mean_params *p, const int8_t *in, int8_t *out) {
  const size_t inner = (size_t)p->inner;
  const int32_t n = p->reduced;
  for (int32_t o = 0; o < p->outer; ++o) {
    const int8_t *slab = in + (size_t)o * n * inner;
    for (size_t i = 0; i < inner; ++i) {
      int32_t acc = 0;
      for (int32_t r = 0; r < n; ++r) acc += slab[(size_t)r * inner + i] - p->in_zp;
      acc = eb_multiply_by_quantized_multiplier(acc, p->mult, p->shift);
      acc = acc > 0 ? (acc + n / 2) / n : (acc - n / 2) / n;
      *out++ = (int8_t)eb_clamp_i32(acc + p->out_zp, INT8_MIN, INT8_MAX);
    }
  }
}
