/* Fixed-point arithmetic of the TFLite quantisation spec, with TFLite Micro's reference rounding.
 *
 * A real multiplier M is stored as (multiplier, shift): M = multiplier * 2^(shift - 31), multiplier in
 * [2^30, 2^31). Applying it uses "double rounding": a saturating rounding doubling high multiply, then a
 * rounding (half away from zero) right shift. This is what makes int8 outputs bit-identical to TFLM. */
#ifndef EB_QUANT_H
#define EB_QUANT_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* (a * b * 2) >> 32 rounded to nearest; saturates the single overflow case a == b == INT32_MIN. */
int32_t eb_sat_rounding_doubling_high_mul(int32_t a, int32_t b);

/* x / 2^exponent rounded to nearest, ties away from zero; exponent in [0, 31]. */
int32_t eb_rounding_divide_by_pot(int32_t x, int32_t exponent);

/* round(x * multiplier * 2^(shift - 31)) with TFLM's double rounding; shift may be positive (left). */
int32_t eb_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift);

/* Splits a real multiplier into (multiplier, shift) exactly as TFLM's QuantizeMultiplier does
 * (frexp, round half away from zero, renormalise 2^31, flush tiny values to zero). Prepare-time only. */
void eb_quantize_multiplier(double real_multiplier, int32_t *multiplier, int32_t *shift);

#ifdef __cplusplus
}
#endif
#endif
