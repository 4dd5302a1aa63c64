// LEAKY_RELU: float32 slopes, and int8 with TFLM's two multipliers (identity and alpha), zero points,
// rounding and saturation worked by hand.
#include "leaky_relu.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

std::vector<int8_t> RunS8(const std::vector<int8_t>& in, float in_scale, int32_t in_zp, float out_scale,
                          int32_t out_zp, float alpha) {
  eb_leaky_relu_params p{};
  p.count = static_cast<int32_t>(in.size());
  p.in_zp = in_zp;
  p.out_zp = out_zp;
  eb_leaky_relu_prepare(&p, in_scale, out_scale, alpha);
  std::vector<int8_t> out(in.size());
  eb_leaky_relu_s8(&p, in.data(), out.data());
  return out;
}

}  // namespace

TEST(LeakyReluF32, ScalesNegativesOnly) {
  const std::vector<float> in = {-4.0f, -0.5f, 0.0f, 0.25f, 8.0f};
  std::vector<float> out(in.size());
  eb_leaky_relu_params p{};
  p.count = 5;
  p.alpha = 0.25f;
  eb_leaky_relu_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-1.0f, -0.125f, 0.0f, 0.25f, 8.0f}));
}

TEST(LeakyReluF32, NegativeAlphaFlipsSign) {
  const std::vector<float> in = {-2.0f, 3.0f};
  std::vector<float> out(2);
  eb_leaky_relu_params p{};
  p.count = 2;
  p.alpha = -1.5f;
  eb_leaky_relu_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{3.0f, 3.0f}));
}

TEST(LeakyReluS8, SameScaleHalvesNegatives) {
  // alpha 0.5 at equal scales is the multiplier 2^30 with shift 0, so only the doubling high multiply
  // rounds, and it rounds ties up: -5 / 2 = -2.5 -> -2 and -1 / 2 -> 0 (as TFLM).
  EXPECT_EQ(RunS8({-128, -5, -4, -1, 0, 1, 127}, 0.1f, 0, 0.1f, 0, 0.5f),
            (std::vector<int8_t>{-64, -2, -2, 0, 0, 1, 127}));
}

TEST(LeakyReluS8, ZeroPointsShiftBothSides) {
  // in_zp 10, out_zp -20, alpha 0.25: x - 10 = 8 -> -12; -8 -> -22; -6 -> -21.5 -> -22 (half away from 0).
  EXPECT_EQ(RunS8({18, 2, 4, 10}, 0.5f, 10, 0.5f, -20, 0.25f), (std::vector<int8_t>{-12, -22, -22, -20}));
}

TEST(LeakyReluS8, RescalesAndSaturates) {
  // Output scale half the input's: positives double (saturating at 127), negatives x * 2 * 0.1.
  EXPECT_EQ(RunS8({100, 60, -100, -128}, 1.0f, 0, 0.5f, 0, 0.1f), (std::vector<int8_t>{127, 120, -20, -26}));
}
