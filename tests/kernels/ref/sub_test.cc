// SUB: hand-checked int8 cases (broadcast, zero points, rounding, saturation, fused clamps) and float32.
#include "sub.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

eb_binary_params S8Params(std::vector<int32_t> d1, std::vector<int32_t> d2, float s1, int32_t zp1, float s2,
                          int32_t zp2, float so, int32_t zpo, int32_t qmin = -128, int32_t qmax = 127) {
  eb_binary_params p{};
  EXPECT_EQ(eb_binary_broadcast(&p, (int)d1.size(), d1.data(), (int)d2.size(), d2.data()), 0);
  eb_binary_prepare_sub_s8(&p, s1, s2, so);
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
  eb_sub_s8(&p, a.data(), b.data(), out.data());
  return out;
}

TEST(SubS8, BroadcastRowOverMatrix) {
  const auto p = S8Params({2, 3}, {3}, 0.5f, 0, 0.5f, 0, 0.5f, 0);
  EXPECT_EQ(RunS8(p, {1, 2, 3, 4, 5, 6}, {10, 20, 30}, 6), (std::vector<int8_t>{-9, -18, -27, -6, -15, -24}));
}

TEST(SubS8, BroadcastFirstInput) {
  // A [1] scalar minus a [2,2] matrix.
  const auto p = S8Params({1}, {2, 2}, 0.5f, 0, 0.5f, 0, 0.5f, 0);
  EXPECT_EQ(RunS8(p, {7}, {1, 2, -3, 7}, 4), (std::vector<int8_t>{6, 5, 10, 0}));
}

TEST(SubS8, ZeroPoints) {
  // (x1 - 4) - (x2 + 2) + 1 at a common scale.
  const auto p = S8Params({3}, {3}, 0.25f, 4, 0.25f, -2, 0.25f, 1);
  EXPECT_EQ(RunS8(p, {4, 10, -20}, {-2, 3, 5}, 3), (std::vector<int8_t>{1, 2, -30}));
}

TEST(SubS8, HalvesRoundAwayFromZero) {
  // Output scale 1 with inputs at 1/2: out = (x1 - x2) / 2.
  const auto p = S8Params({4}, {4}, 0.5f, 0, 0.5f, 0, 1.0f, 0);
  EXPECT_EQ(RunS8(p, {3, -3, 5, 0}, {0, 0, 1, 5}, 4), (std::vector<int8_t>{2, -2, 2, -3}));
}

TEST(SubS8, SaturatesAndAppliesFusedClamp) {
  const auto p = S8Params({3}, {3}, 0.5f, 0, 0.5f, 0, 0.5f, 0);
  EXPECT_EQ(RunS8(p, {100, -100, 0}, {-100, 100, 0}, 3), (std::vector<int8_t>{127, -128, 0}));
  const auto relu = S8Params({3}, {3}, 0.5f, 0, 0.5f, 0, 0.5f, -5, -5, 127);  // RELU: real 0 is q -5
  EXPECT_EQ(RunS8(relu, {1, 9, 0}, {4, 2, 0}, 3), (std::vector<int8_t>{-5, 2, -5}));
}

TEST(SubF32, BroadcastWithFusedClamp) {
  eb_binary_params p{};
  const int32_t a[] = {2, 3}, b[] = {3};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, a, 1, b), 0);
  p.act_min = 0.0f;
  p.act_max = 3.4e38f;
  const float x[] = {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f}, y[] = {0.5f, 3.0f, 1.25f};
  float out[6];
  eb_sub_f32(&p, x, y, out);
  const float want[] = {0.5f, 0.0f, 1.75f, 3.5f, 2.0f, 4.75f};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], want[i]) << i;
}

}  // namespace
