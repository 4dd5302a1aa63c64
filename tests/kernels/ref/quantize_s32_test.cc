// QUANTIZE to int32 (TFLM's Requantize): int16 and int8 inputs widened by a scale ratio above 1 (the SEANet
// corpus's int16 -> int32 uses ~3317), hand-worked and random against the long-hand formula.
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

TEST(RequantizeS16S32, PowerOfTwoRatioIsExact) {
  // ratio 4096 (multiplier 2^30, shift 13): x << 13, halved by the doubling high multiply.
  const std::vector<int16_t> in = {1, -1, 32767, -32768, 0};
  std::vector<int32_t> out(in.size());
  const eb_quantize_params p = Requant(5, 0, 0, 4096.0);
  eb_requantize_s16_s32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int32_t>{4096, -4096, 32767 * 4096, -32768 * 4096, 0}));
}

TEST(RequantizeS16S32, RandomMatchesTheFormula) {
  std::mt19937 rng(32);
  std::uniform_int_distribution<int> value(-32768, 32767);
  std::uniform_real_distribution<double> log_ratio(0.0, 14.0);  // keeps x << shift within int32
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<int16_t> in(100);
    for (auto& v : in) v = static_cast<int16_t>(value(rng));
    const double ratio = std::exp2(log_ratio(rng));
    const eb_quantize_params p = Requant(100, 0, 0, ratio);
    std::vector<int32_t> out(in.size());
    eb_requantize_s16_s32(&p, in.data(), out.data());
    for (size_t i = 0; i < in.size(); ++i) {
      ASSERT_EQ(out[i], eb::test::TflmMbqm(in[i], p.mult, p.shift)) << trial << " " << i;
      ASSERT_LE(std::fabs(out[i] - in[i] * ratio), 1.0) << trial << " " << i;
    }
  }
}

TEST(RequantizeS8S32, ZeroPoints) {
  // ratio 1000, in_zp 3, out_zp -20: 5 -> 2000 - 20; -128 -> -131000 - 20.
  const std::vector<int8_t> in = {5, -128, 3};
  std::vector<int32_t> out(in.size());
  const eb_quantize_params p = Requant(3, 3, -20, 1000.0);
  eb_requantize_s8_s32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int32_t>{1980, -131020, -20}));
}
