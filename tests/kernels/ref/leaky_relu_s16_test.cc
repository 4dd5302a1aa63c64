// int16 LEAKY_RELU (TFLM's scheme, as int8's, saturating to int16): hand-worked identity and alpha sides,
// rounding, saturation, a negative alpha applied as TFLM does (magnitude, then negated), multipliers formed
// in float, and random scales against the formula written out here.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "leaky_relu.h"
#include "quant.h"
#include "support/tflm_arith.h"

namespace {

std::vector<int16_t> RunS16(const std::vector<int16_t>& in, float in_scale, float out_scale, float alpha) {
  eb_leaky_relu_params p{};
  p.count = static_cast<int32_t>(in.size());
  eb_leaky_relu_prepare(&p, in_scale, out_scale, alpha);
  std::vector<int16_t> out(in.size());
  eb_leaky_relu_s16(&p, in.data(), out.data());
  return out;
}

}  // namespace

TEST(LeakyReluS16, SameScaleHalvesNegatives) {
  // alpha 0.5 at equal scales: multiplier 2^30, shift 0; the doubling high multiply rounds ties up, so
  // -5 * 0.5 = -2.5 -> -2 and -1 * 0.5 -> 0, as TFLM.
  EXPECT_EQ(RunS16({-32768, -5, -4, -1, 0, 1, 32767}, 0.001f, 0.001f, 0.5f),
            (std::vector<int16_t>{-16384, -2, -2, 0, 0, 1, 32767}));
}

TEST(LeakyReluS16, RescalesAndSaturates) {
  // Output scale half the input's: positives double (saturating at 32767), negatives x * 2 * 0.25, the tie
  // -1.5 rounding up to -1.
  EXPECT_EQ(RunS16({20000, 1000, -1000, -32768, -3}, 1.0f, 0.5f, 0.25f),
            (std::vector<int16_t>{32767, 2000, -500, -16384, -1}));
}

TEST(LeakyReluS16, NegativeAlphaNegatesTheRoundedMagnitude) {
  // alpha -0.5: -5 -> -(round(-2.5)) with ties up = -(-2) = 2 (a multiplier of -2^30 would give 3).
  EXPECT_EQ(RunS16({-5, -4, -32768, 7}, 1.0f, 1.0f, -0.5f), (std::vector<int16_t>{2, 2, 16384, 7}));
}

TEST(LeakyReluS16, MultipliersAreFormedInFloat) {
  // TFLM computes in_scale * alpha / out_scale in float before widening it.
  const float in_scale = 0.000585250091f, out_scale = 0.00102444214f, alpha = 0.3f;
  eb_leaky_relu_params p{};
  eb_leaky_relu_prepare(&p, in_scale, out_scale, alpha);
  int32_t m = 0, s = 0;
  eb_quantize_multiplier(static_cast<double>(in_scale * alpha / out_scale), &m, &s);
  EXPECT_EQ(p.alpha_mult, m);
  EXPECT_EQ(p.alpha_shift, s);
  eb_quantize_multiplier(static_cast<double>(in_scale / out_scale), &m, &s);
  EXPECT_EQ(p.identity_mult, m);
  EXPECT_EQ(p.identity_shift, s);
}

TEST(LeakyReluS16, RandomScalesMatchTheFormula) {
  std::mt19937 rng(98);
  std::uniform_int_distribution<int> value(-32768, 32767);
  std::uniform_real_distribution<float> log_scale(-12.0f, -6.0f), slope(-1.0f, 1.0f);
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<int16_t> in(64);
    for (auto& v : in) v = static_cast<int16_t>(value(rng));
    const float si = std::exp2(log_scale(rng)), so = std::exp2(log_scale(rng)), alpha = slope(rng);
    const auto got = RunS16(in, si, so, alpha);
    eb_leaky_relu_params p{};
    eb_leaky_relu_prepare(&p, si, so, alpha);
    for (size_t i = 0; i < in.size(); ++i) {
      const int32_t x = in[i];
      int32_t v;
      if (x >= 0) {
        v = eb::test::TflmMbqm(x, p.identity_mult, p.identity_shift);
      } else if (p.alpha_mult >= 0) {
        v = eb::test::TflmMbqm(x, p.alpha_mult, p.alpha_shift);
      } else {
        v = -eb::test::TflmMbqm(x, -p.alpha_mult, p.alpha_shift);
      }
      // Within one step of the real result, and exactly TFLM's formula.
      const double real = x >= 0 ? x * (double)si / so : x * (double)alpha * si / so;
      const int32_t want = std::clamp(v, -32768, 32767);
      ASSERT_EQ(got[i], want) << trial << " " << i;
      ASSERT_LE(std::fabs(std::clamp(real, -32768.0, 32767.0) - want), 1.0) << trial << " " << i;
    }
  }
}
