// MEAN over the middle axis of [outer][reduced][inner]: hand-worked int8 cases that pin TFLM's order
// (rescale the sum first, then divide with rounding half away from zero) and a float case.
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
  eb_quantize_multiplier(ratio, &p.mult, &p.shift);
  return p;
}

}  // namespace

TEST(MeanS8, EqualScalesRoundHalfAwayFromZero) {
  // outer 1, reduced 4 (a 2x2 HW), inner 4 channels; in_zp -1, so each tap contributes in + 1.
  // Channel sums of (in - zp): 6 -> 1.5 -> 2;  -6 -> -2;  -5 -> -1.25 -> -1;  10 -> 2.5 -> 3.
  const std::vector<int8_t> in = {0, -2, -2, 1,  //
                                  1, -3, -2, 2,  //
                                  2, -2, -1, 3,  //
                                  -1, -3, -4, 0};
  eb_mean_params p = Params(1, 4, 4, -1, 3, 1.0);
  std::vector<int8_t> out(4);
  eb_mean_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{2 + 3, -2 + 3, -1 + 3, 3 + 3}));
}

TEST(MeanS8, RescalesBeforeDividing) {
  // in_scale / out_scale = 0.5, reduced 4. Sum 3: MBQM gives round(1.5) = 2, then 2 / 4 = 0.5 -> 1.
  // (Dividing first would give 0.375 -> 0: the order is what makes this TFLM's result.)
  // Sum 10: 5, then 1.25 -> 1.  Sum -9: -4.5 -> -4 (gemmlowp's high-mul rounds ties up), -1.
  const std::vector<int8_t> in = {1, 4, -3, 0, 1, -2, 1, 4, -2, 1, 1, -2};
  eb_mean_params p = Params(1, 4, 3, 0, 0, 0.5);
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
  std::vector<int8_t> out(c);
  eb_mean_s8(&p, in.data(), out.data());
  for (int ch = 0; ch < c; ++ch) {
    int32_t sum = 0;
    for (int r = 0; r < n; ++r) sum += in[r * c + ch] - 5;
    const int32_t scaled = eb_multiply_by_quantized_multiplier(sum, p.mult, p.shift);
    const int32_t q = scaled > 0 ? (scaled + n / 2) / n : (scaled - n / 2) / n;
    EXPECT_EQ(out[ch], std::clamp(q - 7, -128, 127)) << "channel " << ch;
  }
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
