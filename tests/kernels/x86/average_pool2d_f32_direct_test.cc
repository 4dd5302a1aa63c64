// The float32 AVERAGE_POOL_2D x86 variants against the reference, bit for bit (they sum each channel in the
// reference's tap order and divide as it does), on random geometries with NaN, inf and -0 among the inputs,
// each with its tasks split four ways.
#include <gtest/gtest.h>

#include "average_pool2d.h"
#include "elementwise_x86.h"
#include "kernels/x86/elementwise_test_util.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_pool_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_average_pool2d_f32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_average_pool2d_f32_direct_avx512, eb_cpu_has_avx512),
};

class AveragePool2dF32Direct : public ::testing::TestWithParam<int> {};

TEST_P(AveragePool2dF32Direct, MatchesReferenceOnRandomGeometries) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7200 + GetParam());
  for (int iter = 0; iter < 150; ++iter) {
    const eb_pool_params p = eb::test::RandomPool(rng);
    ASSERT_TRUE(v.applies(&p));
    const auto in = eb::test::RandomF32(rng, eb::test::PoolInElems(p), -8.0f, 8.0f, iter % 4 == 0);
    std::vector<float> want(eb::test::PoolOutElems(p));
    eb_average_pool2d_f32(&p, in.data(), want.data());
    eb::test::ExpectPoolMatches(v, p, in, want);
  }
}

// A global pool of VWW's shape (3 x 3 x 256) and one over 7 x 7 x 70, the whole image as one window.
TEST_P(AveragePool2dF32Direct, GlobalPools) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7250);
  for (const auto& [hw, c] : {std::pair{3, 256}, std::pair{7, 70}}) {
    eb_pool_params p{2, hw, hw, c, 1, 1, hw, hw, 1, 1, 0, 0, -INFINITY, INFINITY, -128, 127};
    const auto in = eb::test::RandomF32(rng, eb::test::PoolInElems(p), -8.0f, 8.0f, false);
    std::vector<float> want(eb::test::PoolOutElems(p));
    eb_average_pool2d_f32(&p, in.data(), want.data());
    eb::test::ExpectPoolMatches(v, p, in, want);
  }
}

INSTANTIATE_TEST_SUITE_P(Isa, AveragePool2dF32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
