// Fixed-point helpers against values worked out by hand from the TFLite quantisation spec.
#include <gtest/gtest.h>

#include "quant.h"

TEST(Quant, SaturatingRoundingDoublingHighMul) {
  EXPECT_EQ(eb_sat_rounding_doubling_high_mul(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(eb_sat_rounding_doubling_high_mul(1 << 30, 1 << 30), 1 << 29);  // 0.5 * 0.5 = 0.25
  EXPECT_EQ(eb_sat_rounding_doubling_high_mul(3, 1 << 30), 2);              // 1.5 rounds to 2
  EXPECT_EQ(eb_sat_rounding_doubling_high_mul(-3, 1 << 30), -1);            // gemmlowp: -1.5 -> -1
}

TEST(Quant, RoundingDivideByPotRoundsHalfAwayFromZero) {
  EXPECT_EQ(eb_rounding_divide_by_pot(5, 1), 3);
  EXPECT_EQ(eb_rounding_divide_by_pot(-5, 1), -3);
  EXPECT_EQ(eb_rounding_divide_by_pot(4, 1), 2);
  EXPECT_EQ(eb_rounding_divide_by_pot(-6, 2), -2);  // -1.5 -> -2
  EXPECT_EQ(eb_rounding_divide_by_pot(7, 0), 7);
}

TEST(Quant, QuantizeMultiplierMatchesFrexp) {
  int32_t m = 0, s = 0;
  eb_quantize_multiplier(0.5, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 0);
  eb_quantize_multiplier(1.0, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
  eb_quantize_multiplier(0.0, &m, &s);
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
  eb_quantize_multiplier(0.75 / 1024, &m, &s);
  EXPECT_EQ(m, 1610612736);  // 0.75 * 2^31
  EXPECT_EQ(s, -10);
}

TEST(Quant, MultiplyByQuantizedMultiplier) {
  int32_t m = 0, s = 0;
  eb_quantize_multiplier(1.0, &m, &s);
  EXPECT_EQ(eb_multiply_by_quantized_multiplier(-77, m, s), -77);  // identity is exact
  eb_quantize_multiplier(0.25, &m, &s);
  EXPECT_EQ(eb_multiply_by_quantized_multiplier(10, m, s), 3);    // 2.5 -> 3
  EXPECT_EQ(eb_multiply_by_quantized_multiplier(-10, m, s), -3);  // -2.5 -> -3
  eb_quantize_multiplier(3.0, &m, &s);
  EXPECT_EQ(eb_multiply_by_quantized_multiplier(100, m, s), 300);
}
