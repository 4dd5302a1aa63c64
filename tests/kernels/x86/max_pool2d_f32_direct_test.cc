// The float32 MAX_POOL_2D x86 variants against the reference, bit for bit, on random geometries (borders,
// strides, channel counts on both sides of the vector widths, batches up to 33, every clamp) with NaN, inf and
// -0 among the inputs, each with its tasks split four ways.
#include <gtest/gtest.h>

#include <cfloat>

#include "elementwise_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "max_pool2d.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_pool_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_max_pool2d_f32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_max_pool2d_f32_direct_avx512, eb_cpu_has_avx512),
};

class MaxPool2dF32Direct : public ::testing::TestWithParam<int> {};

TEST_P(MaxPool2dF32Direct, MatchesReferenceOnRandomGeometries) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7100 + GetParam());
  for (int iter = 0; iter < 150; ++iter) {
    const eb_pool_params p = eb::test::RandomPool(rng);
    ASSERT_TRUE(v.applies(&p));
    const auto in = eb::test::RandomF32(rng, eb::test::PoolInElems(p), -8.0f, 8.0f, iter % 2 == 0);
    std::vector<float> want(eb::test::PoolOutElems(p));
    eb_max_pool2d_f32(&p, in.data(), want.data());
    eb::test::ExpectPoolMatches(v, p, in, want);
  }
}

// A window of NaNs only keeps the reference's -FLT_MAX (then clamped); NaN never wins against a number.
TEST_P(MaxPool2dF32Direct, NaNTapsAreIgnoredAsByTheReference) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_pool_params p{1, 2, 2, 19, 1, 1, 2, 2, 1, 1, 0, 0, -INFINITY, INFINITY, -128, 127};
  std::vector<float> in(4 * 19, NAN);
  for (int c = 0; c < 19; c += 2) in[19 + c] = -3.0f;  // odd channels stay all-NaN
  std::vector<float> want(19);
  eb_max_pool2d_f32(&p, in.data(), want.data());
  EXPECT_EQ(want[0], -3.0f);
  EXPECT_EQ(want[1], -FLT_MAX);
  eb::test::ExpectPoolMatches(v, p, in, want);
}

TEST_P(MaxPool2dF32Direct, DeclinesAnInvertedClamp) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_pool_params p{1, 2, 2, 3, 1, 1, 2, 2, 1, 1, 0, 0, 1.0f, -1.0f, -128, 127};
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, MaxPool2dF32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
