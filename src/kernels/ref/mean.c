/* MEAN over the middle axis of an [outer][reduced][inner] view (TFLM reference semantics).
 *
 * float: the sum is accumulated in input order in float and divided by the count, as the reference does.
 * int8, int16: TFLM's QuantizedMeanOrSum: the count's reciprocal is folded into the requantisation multiplier
 * at prepare time, so eval is one MBQM of the zero-point-free sum; see mean.h. */
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

void eb_mean_prepare_quant(eb_mean_params *p, double in_scale, double out_scale) {
  eb_quantize_multiplier(in_scale / out_scale, &p->mult, &p->shift);
  const int64_t n = p->reduced;
  if (n <= 0) return;
  int32_t k = 0;
  while (k < 62 && (n >> (k + 1)) != 0) ++k; /* floor(log2(n)) */
  if (k > 32) k = 32;
  if (k > 31 + p->shift) k = 31 + p->shift;
  if (k < 0) k = 0;
  p->mult = (int32_t)(((int64_t)p->mult << k) / n);
  p->shift -= k;
}

/* The sum wraps as TFLM's int32 accumulator does (unsigned arithmetic keeps that defined). */
#define EB_MEAN_QUANT_BODY(T, LO, HI)                                                   \
  const size_t inner = (size_t)p->inner;                                                \
  const int32_t n = p->reduced;                                                         \
  for (int32_t o = 0; o < p->outer; ++o) {                                              \
    const T *slab = in + (size_t)o * n * inner;                                         \
    for (size_t i = 0; i < inner; ++i) {                                                \
      uint32_t acc = 0;                                                                 \
      for (int32_t r = 0; r < n; ++r) acc += (uint32_t)(int32_t)slab[(size_t)r * inner + i]; \
      acc -= (uint32_t)((int64_t)p->in_zp * n);                                         \
      int32_t v = eb_multiply_by_quantized_multiplier((int32_t)acc, p->mult, p->shift); \
      *out++ = (T)eb_clamp_i32(eb_add_wrap_i32(v, p->out_zp), LO, HI);                  \
    }                                                                                   \
  }

void eb_mean_s8(const eb_mean_params *p, const int8_t *in, int8_t *out) { EB_MEAN_QUANT_BODY(int8_t, INT8_MIN, INT8_MAX) }

void eb_mean_s16(const eb_mean_params *p, const int16_t *in, int16_t *out) {
  EB_MEAN_QUANT_BODY(int16_t, INT16_MIN, INT16_MAX)
}
