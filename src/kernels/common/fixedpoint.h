/* Q-format fixed-point transcendental functions, bit-identical to gemmlowp's fixedpoint.h, which TFLM's
 * int8 SOFTMAX, LOGISTIC and TANH reference kernels are built on.
 *
 * A value with `ib` integer bits is an int32 raw r meaning r / 2^(31 - ib). Results of the functions
 * below have 0 integer bits (Q0.31). Additions wrap like gemmlowp's plain int32 adds; multiplies are
 * eb_sat_rounding_doubling_high_mul, so integer bits of the factors add up. Internal to the kernels. */
#ifndef EB_FIXEDPOINT_H
#define EB_FIXEDPOINT_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Number of leading zero bits of x; 32 for x == 0. */
int32_t eb_fp_count_leading_zeros(uint32_t x);

/* (a + b) / 2 rounded to nearest, ties away from zero, without overflow. */
int32_t eb_fp_rounding_half_sum(int32_t a, int32_t b);

/* x * 2^exponent: a saturating left shift for exponent > 0, a rounding right shift for exponent < 0. */
int32_t eb_fp_sat_rounding_mul_by_pot(int32_t x, int32_t exponent);

/* Moves a raw value from src_bits to dst_bits integer bits (saturating or rounding as needed). */
static inline int32_t eb_fp_rescale(int32_t x, int32_t src_bits, int32_t dst_bits) {
  return eb_fp_sat_rounding_mul_by_pot(x, src_bits - dst_bits);
}

/* exp(a) for a in [-1/4, 0), a and result in Q0.31. */
int32_t eb_fp_exp_on_interval_neg_quarter_to_0(int32_t a);

/* exp(a) for a <= 0 with `integer_bits` integer bits (1..30); result in Q0.31 (exp(0) = 2^31 - 1). */
int32_t eb_fp_exp_on_negative_values(int32_t a, int32_t integer_bits);

/* 1 / (1 + a) for a in [0, 1), Q0.31 in and out. */
int32_t eb_fp_one_over_one_plus_x_for_x_in_0_1(int32_t a);

/* (1 - a) / (1 + a) for a in [0, 1), Q0.31 in and out. */
int32_t eb_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a);

/* 1 / (1 + exp(-a)), a with `integer_bits` integer bits (0..29), result Q0.31. */
int32_t eb_fp_logistic(int32_t a, int32_t integer_bits);

/* tanh(a), a with `integer_bits` integer bits (0..29), result Q0.31. */
int32_t eb_fp_tanh(int32_t a, int32_t integer_bits);

/* 1 / x for x > 0 with `x_integer_bits` integer bits, as TFLM's GetReciprocal: returns a Q0.31 raw s and
 * sets *num_bits_over_unit so that 1/x = s * 2^-(num_bits_over_unit) (s in [0.5, 1]). */
int32_t eb_fp_get_reciprocal(int32_t x, int32_t x_integer_bits, int32_t *num_bits_over_unit);

/* Prepare-time, for LOGISTIC and TANH (TFLM's int8 scheme): the multiplier taking (x - zp) at in_scale to
 * Q`integer_bits`.(31 - integer_bits) via frexp (no renormalisation, unlike eb_quantize_multiplier), and the
 * input radius: |x - zp| >= radius is outside the representable range and saturates the output. */
void eb_fp_prepare_input_rescale(double in_scale, int32_t integer_bits, int32_t *mult, int32_t *left_shift,
                                 int32_t *radius);

#ifdef __cplusplus
}
#endif
#endif
