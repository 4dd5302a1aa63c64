// gemmlowp-compatible fixed-point functions. Exact values marked "gemmlowp" were produced by gemmlowp's own
// fixedpoint.h (Debian libgemmlowp-dev 0.0~git20211220) on the same raw inputs; the rest are worked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>

#include "fixedpoint.h"

namespace {

double q(int32_t raw, int integer_bits) { return std::ldexp(static_cast<double>(raw), integer_bits - 31); }

TEST(FixedPoint, CountLeadingZeros) {
  EXPECT_EQ(eb_fp_count_leading_zeros(0u), 32);
  EXPECT_EQ(eb_fp_count_leading_zeros(1u), 31);
  EXPECT_EQ(eb_fp_count_leading_zeros(1u << 19), 12);
  EXPECT_EQ(eb_fp_count_leading_zeros(0x80000000u), 0);
}

TEST(FixedPoint, RoundingHalfSumRoundsAwayFromZeroWithoutOverflow) {
  EXPECT_EQ(eb_fp_rounding_half_sum(1, 2), 2);
  EXPECT_EQ(eb_fp_rounding_half_sum(-1, -2), -2);
  EXPECT_EQ(eb_fp_rounding_half_sum(INT32_MAX, INT32_MAX), INT32_MAX);
  EXPECT_EQ(eb_fp_rounding_half_sum(0, INT32_MAX), 1073741824);
}

TEST(FixedPoint, SaturatingRoundingMulByPot) {
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot(3, 2), 12);
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot(1 << 29, 2), INT32_MAX);   // 2^31 does not fit
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot((1 << 29) - 1, 2), 2147483644);
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot(-(1 << 29), 2), INT32_MIN);  // symmetric bound, as gemmlowp
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot(6, -2), 2);                  // 1.5 -> 2
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot(-6, -2), -2);                // -1.5 -> -2
  EXPECT_EQ(eb_fp_sat_rounding_mul_by_pot(-7, 0), -7);
}

TEST(FixedPoint, ExpOnNegativeValuesExactValues) {
  EXPECT_EQ(eb_fp_exp_on_negative_values(0, 5), INT32_MAX);                 // exp(0) = 1 saturated
  EXPECT_EQ(eb_fp_exp_on_negative_values(-(1 << 26), 5), 790015308);       // gemmlowp, exp(-1)
  EXPECT_EQ(eb_fp_exp_on_negative_values(-(1 << 24), 5), 1672462419);      // gemmlowp, exp(-1/4)
  EXPECT_EQ(eb_fp_exp_on_negative_values(-3 * (1 << 26), 5), 106916946);   // gemmlowp, exp(-3)
  EXPECT_EQ(eb_fp_exp_on_negative_values(-1, 5), 2147483124);              // gemmlowp, exp(-2^-26)
  EXPECT_EQ(eb_fp_exp_on_negative_values(-(31 << 26), 5), 0);              // exp(-31) < 2^-31
  EXPECT_EQ(eb_fp_exp_on_negative_values(INT32_MIN, 5), 0);                // exp(-32)
}

TEST(FixedPoint, ExpOnNegativeValuesTracksExp) {
  std::mt19937 rng(7);
  for (int ib : {1, 4, 5, 6}) {
    for (int i = 0; i < 20000; ++i) {
      const int32_t a = -static_cast<int32_t>(rng() & 0x7fffffff);
      EXPECT_NEAR(q(eb_fp_exp_on_negative_values(a, ib), 0), std::exp(q(a, ib)), 1e-6) << "ib=" << ib << " a=" << a;
    }
  }
}

TEST(FixedPoint, ReciprocalsExactValues) {
  EXPECT_EQ(eb_fp_one_over_one_plus_x_for_x_in_0_1(0), INT32_MAX);
  EXPECT_EQ(eb_fp_one_over_one_plus_x_for_x_in_0_1(1 << 30), 1431655762);        // gemmlowp, 1/1.5
  EXPECT_EQ(eb_fp_one_over_one_plus_x_for_x_in_0_1(INT32_MAX), 1073741820);      // gemmlowp, ~1/2
  EXPECT_EQ(eb_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(1 << 30), 715827876);  // gemmlowp, 1/3
  EXPECT_EQ(eb_fp_one_minus_x_over_one_plus_x_for_x_in_0_1(INT32_MAX), -8);       // gemmlowp, ~0
}

TEST(FixedPoint, LogisticAndTanhExactValues) {
  EXPECT_EQ(eb_fp_logistic(0, 4), 1 << 30);  // exactly 1/2
  EXPECT_EQ(eb_fp_tanh(0, 4), 0);
  EXPECT_EQ(eb_fp_logistic(1 << 27, 4), 1569936226);     // gemmlowp, logistic(1)
  EXPECT_EQ(eb_fp_logistic(-(1 << 27), 4), 577547421);   // gemmlowp, logistic(-1)
  EXPECT_EQ(eb_fp_logistic(-(5 << 27), 4), 14372791);    // gemmlowp, logistic(-5)
  EXPECT_EQ(eb_fp_tanh(1 << 27, 4), 1635510876);         // gemmlowp, tanh(1)
  EXPECT_EQ(eb_fp_tanh(-(1 << 27), 4), -1635510876);
  EXPECT_EQ(eb_fp_tanh(3 << 26, 4), 1943791024);         // gemmlowp, tanh(1.5)
  EXPECT_EQ(eb_fp_tanh(-(5 << 27), 4), -2147288656);     // gemmlowp, tanh(-5)
}

TEST(FixedPoint, LogisticAndTanhTrackDoubleMath) {
  std::mt19937 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const int32_t a = static_cast<int32_t>(rng());
    const double x = q(a, 4);
    EXPECT_NEAR(q(eb_fp_logistic(a, 4), 0), 1.0 / (1.0 + std::exp(-x)), 1e-6) << a;
    EXPECT_NEAR(q(eb_fp_tanh(a, 4), 0), std::tanh(x), 1e-6) << a;
  }
}

TEST(FixedPoint, GetReciprocalNormalises) {
  int32_t bits = 0;
  // 1.0 in Q12.19: no bits over unit, reciprocal ~1.
  EXPECT_EQ(eb_fp_get_reciprocal(1 << 19, 12, &bits), INT32_MAX);
  EXPECT_EQ(bits, 0);
  // 4.0: 1/4 = ~1.0 * 2^-2.
  EXPECT_EQ(eb_fp_get_reciprocal(1 << 21, 12, &bits), INT32_MAX);
  EXPECT_EQ(bits, 2);
  // 6.0 = 1.5 * 2^2: reciprocal 1/1.5 * 2^-2.
  EXPECT_EQ(eb_fp_get_reciprocal(3 << 20, 12, &bits), 1431655762);
  EXPECT_EQ(bits, 2);
}

TEST(FixedPoint, PrepareInputRescaleMatchesFrexp) {
  int32_t mult = 0, shift = 0, radius = 0;
  eb_fp_prepare_input_rescale(1.0 / 16.0, 4, &mult, &shift, &radius);  // 2^-4 * 2^27 = 0.5 * 2^24
  EXPECT_EQ(mult, 1 << 30);
  EXPECT_EQ(shift, 24);
  EXPECT_EQ(radius, 120);  // floor(15 * 2^27 / 2^24): 7.5 / (1/16)
  eb_fp_prepare_input_rescale(0.1, 4, &mult, &shift, &radius);  // 0.1 * 2^27 = 0.8 * 2^24
  EXPECT_EQ(mult, 1717986918);  // round(0.8 * 2^31)
  EXPECT_EQ(shift, 24);
  EXPECT_EQ(radius, 120);
}

}  // namespace
