// The int8 MAX_POOL_2D x86 variants against the reference, bit for bit, on random geometries (channel counts
// 1..70 cover the AVX2 variant's one-at-a-time, 16-byte, 32-byte and overlapping tails), random clamps, each
// with its tasks split four ways.
#include <gtest/gtest.h>

#include "elementwise_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "max_pool2d.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_pool_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_max_pool2d_s8_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_max_pool2d_s8_direct_avx512, eb_cpu_has_avx512),
};

class MaxPool2dS8Direct : public ::testing::TestWithParam<int> {};

TEST_P(MaxPool2dS8Direct, MatchesReferenceOnRandomGeometries) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7300 + GetParam());
  for (int iter = 0; iter < 200; ++iter) {
    const eb_pool_params p = eb::test::RandomPool(rng);
    ASSERT_TRUE(v.applies(&p));
    const auto in = eb::test::RandomI8(rng, eb::test::PoolInElems(p));
    std::vector<int8_t> want(eb::test::PoolOutElems(p));
    eb_max_pool2d_s8(&p, in.data(), want.data());
    eb::test::ExpectPoolMatches(v, p, in, want);
  }
}

TEST_P(MaxPool2dS8Direct, DeclinesClampsOutsideInt8) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_pool_params p{1, 2, 2, 3, 1, 1, 2, 2, 1, 1, 0, 0, -INFINITY, INFINITY, -129, 127};
  EXPECT_FALSE(v.applies(&p));
  p.q_min = 5;
  p.q_max = 4;
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, MaxPool2dS8Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
