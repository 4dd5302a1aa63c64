// ADD: hand-checked int8 cases (broadcast, zero points, rounding, saturation, fused clamps), float32, and
// a seeded comparison of int8 against double-precision math on random broadcast shapes.
#include "add.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace {

eb_binary_params S8Params(std::vector<int32_t> d1, std::vector<int32_t> d2, double s1, int32_t zp1, double s2,
                          int32_t zp2, double so, int32_t zpo, int32_t qmin = -128, int32_t qmax = 127) {
  eb_binary_params p{};
  EXPECT_EQ(eb_binary_broadcast(&p, (int)d1.size(), d1.data(), (int)d2.size(), d2.data()), 0);
  eb_binary_prepare_add_s8(&p, s1, s2, so);
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
  eb_add_s8(&p, a.data(), b.data(), out.data());
  return out;
}

TEST(AddS8, BroadcastRowOverMatrixIsExactWhenScalesAlign) {
  // Inputs and output at scale 0.5: out = x1 + x2 exactly.
  const auto p = S8Params({2, 3}, {3}, 0.5, 0, 0.5, 0, 0.5, 0);
  EXPECT_EQ(RunS8(p, {1, 2, 3, 4, 5, 6}, {10, 20, 30}, 6), (std::vector<int8_t>{11, 22, 33, 14, 25, 36}));
}

TEST(AddS8, ZeroPointsAreRemovedAndAdded) {
  // Real values (x1 - 5) / 2 + (x2 + 3) / 2, written at scale 1/2 with zero point 10.
  const auto p = S8Params({4}, {4}, 0.5, 5, 0.5, -3, 0.5, 10);
  EXPECT_EQ(RunS8(p, {5, 6, 0, 100}, {-3, 4, -3, -50}, 4), (std::vector<int8_t>{10, 18, 5, 58}));
}

TEST(AddS8, HalvesRoundAwayFromZero) {
  // Output scale 1 with inputs at 1/2: out = (x1 + x2) / 2, and the final shift rounds ties away from zero.
  const auto p = S8Params({4}, {4}, 0.5, 0, 0.5, 0, 1.0, 0);
  EXPECT_EQ(RunS8(p, {1, -1, 2, -2}, {2, -2, 2, -3}, 4), (std::vector<int8_t>{2, -2, 2, -3}));
}

TEST(AddS8, SaturatesAndAppliesFusedClamp) {
  const auto p = S8Params({4}, {4}, 0.5, 0, 0.5, 0, 0.5, 0);
  EXPECT_EQ(RunS8(p, {100, -100, 60, 0}, {100, -100, 67, 0}, 4), (std::vector<int8_t>{127, -128, 127, 0}));
  // RELU6 at scale 0.5 and zero point 0 keeps [0, 12].
  const auto relu6 = S8Params({4}, {4}, 0.5, 0, 0.5, 0, 0.5, 0, 0, 12);
  EXPECT_EQ(RunS8(relu6, {-5, 3, 10, 6}, {1, 4, 10, 6}, 4), (std::vector<int8_t>{0, 7, 12, 12}));
}

TEST(AddS8, DifferentInputScales) {
  // x1 at 0.25, x2 at 0.5, out at 0.5: out = x1 / 2 + x2, exact for even x1, ties away from zero otherwise.
  const auto p = S8Params({2, 2}, {2, 1}, 0.25, 0, 0.5, 0, 0.5, 0);
  // in2 [2,1] broadcasts along the last dim: rows get +3 and -4.
  EXPECT_EQ(RunS8(p, {8, 3, -8, -3}, {3, -4}, 4), (std::vector<int8_t>{7, 5, -8, -6}));
}

TEST(AddS8, MatchesDoubleMathOnRandomBroadcastShapes) {
  std::mt19937 rng(42);
  for (int t = 0; t < 200; ++t) {
    std::vector<int32_t> d1, d2, out;
    const int rank = 1 + rng() % 4;
    for (int i = 0; i < rank; ++i) {
      const int32_t d = 1 + rng() % 4;
      d1.push_back(rng() % 3 == 0 ? 1 : d);
      d2.push_back(rng() % 3 == 0 ? 1 : d);
      out.push_back(std::max(d1.back(), d2.back()));
    }
    const double s1 = 0.01 + (rng() % 100) / 1000.0, s2 = 0.01 + (rng() % 100) / 1000.0;
    const double so = 0.02 + (rng() % 200) / 1000.0;
    const int32_t zp1 = (int)(rng() % 51) - 25, zp2 = (int)(rng() % 51) - 25, zpo = (int)(rng() % 51) - 25;
    const auto p = S8Params(d1, d2, (float)s1, zp1, (float)s2, zp2, (float)so, zpo);
    auto count = [](const std::vector<int32_t> &d) { size_t n = 1; for (int32_t x : d) n *= x; return n; };
    std::vector<int8_t> a(count(d1)), b(count(d2));
    for (auto &x : a) x = (int8_t)(rng() % 256 - 128);
    for (auto &x : b) x = (int8_t)(rng() % 256 - 128);
    const auto got = RunS8(p, a, b, count(out));
    // Naive broadcast: index each input by its own row-major strides, skipping size-1 dims.
    std::vector<int32_t> idx(rank, 0);
    for (size_t o = 0; o < got.size(); ++o) {
      size_t i1 = 0, i2 = 0;
      for (int k = 0; k < rank; ++k) {
        i1 = i1 * d1[k] + (d1[k] == 1 ? 0 : idx[k]);
        i2 = i2 * d2[k] + (d2[k] == 1 ? 0 : idx[k]);
      }
      const double real = (a[i1] - zp1) * (double)(float)s1 + (b[i2] - zp2) * (double)(float)s2;
      const double want = std::fmin(127, std::fmax(-128, std::round(real / (double)(float)so) + zpo));
      EXPECT_NEAR(got[o], want, 1.0) << "t=" << t << " o=" << o;
      for (int k = rank - 1; k >= 0 && ++idx[k] == out[k]; --k) idx[k] = 0;
    }
  }
}

TEST(AddF32, BroadcastWithFusedClamp) {
  eb_binary_params p{};
  const int32_t a[] = {2, 1}, b[] = {1, 3};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, a, 2, b), 0);
  p.act_min = -1.0f;
  p.act_max = 6.0f;
  const float x[] = {1.5f, -2.0f}, y[] = {0.25f, 10.0f, -0.5f};
  float out[6];
  eb_add_f32(&p, x, y, out);
  const float want[] = {1.75f, 6.0f, 1.0f, -1.0f, 6.0f, -1.0f};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(out[i], want[i]) << i;
}

}  // namespace
