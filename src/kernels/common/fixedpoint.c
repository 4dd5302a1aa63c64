/* gemmlowp-compatible fixed-point functions. See fixedpoint.h.
 *
 * Every constant and every rounding step follows gemmlowp exactly, because TFLM's int8 outputs depend on
 * the last bit of these approximations. Plain additions go through uint32 so that the wrap-around that
 * gemmlowp relies on (in practice) is defined behaviour here. */
#include "fixedpoint.h"

#include <math.h>

#include "quant.h"

static inline int32_t wrap_add(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline int32_t wrap_sub(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }
static inline int32_t wrap_neg(int32_t a) { return (int32_t)(0u - (uint32_t)a); }
static inline int32_t fp_mul(int32_t a, int32_t b) { return eb_sat_rounding_doubling_high_mul(a, b); }

/* Q0.31 "one" is the largest raw value, since 1.0 itself is not representable. */
#define EB_FP_ONE_Q0 INT32_MAX
/* 1.0 in Q2.29. */
#define EB_FP_ONE_Q2 (1 << 29)

int32_t eb_fp_count_leading_zeros(uint32_t x) {
  if (x == 0) return 32;
  int32_t n = 0;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

int32_t eb_fp_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = (int64_t)a + (int64_t)b;
  const int64_t sign = sum >= 0 ? 1 : -1;
  return (int32_t)((sum + sign) / 2);
}

int32_t eb_fp_sat_rounding_mul_by_pot(int32_t x, int32_t exponent) {
  if (exponent < 0) return eb_rounding_divide_by_pot(x, -exponent);
  if (exponent == 0) return x;
  /* Saturate anything whose shift would leave the int32 range; the bound is symmetric, as in gemmlowp. */
  const int32_t threshold = (int32_t)((1u << (31 - exponent)) - 1u);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << exponent);
}

int32_t eb_fp_exp_on_interval_neg_quarter_to_0(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668; /* exp(-1/8) in Q0.31 */
  const int32_t one_third = 715827883;             /* 1/3 in Q0.31 */
  /* Taylor series around -1/8: substitute x = a + 1/8. */
  const int32_t x = wrap_add(a, 1 << 28);
  const int32_t x2 = fp_mul(x, x);
  const int32_t x3 = fp_mul(x2, x);
  const int32_t x4 = fp_mul(x2, x2);
  const int32_t x4_over_4 = eb_fp_sat_rounding_mul_by_pot(x4, -2);
  /* x^4/24 + x^3/6 + x^2/2 = ((x^4/4 + x^3) / 3 + x^2) / 2 */
  const int32_t poly =
      eb_fp_sat_rounding_mul_by_pot(wrap_add(fp_mul(wrap_add(x4_over_4, x3), one_third), x2), -1);
  return wrap_add(exp_minus_one_eighth, fp_mul(exp_minus_one_eighth, wrap_add(x, poly)));
}

int32_t eb_fp_exp_on_negative_values(int32_t a, int32_t integer_bits) {
  /* exp(-2^k) in Q0.31 for k = -2..4, applied for each set bit of the whole-quarters part of -a. */
  static const int32_t kExpNegPow2[7] = {1672461947, 1302514674, 790015084, 290630308,
                                         39332535,   720401,     242};
  const int32_t frac_bits = 31 - integer_bits;
  const int32_t one_quarter = 1 << (frac_bits - 2);
  const int32_t mask = one_quarter - 1;
  /* Split a = r - q with r in [-1/4, 0) and q a non-negative multiple of 1/4. */
  const int32_t r = (a & mask) - one_quarter;
  int32_t result = eb_fp_exp_on_interval_neg_quarter_to_0(eb_fp_rescale(r, integer_bits, 0));
  const int32_t q = wrap_sub(r, a);
  for (int32_t k = -2; k <= 4; ++k) {
    if (integer_bits > k && (q & (1 << (frac_bits + k))) != 0) result = fp_mul(result, kExpNegPow2[k + 2]);
  }
  /* Beyond -32 the barrel shifter above runs out of bits; gemmlowp flushes those to zero. */
  if (integer_bits > 5 && a < -(1 << (36 - integer_bits))) result = 0;
  if (a == 0) result = EB_FP_ONE_Q0;
  return result;
}

/* Three Newton-Raphson steps for 1 / half_denominator, starting from 48/17 - 32/17 * d; Q2.29 result. */
static int32_t reciprocal_of_half_denominator_q2(int32_t half_denominator) {
  const int32_t c48_over_17 = 1515870810;       /* Q2.29 */
  const int32_t c_neg_32_over_17 = -1010580540; /* Q2.29 */
  int32_t x = wrap_add(c48_over_17, fp_mul(half_denominator, c_neg_32_over_17));
  for (int i = 0; i < 3; ++i) {
    const int32_t dx = fp_mul(half_denominator, x);                /* Q2.29 */
    const int32_t one_minus_dx = wrap_sub(EB_FP_ONE_Q2, dx);       /* Q2.29 */
    x = wrap_add(x, eb_fp_rescale(fp_mul(x, one_minus_dx), 4, 2)); /* Q4 product back to Q2 */
  }
  return x;
}

int32_t eb_fp_one_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = eb_fp_rounding_half_sum(a, EB_FP_ONE_Q0);
  const int32_t x = reciprocal_of_half_denominator_q2(half_denominator);
  /* 1/(1+a) = (1/half_denominator) / 2: reinterpret Q2 as Q1 (exact halving), then move to Q0. */
  return eb_fp_rescale(x, 1, 0);
}

int32_t eb_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t a) {
  const int32_t half_denominator = eb_fp_rounding_half_sum(a, EB_FP_ONE_Q0);
  const int32_t x = reciprocal_of_half_denominator_q2(half_denominator);
  /* (1-a)/(1+a) = 2/(1+a) - 1 = 1/half_denominator - 1. */
  return eb_fp_rescale(wrap_sub(x, EB_FP_ONE_Q2), 2, 0);
}

int32_t eb_fp_logistic(int32_t a, int32_t integer_bits) {
  if (a == 0) return 1 << 30; /* exactly 0.5 */
  const int32_t abs_a = a > 0 ? a : wrap_neg(a);
  const int32_t exp_neg = eb_fp_exp_on_negative_values(wrap_neg(abs_a), integer_bits);
  const int32_t positive = eb_fp_one_over_one_plus_x_for_x_in_0_1(exp_neg);
  return a > 0 ? positive : wrap_sub(EB_FP_ONE_Q0, positive);
}

int32_t eb_fp_tanh(int32_t a, int32_t integer_bits) {
  if (a == 0) return 0;
  const int32_t neg_abs = a < 0 ? a : wrap_neg(a);
  /* exp(2 * neg_abs): the same raw read with one more integer bit is exactly twice the value. */
  const int32_t exp_2x = eb_fp_exp_on_negative_values(neg_abs, integer_bits + 1);
  const int32_t t = eb_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(exp_2x);
  return a < 0 ? wrap_neg(t) : t;
}

int32_t eb_fp_get_reciprocal(int32_t x, int32_t x_integer_bits, int32_t *num_bits_over_unit) {
  const int32_t headroom_plus_one = eb_fp_count_leading_zeros((uint32_t)x);
  *num_bits_over_unit = x_integer_bits - headroom_plus_one;
  /* Normalise x to [1, 2) and drop the leading one: the Q0.31 fraction f with x ~ (1 + f) * 2^n. */
  const uint32_t normalised = headroom_plus_one < 32 ? (uint32_t)x << headroom_plus_one : 0u;
  const int32_t shifted_minus_one = (int32_t)(normalised - 0x80000000u);
  return eb_fp_one_over_one_plus_x_for_x_in_0_1(shifted_minus_one);
}

void eb_fp_prepare_input_rescale(double in_scale, int32_t integer_bits, int32_t *mult, int32_t *left_shift,
                                 int32_t *radius) {
  int exponent = 0;
  const double q = frexp(in_scale * (double)(1 << (31 - integer_bits)), &exponent);
  /* TFLM casts round(q * 2^31) straight to int32; q < 1 keeps it in range except for q rounding up to 1. */
  *mult = (int32_t)(int64_t)round(q * 2147483648.0);
  *left_shift = exponent;
  /* floor((2^ib - 1) * 2^(31 - ib) / 2^left_shift): the largest input magnitude that stays in range. */
  *radius = (int32_t)floor(ldexp((double)((1 << integer_bits) - 1), 31 - integer_bits - exponent));
}
