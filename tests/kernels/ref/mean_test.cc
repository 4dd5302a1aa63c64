// MEAN over the middle axis of [outer][reduced][inner]: hand-worked int8 and int16 cases that pin TFLM's
// QuantizedMeanOrSum (the count folded into the multiplier, so the mean is rounded twice) and a float case.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "mean.h"
#include "quant.h"

namespace {

eb_mean_params Params(int outer, int reduced, int inner, int in_zp, int out_zp, double ratio) {
  eb_mean_params p{};
  p.outer = outer;
  p.reduced = reduced;
  p.inner = inner;
  p.in_zp = in_zp;
  p.out_zp = out_zp;
  eb_mean_prepare_quant(&p, ratio, 1.0);
  return p;
}

}  // namespace

TEST(MeanS8, EqualScalesFoldTheCountIntoTheMultiplier) {
  // outer 1, reduced 4 (a 2x2 HW), inner 4 channels; in_zp -1, so each tap contributes in + 1.
  // Ratio 1 is (2^30, 1); the count 4 = 2^2 moves two bits into the shift: (2^30, -1).
  // Channel sums of (in - zp): 6 -> 1.5 -> 2;  -6 -> -2;  -5 -> -1.25 -> -1;  10 -> 2.5 -> 3.
  const std::vector<int8_t> in = {0, -2, -2, 1,  //
                                  1, -3, -2, 2,  //
                                  2, -2, -1, 3,  //
                                  -1, -3, -4, 0};
  eb_mean_params p = Params(1, 4, 4, -1, 3, 1.0);
  EXPECT_EQ(p.mult, 1 << 30);
  EXPECT_EQ(p.shift, -1);
  std::vector<int8_t> out(4);
  eb_mean_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{2 + 3, -2 + 3, -1 + 3, 3 + 3}));
}

TEST(MeanS8, A7x7MeanRoundsTwiceAsTflmDoes) {
  // 49 taps, ratio 1: k = floor(log2 49) = 5, mult = (2^30 << 5) / 49 = 701219150 (truncated), shift 1 - 5 = -4.
  // The high multiply rounds sum * mult / 2^31 to an integer, the shift by 4 rounds again: a sum of 24 (mean
  // 0.49) becomes 8 / 16 = 0.5 -> 1, where one correct rounding gives 0. This is MobileNetV2's off-by-one.
  const int n = 49;
  const std::vector<int32_t> sums = {24, 23, 22, -24, -23, -22, 0, 49 * 3 + 24};
  const int c = static_cast<int>(sums.size());
  std::vector<int8_t> in(static_cast<size_t>(n * c), 0);
  for (int ch = 0; ch < c; ++ch) {
    int32_t left = sums[static_cast<size_t>(ch)];
    for (int r = 0; r < n && left != 0; ++r) {
      const int32_t v = std::clamp(left, -100, 100);
      in[static_cast<size_t>(r * c + ch)] = static_cast<int8_t>(v);
      left -= v;
    }
  }
  eb_mean_params p = Params(1, n, c, 0, 0, 1.0);
  EXPECT_EQ(p.mult, 701219150);
  EXPECT_EQ(p.shift, -4);
  std::vector<int8_t> out(static_cast<size_t>(c));
  eb_mean_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 1, 0, -1, -1, 0, 0, 4}));
}

TEST(MeanS8, HalfRatioShiftsFurther) {
  // in_scale / out_scale = 0.5 is (2^30, 0); reduced 4 gives (2^30, -2). Sum 3: 1.5 -> 2, then 0.5 -> 1.
  // Sum 10: 5, then 1.25 -> 1.  Sum -9: -4.5 -> -4 (gemmlowp's high-mul rounds ties up), then -1.
  const std::vector<int8_t> in = {1, 4, -3, 0, 1, -2, 1, 4, -2, 1, 1, -2};
  eb_mean_params p = Params(1, 4, 3, 0, 0, 0.5);
  EXPECT_EQ(p.shift, -2);
  std::vector<int8_t> out(3);
  eb_mean_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 1, -1}));
}

TEST(MeanS8, SaturatesAfterAddingZeroPoint) {
  // Two outer rows, reduced 2, inner 1. Row 0: mean 100 + 100 -> 127. Row 1: mean -100 - 100 -> -128.
  const std::vector<int8_t> in = {100, 100, -100, -100};
  eb_mean_params p = Params(2, 2, 1, 0, 100, 1.0);
  std::vector<int8_t> out(2);
  eb_mean_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, 0}));
  p.out_zp = -100;
  eb_mean_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{0, -128}));
}

TEST(MeanS8, MatchesFormulaOnLargerReduction) {
  // 7x7 global average over 3 channels, in_zp 5, out_zp -7, ratio 0.8 (a typical model's head).
  const int n = 49, c = 3;
  std::vector<int8_t> in(n * c);
  for (int i = 0; i < n * c; ++i) in[i] = static_cast<int8_t>((i * 37) % 256 - 128);
  eb_mean_params p = Params(1, n, c, 5, -7, 0.8);
  int32_t m0 = 0, s0 = 0;
  eb_quantize_multiplier(0.8, &m0, &s0);
  EXPECT_EQ(p.mult, static_cast<int32_t>((static_cast<int64_t>(m0) << 5) / n));
  EXPECT_EQ(p.shift, s0 - 5);
  std::vector<int8_t> out(c);
  eb_mean_s8(&p, in.data(), out.data());
  for (int ch = 0; ch < c; ++ch) {
    int32_t sum = 0;
    for (int r = 0; r < n; ++r) sum += in[r * c + ch] - 5;
    const int32_t q = eb_multiply_by_quantized_multiplier(sum, p.mult, p.shift);
    EXPECT_EQ(out[ch], std::clamp(q - 7, -128, 127)) << "channel " << ch;
  }
}

TEST(MeanS16, SameSchemeInInt16) {
  // reduced 4, ratio 1, zero points 0 (int16x8): 40000 / 4 = 10000; -6 / 4 = -1.5 -> -2; saturation at the top.
  const std::vector<int16_t> in = {10000, -3, 32767, 10000, -3, 32767, 10000, 0, 32767, 10000, 0, 32767};
  eb_mean_params p = Params(1, 4, 3, 0, 2, 1.0);
  std::vector<int16_t> out(3);
  eb_mean_s16(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{10002, -2 + 2, 32767}));
}

TEST(MeanF32, SumsInFloatThenDivides) {
  // outer 2, reduced 3, inner 2.
  const std::vector<float> in = {1, -1, 2, -2, 4, -4,  //
                                 0.5f, 10, 0.25f, 20, 0.25f, 30};
  eb_mean_params p = Params(2, 3, 2, 0, 0, 1.0);
  std::vector<float> out(4);
  eb_mean_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{7.0f / 3.0f, -7.0f / 3.0f, 1.0f / 3.0f, 20.0f}));
}
