/* TFLite quantisation arithmetic with TFLM's reference (double) rounding. See quant.h. */
#include "quant.h"

#include <math.h>

int32_t eb_sat_rounding_doubling_high_mul(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  /* gemmlowp rounds to nearest by adding 2^30 (1 - 2^30 for a negative product) and truncating the
   * division by 2^31 toward zero. For a negative product p, truncating (p + 1 - 2^30) / 2^31 equals
   * flooring (p + 2^30) / 2^31, the non-negative case's formula, so one arithmetic shift does both
   * (a multiply-accumulate and two shifts on 32-bit cores, no branches). */
  return (int32_t)(((int64_t)a * (int64_t)b + (1LL << 30)) >> 31);
}

int32_t eb_rounding_divide_by_pot(int32_t x, int32_t exponent) {
  const int32_t mask = (int32_t)((1LL << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int32_t eb_multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left_shift = shift > 0 ? shift : 0;
  const int32_t right_shift = shift > 0 ? 0 : -shift;
  /* The left shift wraps like TFLM's x * (1 << left_shift) on two's complement targets. */
  const int32_t shifted = (int32_t)((uint32_t)x << left_shift);
  return eb_rounding_divide_by_pot(eb_sat_rounding_doubling_high_mul(shifted, multiplier), right_shift);
}

void eb_quantize_multiplier(double real_multiplier, int32_t *multiplier, int32_t *shift) {
  if (real_multiplier == 0.0) {
    *multiplier = 0;
    *shift = 0;
    return;
  }
  int exponent = 0;
  const double q = frexp(real_multiplier, &exponent);
  /* round() is half away from zero, as TfLiteRound. */
  int64_t q_fixed = (int64_t)round(q * (double)(1LL << 31));
  if (q_fixed == (1LL << 31)) {
    q_fixed /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    exponent = 0;
    q_fixed = 0;
  }
  if (exponent > 30) {
    exponent = 30;
    q_fixed = (1LL << 31) - 1;
  }
  *multiplier = (int32_t)q_fixed;
  *shift = exponent;
}
