/* LEAKY_RELU, element-wise: x >= 0 ? x : alpha * x. */
#ifndef EB_LEAKY_RELU_H
#define EB_LEAKY_RELU_H

#include "eb_common.h"
#include "quant.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;                        /* number of elements */
  float alpha;                          /* float32 slope for negative inputs */
  int32_t in_zp, out_zp;                /* int8/int16 */
  /* int8/int16 (TFLM's scheme): (x - in_zp) is requantised to the output by one of two multipliers,
   * in_scale / out_scale for x >= in_zp and in_scale * alpha / out_scale below it (negative for a
   * negative alpha). */
  int32_t identity_mult, identity_shift;
  int32_t alpha_mult, alpha_shift;
} eb_leaky_relu_params;

/* Prepare-time: TFLM's two multipliers (int8 and int16). As TFLM, each ratio is formed in float32 from the
 * float32 scales and alpha and only then widened to double for the split into multiplier and shift. */
void eb_leaky_relu_prepare(eb_leaky_relu_params *p, float in_scale, float out_scale, float alpha);

void eb_leaky_relu_f32(const eb_leaky_relu_params *p, const float *in, float *out);
void eb_leaky_relu_s8(const eb_leaky_relu_params *p, const int8_t *in, int8_t *out);
/* int16 (leaky_relu_s16.c). */
void eb_leaky_relu_s16(const eb_leaky_relu_params *p, const int16_t *in, int16_t *out);

/* The requantised (x - in_zp) of one element, before the output zero point. A negative alpha multiplier is
 * applied as its magnitude and the product negated, as TFLM does: the doubling high multiply rounds ties
 * upward, so negating afterwards is not the same as multiplying by a negative multiplier. */
static inline int32_t eb_leaky_relu_scaled(const eb_leaky_relu_params *p, int32_t v) {
  if (v >= 0) return eb_multiply_by_quantized_multiplier(v, p->identity_mult, p->identity_shift);
  if (p->alpha_mult >= 0) return eb_multiply_by_quantized_multiplier(v, p->alpha_mult, p->alpha_shift);
  const int32_t magnitude = (int32_t)(0u - (uint32_t)p->alpha_mult);
  return (int32_t)(0u - (uint32_t)eb_multiply_by_quantized_multiplier(v, magnitude, p->alpha_shift));
}

#ifdef __cplusplus
}
#endif
#endif
