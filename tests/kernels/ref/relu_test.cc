// RELU: float, and int8 with TFLM's requantise-then-clamp (identity, x2 and x0.25 scale ratios, the
// clamp at the output zero point, and saturation at 127).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "quant.h"
#include "relu.h"

namespace {

eb_act_params Params(int count, int in_zp, int out_zp, double ratio) {
  eb_act_params p{};
  p.count = count;
  p.in_zp = in_zp;
  p.out_zp = out_zp;
  eb_quantize_multiplier(ratio, &p.in_mult, &p.in_left_shift);
  p.q_min = std::max(-128, out_zp);  // prepare: the quantised real zero, within int8
  p.q_max = 127;
  return p;
}

}  // namespace

TEST(ReluF32, ZeroesNegatives) {
  const std::vector<float> in = {-3.0f, -0.5f, 0.0f, 0.5f, 7.0f};
  std::vector<float> out(in.size());
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.size());
  eb_relu_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 0.0f, 0.0f, 0.5f, 7.0f}));
}

TEST(ReluS8, SameScaleShiftsZeroPointAndClamps) {
  // in_zp 3, out_zp -5: out = -5 + (in - 3), clamped below at -5.
  const std::vector<int8_t> in = {-128, 0, 3, 10, 127};
  std::vector<int8_t> out(in.size());
  eb_act_params p = Params(5, 3, -5, 1.0);
  eb_relu_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-5, -5, -5, 2, 119}));
}

TEST(ReluS8, DoublingRatioSaturatesAt127) {
  // in_zp -10, out_zp -128, ratio 2: out = -128 + 2 (in + 10).
  const std::vector<int8_t> in = {-20, -10, 0, 100, 127};
  std::vector<int8_t> out(in.size());
  eb_act_params p = Params(5, -10, -128, 2.0);
  eb_relu_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-128, -128, -108, 92, 127}));
}

TEST(ReluS8, QuarterRatioUsesDoubleRounding) {
  // in_zp 0, out_zp 0, ratio 0.25: 10 -> 2.5 -> 3; 6 -> 1.5 -> 2; -10 -> -2.5 -> -3 -> clamp 0.
  // 5 -> 2, not round(1.25) = 1: TFLM's double rounding halves to 2.5 -> 3 first, then 1.5 -> 2.
  const std::vector<int8_t> in = {10, 6, 5, -10, 127};
  std::vector<int8_t> out(in.size());
  eb_act_params p = Params(5, 0, 0, 0.25);
  eb_relu_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{3, 2, 2, 0, 32}));
  // With out_zp -20 the clamp sits at -20 and negative inputs survive down to it: -10 -> -23 -> -20.
  p = Params(5, 0, -20, 0.25);
  eb_relu_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-17, -18, -18, -20, 12}));
}
