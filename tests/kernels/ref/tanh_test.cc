// TANH: int8 exact values (worked by hand, or produced by gemmlowp following TFLM's reference), int8
// against double-precision tanh within 1 LSB on all 256 inputs for several scales, and float32.
#include "tanh.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

std::vector<int8_t> Apply(double scale, int32_t zp, const std::vector<int8_t> &in) {
  eb_act_params p{};
  p.count = (int32_t)in.size();
  eb_tanh_s8_prepare(&p, scale, zp);
  std::vector<int8_t> out(in.size());
  eb_tanh_s8(&p, in.data(), out.data());
  return out;
}

TEST(TanhS8, PrepareMatchesTflm) {
  eb_act_params p{};
  eb_tanh_s8_prepare(&p, 0.1, -7);
  EXPECT_EQ(p.in_zp, -7);
  EXPECT_EQ(p.out_zp, 0);
  EXPECT_EQ(p.in_mult, 1717986918);  // round(0.8 * 2^31): 0.1 * 2^27 = 0.8 * 2^24
  EXPECT_EQ(p.in_left_shift, 24);
  EXPECT_EQ(p.range_radius, 120);
}

TEST(TanhS8, ExactValues) {
  // Scale 1/16: tanh(0) = 0; tanh(+-1) in gemmlowp is +-1635510876 (Q0.31) -> +-97.48 -> +-97 at 1/128;
  // tanh(1.5) = 1943791024 -> 115.86 -> 116; radius 120 saturates to the int8 extremes.
  EXPECT_EQ(Apply(0.0625, 0, {0, 16, -16, 24, -24, 120, -120, 127}),
            (std::vector<int8_t>{0, 97, -97, 116, -116, 127, -128, 127}));
  EXPECT_EQ(Apply(0.0625, 10, {10, 26, -6}), (std::vector<int8_t>{0, 97, -97}));
}

TEST(TanhS8, WithinOneLsbOfDoubleTanhOnAllInputs) {
  for (const float scale : {0.01f, 0.03125f, 0.1f, 0.2f}) {
    for (const int32_t zp : {0, -30, 17}) {
      std::vector<int8_t> in(256);
      for (int i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
      const auto got = Apply(scale, zp, in);
      for (int i = 0; i < 256; ++i) {
        const double y = std::tanh((double)scale * (in[i] - zp));
        const double want = std::fmax(-128, std::fmin(127, std::round(y * 128)));
        EXPECT_NEAR(got[i], want, 1.0) << "scale=" << scale << " zp=" << zp << " x=" << (int)in[i];
      }
    }
  }
}

TEST(TanhF32, MatchesDouble) {
  eb_act_params p{};
  const float in[] = {0.0f, 0.5f, -0.5f, 3.0f, -20.0f};
  p.count = 5;
  float out[5];
  eb_tanh_f32(&p, in, out);
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(out[i], std::tanh((double)in[i]), 1e-7) << i;
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_EQ(out[4], -1.0f);
}

}  // namespace
