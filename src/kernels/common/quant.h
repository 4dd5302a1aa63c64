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

/* eb_multiply_by_quantized_multiplier (quant.c), inlined for the inner loops: the same results, fewer
 * instructions. The doubling high multiply adds a nudge of 2^30 (1 - 2^30 when the product is negative)
 * and truncates toward zero; for a negative product, truncating (p + 1 - 2^30) / 2^31 toward zero equals
 * flooring (p + 2^30) / 2^31, which is what the non-negative case computes too. So both are one
 * multiply-accumulate into 64 bits and an arithmetic shift (SMLAL + two ALU ops on a Cortex-M4).
 * Only INT32_MIN * INT32_MIN saturates.
 *
 * The common case (a right shift r of 2..31 and a normalised multiplier m > 2^30) folds both roundings
 * into one: the result is floor((floor((x m + 2^30) / 2^31) + 2^(r-1) - [h < 0]) / 2^r) with h the high
 * product, and for m > 2^30, h < 0 exactly when x < 0. Nested floors of integers combine, so it equals
 * floor((x m + 2^30 + 2^(30+r) - [x < 0] 2^31) / 2^(31+r)): one SMLAL onto a constant whose high word is
 * 2^(r-2) - [x < 0] and low word 2^30 | (x's sign bit), then the high word shifted right by r - 1. */
static inline int32_t eb_requantize_general(int32_t x, int32_t multiplier, int32_t shift) {
  const int32_t left_shift = shift > 0 ? shift : 0;
  const int32_t right_shift = shift > 0 ? 0 : -shift;
  const int32_t a = (int32_t)((uint32_t)x << left_shift);
  int32_t high;
  if (a == INT32_MIN && multiplier == INT32_MIN) {
    high = INT32_MAX;
  } else {
    high = (int32_t)(((int64_t)a * (int64_t)multiplier + (1LL << 30)) >> 31);
  }
  const int32_t mask = (int32_t)((1u << right_shift) - 1u);
  const int32_t remainder = high & mask;
  const int32_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> right_shift) + (remainder > threshold ? 1 : 0);
}

/* True when a channel's requantisation can take eb_requantize_fast. */
static inline int eb_requantize_is_fast(int32_t multiplier, int32_t shift) {
  return shift <= -2 && shift >= -31 && multiplier > (1 << 30);
}

/* The common case with its per-channel constants: quarter = 2^(r-2) and r1 = r - 1 for shift = -r. */
static inline int32_t eb_requantize_fast(int32_t x, int32_t multiplier, uint32_t quarter, int32_t r1) {
  const uint32_t lo = 0x40000000u | ((uint32_t)x & 0x80000000u);
  const uint32_t hi = quarter + (uint32_t)(x >> 31);
  const int64_t sum = (int64_t)(((uint64_t)hi << 32) | lo) + (int64_t)x * (int64_t)multiplier;
  return (int32_t)(sum >> 32) >> r1;
}

/* eb_requantize_fast with its constants made from the shift, for one output of a channel. */
static inline int32_t eb_requantize_usual(int32_t x, int32_t multiplier, int32_t shift) {
  return eb_requantize_fast(x, multiplier, 1u << (-shift - 2), -shift - 1);
}

/* True when every one of n channels can take eb_requantize_fast (checked once per layer call). */
static inline int eb_requantize_all_fast(const int32_t *multiplier, const int32_t *shift, int32_t n) {
  int fast = 1;
  for (int32_t c = 0; c < n; ++c) fast &= eb_requantize_is_fast(multiplier[c], shift[c]);
  return fast;
}

static inline int32_t eb_requantize_inline(int32_t x, int32_t multiplier, int32_t shift) {
  if (!eb_requantize_is_fast(multiplier, shift)) return eb_requantize_general(x, multiplier, shift);
  return eb_requantize_usual(x, multiplier, shift);
}

/* An int8 output from its sum: requantised, offset by the output zero point, clamped to [lo, hi]. */
static inline int8_t eb_requantize_s8(int32_t acc, int32_t multiplier, int32_t shift, int32_t zp, int32_t lo,
                                      int32_t hi) {
  return (int8_t)eb_clamp_i32(eb_add_wrap_i32(eb_requantize_inline(acc, multiplier, shift), zp), lo, hi);
}

/* eb_requantize_inline with two more branch-free cases, for elementwise kernels whose rescales often have
 * them (ADD brings the larger input's scale to exactly 1/2: multiplier 2^30, shift 0). */
static inline int32_t eb_requantize_elementwise(int32_t x, int32_t multiplier, int32_t shift) {
  if (eb_requantize_is_fast(multiplier, shift)) return eb_requantize_usual(x, multiplier, shift);
  if (shift == 0 && multiplier != INT32_MIN) {
    /* No rounding shift: the high product alone. */
    return (int32_t)(((int64_t)x * (int64_t)multiplier + (1LL << 30)) >> 31);
  }
  if (shift == -1 && multiplier > (1 << 30)) {
    /* r = 1: the folded constant 2^30 + 2^31 - [x < 0] 2^31; the result is the high word of the sum. */
    const int64_t k = (int64_t)(0x40000000u | (~(uint32_t)x & 0x80000000u));
    return (int32_t)(((int64_t)x * (int64_t)multiplier + k) >> 32);
  }
  return eb_requantize_general(x, multiplier, shift);
}

/* TFLM's MultiplyByQuantizedMultiplier for a 64-bit x (the int16x8 kernels' int64 accumulators), which is not
 * the 32-bit one widened: the multiplier is first rounded to 15 bits ((m + 2^15) >> 16, at most 0x7FFF), then
 * one rounding shift right by 15 - shift, the result truncated to 32 bits. shift must be in [-31, 7] (prepare
 * checks). Products outside TFLM's assumed range |x| < 2^47 wrap instead of being undefined. */
static inline int32_t eb_multiply_by_quantized_multiplier_s64(int64_t x, int32_t multiplier, int32_t shift) {
  const int64_t reduced = multiplier < 0x7FFF0000 ? (multiplier + (1 << 15)) >> 16 : 0x7FFF;
  const int32_t total_shift = 15 - shift;
  const uint64_t r = (uint64_t)x * (uint64_t)reduced + ((uint64_t)1 << (total_shift - 1));
  return (int32_t)(uint32_t)(uint64_t)((int64_t)r >> total_shift);
}

/* a + b wrapping like the hardware, for the int64 accumulators. */
static inline int64_t eb_add_wrap_i64(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }

#ifdef __cplusplus
}
#endif
#endif
