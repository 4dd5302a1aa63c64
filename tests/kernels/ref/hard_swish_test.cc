// HARD_SWISH: int8 exact values (worked by hand, or produced by gemmlowp following TFLM's reference), int8
// against double-precision hard-swish on all 256 inputs for several scale pairs, and float32.
#include "hard_swish.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

std::vector<int8_t> Apply(float in_scale, int32_t in_zp, float out_scale, int32_t out_zp,
                        const std::vector<int8_t> &in) {
  eb_act_params p{};
  p.count = (int32_t)in.size();
  eb_hard_swish_s8_prepare(&p, in_scale, in_zp, out_scale, out_zp);
  std::vector<int8_t> out(in.size());
  eb_hard_swish_s8(&p, in.data(), out.data());
  return out;
}

double HardSwish(double x) { return x * std::fmin(6.0, std::fmax(0.0, x + 3.0)) / 6.0; }

TEST(HardSwishS8, PrepareMatchesTflm) {
  eb_act_params p{};
  eb_hard_swish_s8_prepare(&p, 0.05f, 0, 0.05f, 0);
  // hires / out = 1/128 = 0.5 * 2^-6 -> Q0.15 16384; hires / (3/32768) = 4.2667 = 0.5333 * 2^3.
  EXPECT_EQ(p.output_mult, 16384);
  EXPECT_EQ(p.output_exp, -6);
  EXPECT_EQ(p.reluish_mult, 17476);
  EXPECT_EQ(p.reluish_exp, 3);
}

TEST(HardSwishS8, ExactValues) {
  // Same scale in and out: x >= 3 (q 60) is the identity, x <= -3 gives 0, 0 stays 0. Between, the values
  // come from gemmlowp following TFLM: q -40 (-2.0) -> -0.333 -> -7, q 20 (1.0) -> 0.667 -> 13,
  // q 40 (2.0) -> 1.667 -> 33, q 59 (2.95) -> 2.925 -> 59.
  EXPECT_EQ(Apply(0.05f, 0, 0.05f, 0, {-100, -60, -40, -20, -1, 0, 1, 20, 40, 59, 60, 61, 100, 127}),
            (std::vector<int8_t>{0, 0, -7, -7, 0, 0, 1, 13, 33, 59, 60, 61, 100, 127}));
  // Zero points on both sides, output saturating at the top.
  EXPECT_EQ(Apply(0.1f, -10, 0.03f, -100, {-100, -20, -1, 0, 1, 20, 40, 59}),
            (std::vector<int8_t>{-100, -111, -81, -78, -75, 0, 67, 127}));
}

TEST(HardSwishS8, CloseToDoubleHardSwishOnAllInputs) {
  struct Case { float in_scale; int32_t in_zp; float out_scale; int32_t out_zp; };
  for (const Case c : {Case{0.05f, 0, 0.05f, 0}, Case{0.1f, -10, 0.03f, -100}, Case{0.02f, 5, 0.015f, -90},
                       Case{0.2f, 0, 0.1f, -20}}) {
    std::vector<int8_t> in(256);
    for (int i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
    const auto got = Apply(c.in_scale, c.in_zp, c.out_scale, c.out_zp, in);
    for (int i = 0; i < 256; ++i) {
      const double y = HardSwish((double)c.in_scale * (in[i] - c.in_zp));
      const double want = std::fmax(-128, std::fmin(127, std::round(y / c.out_scale) + c.out_zp));
      EXPECT_NEAR(got[i], want, 1.0) << "in_scale=" << c.in_scale << " x=" << (int)in[i];
    }
  }
}

TEST(HardSwishF32, MatchesFormula) {
  eb_act_params p{};
  const float in[] = {-4.0f, -3.0f, -1.5f, 0.0f, 1.5f, 3.0f, 7.0f};
  p.count = 7;
  float out[7];
  eb_hard_swish_f32(&p, in, out);
  const float want[] = {0.0f, 0.0f, -0.375f, 0.0f, 1.125f, 3.0f, 7.0f};
  for (int i = 0; i < 7; ++i) EXPECT_FLOAT_EQ(out[i], want[i]) << i;
}

}  // namespace
