// LOGISTIC: int8 exact values (worked by hand, or produced by gemmlowp following TFLM's reference), int8
// against double-precision logistic within 1 LSB on all 256 inputs for several scales, and float32.
#include "logistic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

std::vector<int8_t> Apply(double scale, int32_t zp, const std::vector<int8_t> &in) {
  eb_act_params p{};
  p.count = (int32_t)in.size();
  eb_logistic_s8_prepare(&p, scale, zp);
  std::vector<int8_t> out(in.size());
  eb_logistic_s8(&p, in.data(), out.data());
  return out;
}

TEST(LogisticS8, PrepareMatchesTflm) {
  eb_act_params p{};
  eb_logistic_s8_prepare(&p, 0.0625, 3);
  EXPECT_EQ(p.in_zp, 3);
  EXPECT_EQ(p.out_zp, -128);
  EXPECT_EQ(p.in_mult, 1 << 30);  // 2^-4 * 2^27 = 0.5 * 2^24
  EXPECT_EQ(p.in_left_shift, 24);
  EXPECT_EQ(p.range_radius, 120);  // 7.5 in Q4 range units
}

TEST(LogisticS8, ExactValues) {
  // Scale 1/16 makes the Q4.27 rescale exact. logistic(0) = 0.5 -> 128 - 128 = 0; logistic(+-1) in gemmlowp
  // is 1569936226 / 577547421 (Q0.31) -> 187 / 69 at 1/256; radius 120 saturates.
  EXPECT_EQ(Apply(0.0625, 0, {0, 16, -16, 119, 120, -120, 127, -128}),
            (std::vector<int8_t>{0, 59, -59, 127, 127, -128, 127, -128}));
  // The input zero point moves the centre.
  EXPECT_EQ(Apply(0.0625, -20, {-20, -4, -36}), (std::vector<int8_t>{0, 59, -59}));
}

TEST(LogisticS8, WithinOneLsbOfDoubleLogisticOnAllInputs) {
  for (const float scale : {0.01f, 0.03125f, 0.1f, 0.2f}) {
    for (const int32_t zp : {0, -30, 17}) {
      std::vector<int8_t> in(256);
      for (int i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
      const auto got = Apply(scale, zp, in);
      for (int i = 0; i < 256; ++i) {
        const double y = 1.0 / (1.0 + std::exp(-(double)scale * (in[i] - zp)));
        const double want = std::fmin(127, std::round(y * 256) - 128);
        EXPECT_NEAR(got[i], want, 1.0) << "scale=" << scale << " zp=" << zp << " x=" << (int)in[i];
      }
    }
  }
}

TEST(LogisticF32, MatchesDoubleAndCutoffs) {
  eb_act_params p{};
  const float in[] = {0.0f, 1.0f, -1.0f, 5.0f, -8.5f, -12.0f, 17.0f, 16.0f};
  p.count = 8;
  float out[8];
  eb_logistic_f32(&p, in, out);
  for (int i = 0; i < 8; ++i) EXPECT_NEAR(out[i], 1.0 / (1.0 + std::exp(-(double)in[i])), 1e-6) << i;
  EXPECT_EQ(out[0], 0.5f);
  EXPECT_EQ(out[6], 1.0f);                 // above the upper cut-off
  EXPECT_EQ(out[5], std::exp(-12.0f));      // below the lower cut-off: exp(x)
}

}  // namespace
