// The float32 MUL x86 variants against the reference, bit for bit, on random shapes of every broadcast they
// take (same shapes, a scalar either side, a last-dim vector either side) with NaN, inf and -0 among the
// inputs and every clamp, each with its tasks split four ways; other broadcasts are declined. Plus the real
// residual shapes (ResNet-8's 32 x 32 x 16, MobileNetV2's 8 x 8 x 24) at batch 1 and 32.
#include <gtest/gtest.h>

#include "mul.h"
#include "elementwise_x86.h"
#include "kernels/x86/binary_f32_test_util.h"

namespace {

const eb::test::BinaryVariant kVariants[] = {
    EB_EW_VARIANT(eb_mul_f32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_mul_f32_direct_avx512, eb_cpu_has_avx512),
};

class MulF32Direct : public ::testing::TestWithParam<int> {};

TEST_P(MulF32Direct, MatchesReferenceOnRandomBroadcasts) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb::test::ExpectBinaryVariantMatches(v, eb_mul_f32, 7800 + GetParam());
}

TEST_P(MulF32Direct, ResidualShapes) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7850);
  for (int32_t batch : {1, 32}) {
    for (const std::vector<int32_t>& d : {std::vector<int32_t>{batch, 32, 32, 16}, std::vector<int32_t>{batch, 8, 8, 24}}) {
      eb::test::ExpectBinaryMatches(v, eb_mul_f32, rng, d, d, false);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Isa, MulF32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
