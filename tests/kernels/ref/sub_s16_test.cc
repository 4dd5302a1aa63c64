// int16 SUB (TFLM's int16x8 scheme: left shift 15, zero points 0): hand-worked differences, rounding of halves,
// saturation, a fused clamp, broadcasting, and random shapes and scales against a straightforward
// per-element evaluation of TFLM's formula written out here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sub.h"
#include "quant.h"
#include "support/tflm_arith.h"

namespace {

eb_binary_params S16Params(std::vector<int32_t> d1, std::vector<int32_t> d2, float s1, float s2, float so,
                           int32_t qmin = -32768, int32_t qmax = 32767) {
  eb_binary_params p{};
  EXPECT_EQ(eb_binary_broadcast(&p, (int)d1.size(), d1.data(), (int)d2.size(), d2.data()), 0);
  eb_binary_prepare_sub_s16(&p, s1, s2, so);
  p.q_min = qmin;
  p.q_max = qmax;
  return p;
}

std::vector<int16_t> RunS16(const eb_binary_params& p, const std::vector<int16_t>& a, const std::vector<int16_t>& b,
                         size_t n) {
  std::vector<int16_t> out(n);
  eb_sub_s16(&p, a.data(), b.data(), out.data());
  return out;
}

int16_t Reference(const eb_binary_params& p, int16_t a, int16_t b) {
  const int32_t t1 = eb::test::TflmMbqm(a * (1 << 15), p.in1_mult, p.in1_shift);
  const int32_t t2 = eb::test::TflmMbqm(b * (1 << 15), p.in2_mult, p.in2_shift);
  const int32_t v = eb::test::TflmMbqm(t1 - t2, p.out_mult, p.out_shift);
  return static_cast<int16_t>(std::clamp(v, p.q_min, p.q_max));
}

}  // namespace

TEST(SubS16, PrepareUsesLeftShift15) {
  const auto p = S16Params({1}, {1}, 1.0f, 0.5f, 1.0f);
  EXPECT_EQ(p.left_shift, 15);
  // 1 / 2 = 2^-1, 0.5 / 2 = 2^-2, 2 / (2^15 * 1) = 2^-14.
  EXPECT_EQ(p.in1_shift, 0);
  EXPECT_EQ(p.in2_shift, -1);
  EXPECT_EQ(p.out_mult, 1 << 30);
  EXPECT_EQ(p.out_shift, -13);
}

TEST(SubS16, EqualScalesSubtractExactlyAndSaturate) {
  const auto p = S16Params({5}, {5}, 1.0f, 1.0f, 1.0f);
  EXPECT_EQ(RunS16(p, {100, -30, 30000, -32768, 12345}, {-30, 100, -30000, 32767, 0}, 5),
            (std::vector<int16_t>{130, -130, 32767, -32768, 12345}));
}

TEST(SubS16, HalvesRoundAwayFromZero) {
  // Output scale 2 with inputs at 1: out = (x1 - x2) / 2; 3 / 2 -> 2, -3 / 2 -> -2, 1 / 2 -> 1.
  const auto p = S16Params({4}, {4}, 1.0f, 1.0f, 2.0f);
  EXPECT_EQ(RunS16(p, {1, -1, 2, 0}, {-2, 2, 1, 1}, 4), (std::vector<int16_t>{2, -2, 1, -1}));
}

TEST(SubS16, BroadcastsTheFirstInputAndClamps) {
  // A [1] scalar minus [2, 2], clamped to [-10, 10].
  const auto p = S16Params({1}, {2, 2}, 1.0f, 1.0f, 1.0f, -10, 10);
  EXPECT_EQ(RunS16(p, {5}, {1, 20, -20, 5}, 4), (std::vector<int16_t>{4, -10, 10, 0}));
}

TEST(SubS16, RandomShapesAndScalesMatchTheFormula) {
  std::mt19937 rng(16);
  std::uniform_int_distribution<int> value(-32768, 32767), dim(1, 4), rank(1, 4), coin(0, 2);
  std::uniform_real_distribution<float> log_scale(-14.0f, -4.0f);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<int32_t> d1, d2;
    const int r = rank(rng);
    for (int i = 0; i < r; ++i) {
      const int n = dim(rng);
      const int which = coin(rng);  // 0: both n, 1: first broadcasts, 2: second broadcasts
      d1.push_back(which == 1 ? 1 : n);
      d2.push_back(which == 2 ? 1 : n);
    }
    const auto p = S16Params(d1, d2, std::exp2(log_scale(rng)), std::exp2(log_scale(rng)), std::exp2(log_scale(rng)));
    int64_t n1 = 1, n2 = 1;
    for (int i = 0; i < r; ++i) {
      n1 *= d1[i];
      n2 *= d2[i];
    }
    std::vector<int16_t> a(n1), b(n2);
    for (auto& v : a) v = static_cast<int16_t>(value(rng));
    for (auto& v : b) v = static_cast<int16_t>(value(rng));
    int64_t total = 1;
    for (int i = 0; i < p.rank; ++i) total *= p.out_dims[i];
    const auto got = RunS16(p, a, b, static_cast<size_t>(total));
    // Walk the output index by index; each input's index drops the dims it broadcasts.
    for (int64_t o = 0; o < total; ++o) {
      int64_t rest = o, i1 = 0, i2 = 0, m1 = 1, m2 = 1;
      for (int d = r - 1; d >= 0; --d) {
        const int64_t k = rest % p.out_dims[d];
        rest /= p.out_dims[d];
        i1 += (d1[d] == 1 ? 0 : k) * m1;
        i2 += (d2[d] == 1 ? 0 : k) * m2;
        m1 *= d1[d];
        m2 *= d2[d];
      }
      ASSERT_EQ(got[o], Reference(p, a[i1], b[i2])) << "trial " << trial << " element " << o;
    }
  }
}
