// MUL: hand-checked int8 cases (outer-product broadcast, zero points, TFLM's double rounding, saturation,
// fused clamps) and float32.
#include "mul.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

eb_binary_params S8Params(std::vector<int32_t> d1, std::vector<int32_t> d2, double s1, int32_t zp1, double s2,
                          int32_t zp2, double so, int32_t zpo, int32_t qmin = -128, int32_t qmax = 127) {
  eb_binary_params p{};
  EXPECT_EQ(eb_binary_broadcast(&p, (int)d1.size(), d1.data(), (int)d2.size(), d2.data()), 0);
  eb_binary_prepare_mul_s8(&p, s1, s2, so);
  p.in1_zp = zp1;
  p.in2_zp = zp2;
  p.out_zp = zpo;
  p.q_min = qmin;
  p.q_max = qmax;
  return p;
}

std::vector<int8_t> RunS8(const eb_binary_params &p, const std::vector<int8_t> &a, const std::vector<int8_t> &b,
                          size_t n) {
  std::vector<int8_t> out(n);
  eb_mul_s8(&p, a.data(), b.data(), out.data());
  return out;
}

TEST(MulS8, ColumnTimesRowIsOuterProduct) {
  // 0.5 * 0.5 / 0.25 = 1: out = x1 * x2 exactly.
  const auto p = S8Params({2, 1}, {1, 3}, 0.5, 0, 0.5, 0, 0.25, 0);
  EXPECT_EQ(RunS8(p, {2, 3}, {1, -2, 4}, 6), (std::vector<int8_t>{2, -4, 8, 3, -6, 12}));
}

TEST(MulS8, ZeroPoints) {
  // (x1 - 1) * (x2 + 1) + 5.
  const auto p = S8Params({3}, {3}, 0.5, 1, 0.5, -1, 0.25, 5);
  EXPECT_EQ(RunS8(p, {1, 3, -2}, {4, 2, -4}, 3), (std::vector<int8_t>{5, 11, 14}));
}

TEST(MulS8, DoubleRoundingOfNegativeHalves) {
  // Multiplier 0.5 exactly: the doubling high multiply rounds 1.5 to 2 but -1.5 to -1 (its nudge is not
  // symmetric), and with a zero right shift nothing corrects it. TFLM gives these exact values.
  const auto p = S8Params({4}, {4}, 0.5, 0, 0.5, 0, 0.5, 0);
  EXPECT_EQ(RunS8(p, {3, -3, 5, -5}, {1, 1, 1, 1}, 4), (std::vector<int8_t>{2, -1, 3, -2}));
  // With a right shift the final rounding is half away from zero: multiplier 0.25 = 2^30 * 2^-1.
  const auto q = S8Params({4}, {4}, 0.5, 0, 0.5, 0, 1.0, 0);
  EXPECT_EQ(RunS8(q, {2, -2, 6, -6}, {1, 1, 1, 1}, 4), (std::vector<int8_t>{1, -1, 2, -2}));
}

TEST(MulS8, SaturatesAndAppliesFusedClamp) {
  const auto p = S8Params({3}, {3}, 0.5, 0, 0.5, 0, 0.25, 0);
  EXPECT_EQ(RunS8(p, {20, -20, -128}, {20, 20, -128}, 3), (std::vector<int8_t>{127, -128, 127}));
  const auto relu6 = S8Params({3}, {3}, 0.5, 0, 0.5, 0, 0.25, 0, 0, 24);  // 6.0 at scale 0.25
  EXPECT_EQ(RunS8(relu6, {-3, 4, 7}, {3, 5, 7}, 3), (std::vector<int8_t>{0, 20, 24}));
}

TEST(MulF32, BroadcastWithFusedClamp) {
  eb_binary_params p{};
  const int32_t a[] = {2, 1}, b[] = {1, 3};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, a, 2, b), 0);
  p.act_min = -6.0f;
  p.act_max = 6.0f;
  const float x[] = {2.0f, -0.5f}, y[] = {1.5f, -4.0f, 100.0f};
  float out[6];
  eb_mul_f32(&p, x, y, out);
  const float want[] = {3.0f, -6.0f, 6.0f, -0.75f, 2.0f, -6.0f};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], want[i]) << i;
}

}  // namespace
