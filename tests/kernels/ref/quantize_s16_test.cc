// QUANTIZE to int16: float32 with float division and ties away from zero (clamping, NaN), and TFLM's
// Requantize from int8, int16 and int32 (the SEANet corpus's int32 -> int16), hand-worked and random against
// the long-hand formula.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "quant.h"
#include "quantize.h"
#include "support/tflm_arith.h"

namespace {

eb_quantize_params Requant(int count, int in_zp, int out_zp, double ratio) {
  eb_quantize_params p{};
  p.count = count;
  p.in_zp = in_zp;
  p.out_zp = out_zp;
  eb_quantize_multiplier(ratio, &p.mult, &p.shift);
  return p;
}

}  // namespace

TEST(QuantizeF32S16, TiesRoundAwayFromZeroAndClamp) {
  // scale 0.5: 1.25 -> 2.5 -> 3; -1.25 -> -3; 20000 -> 40000 -> 32767; -16384.25 -> -32768.5 -> -32769 -> -32768.
  const std::vector<float> in = {1.25f, -1.25f, 20000.0f, -16384.25f, 0.2f, NAN, -INFINITY};
  std::vector<int16_t> out(in.size());
  eb_quantize_params p{};
  p.count = static_cast<int32_t>(in.size());
  p.scale = 0.5f;
  eb_quantize_f32_s16(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{3, -3, 32767, -32768, 0, -32768, -32768}));
}

TEST(RequantizeS32S16, RoundsAndSaturates) {
  // ratio 0.25 (multiplier 2^30, shift -1): 10 -> 5 -> 2.5 -> 3; -10 -> -5 -> -2.5 -> -3; the ends saturate.
  const std::vector<int32_t> in = {10, -10, INT32_MAX, INT32_MIN, 131068};
  std::vector<int16_t> out(in.size());
  const eb_quantize_params p = Requant(static_cast<int>(in.size()), 0, 0, 0.25);
  eb_requantize_s32_s16(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{3, -3, 32767, -32768, 32767}));
}

TEST(RequantizeS32S16, RandomMatchesTheFormula) {
  // Scales like the SEANet model's (an int32 accumulator at ~1.5e-7 to int16 at ~1e-3).
  std::mt19937 rng(114);
  std::uniform_int_distribution<int32_t> value(INT32_MIN, INT32_MAX);
  std::uniform_real_distribution<double> log_ratio(-20.0, -1.0);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<int32_t> in(100);
    for (auto& v : in) v = value(rng) >> (trial % 16);
    const eb_quantize_params p = Requant(100, 0, 0, std::exp2(log_ratio(rng)));
    std::vector<int16_t> out(in.size());
    eb_requantize_s32_s16(&p, in.data(), out.data());
    for (size_t i = 0; i < in.size(); ++i) {
      const int32_t want = std::clamp(eb::test::TflmMbqm(in[i], p.mult, p.shift), -32768, 32767);
      ASSERT_EQ(out[i], want) << trial << " " << i;
    }
  }
}

TEST(RequantizeS8S16, WidensWithZeroPoints) {
  // ratio 100, in_zp -5, out_zp 7: 5 -> 10 * 100 + 7 = 1007; -128 -> -12300 + 7; 127 -> 13200 + 7.
  const std::vector<int8_t> in = {5, -128, 127, -5};
  std::vector<int16_t> out(in.size());
  const eb_quantize_params p = Requant(4, -5, 7, 100.0);
  eb_requantize_s8_s16(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{1007, -12293, 13207, 7}));
}

TEST(RequantizeS16S16, RescalesAndSaturates) {
  // ratio 1.5: 3 -> 4.5 -> 5 (MBQM: 3 << 1 = 6, times 0.75 -> 4.5 -> 5); -3 -> -4.5 -> -4 (ties up in the
  // doubling high multiply, exact in the right shift); 30000 -> 45000 -> 32767.
  const std::vector<int16_t> in = {3, -3, 30000, -30000};
  std::vector<int16_t> out(in.size());
  const eb_quantize_params p = Requant(4, 0, 0, 1.5);
  eb_requantize_s16_s16(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{5, -4, 32767, -32768}));
}
