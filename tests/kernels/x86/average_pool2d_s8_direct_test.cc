// The int8 AVERAGE_POOL_2D x86 variants against the reference, bit for bit (TFLM's rounding half away from
// zero), on random geometries and clamps, windows on both sides of the 16-bit lane sums' 256 taps, the
// extreme sums (256 taps of -128 and of 127) and .5 ties of both signs, each with its tasks split four ways.
#include <gtest/gtest.h>

#include "average_pool2d.h"
#include "elementwise_x86.h"
#include "kernels/x86/elementwise_test_util.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_pool_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_average_pool2d_s8_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_average_pool2d_s8_direct_avx512, eb_cpu_has_avx512),
};

class AveragePool2dS8Direct : public ::testing::TestWithParam<int> {};

void ExpectMatches(const EwVariant<eb_pool_params, const void*>& v, const eb_pool_params& p,
                   const std::vector<int8_t>& in) {
  ASSERT_TRUE(v.applies(&p));
  std::vector<int8_t> want(eb::test::PoolOutElems(p));
  eb_average_pool2d_s8(&p, in.data(), want.data());
  eb::test::ExpectPoolMatches(v, p, in, want);
}

TEST_P(AveragePool2dS8Direct, MatchesReferenceOnRandomGeometries) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7400 + GetParam());
  for (int iter = 0; iter < 200; ++iter) {
    const eb_pool_params p = eb::test::RandomPool(rng);
    ExpectMatches(v, p, eb::test::RandomI8(rng, eb::test::PoolInElems(p)));
  }
}

// Windows of 15 x 15 .. 18 x 18 taps (225 to 324: both sides of 256), clipped at the borders, values skewed to
// one end so that the sums are near their extremes.
TEST_P(AveragePool2dS8Direct, LargeWindows) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7450 + GetParam());
  for (int iter = 0; iter < 12; ++iter) {
    eb_pool_params p{};
    p.batch = 1;
    p.in_h = eb::test::Uniform(rng, 16, 20);
    p.in_w = eb::test::Uniform(rng, 16, 20);
    p.channels = eb::test::Uniform(rng, 1, 40);
    p.k_h = p.k_w = eb::test::Uniform(rng, 15, 18);
    p.stride_h = p.stride_w = eb::test::Uniform(rng, 1, 4);
    p.pad_top = p.pad_left = eb::test::Uniform(rng, 0, 3);
    p.out_h = (p.in_h + 2 * p.pad_top - p.k_h) / p.stride_h + 1;
    p.out_w = (p.in_w + 2 * p.pad_left - p.k_w) / p.stride_w + 1;
    p.q_min = -128;
    p.q_max = 127;
    const bool low = iter % 2 == 0;
    ExpectMatches(v, p, eb::test::RandomI8(rng, eb::test::PoolInElems(p), low ? -128 : 100, low ? -100 : 127));
  }
}

// 16 x 16 = 256 taps of -128 (the 16-bit lanes' INT16_MIN) and of 127, over 1..70 channels.
TEST_P(AveragePool2dS8Direct, ExtremeSums) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  for (int8_t value : {int8_t{-128}, int8_t{127}}) {
    for (int32_t c : {1, 15, 16, 17, 31, 32, 33, 64, 70}) {
      eb_pool_params p{1, 16, 16, c, 1, 1, 16, 16, 1, 1, 0, 0, -INFINITY, INFINITY, -128, 127};
      ExpectMatches(v, p, std::vector<int8_t>(eb::test::PoolInElems(p), value));
    }
  }
}

// A 2-tap window over every pair of values: each odd sum is a .5 tie, rounded away from zero on both signs.
TEST_P(AveragePool2dS8Direct, TiesRoundAwayFromZero) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_pool_params p{256, 1, 2, 256, 1, 1, 1, 2, 1, 1, 0, 0, -INFINITY, INFINITY, -128, 127};
  std::vector<int8_t> in(eb::test::PoolInElems(p));
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      in[(static_cast<size_t>(a) * 2) * 256 + b] = static_cast<int8_t>(a - 128);
      in[(static_cast<size_t>(a) * 2 + 1) * 256 + b] = static_cast<int8_t>(b - 128);
    }
  }
  ExpectMatches(v, p, in);
}

INSTANTIATE_TEST_SUITE_P(Isa, AveragePool2dS8Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
