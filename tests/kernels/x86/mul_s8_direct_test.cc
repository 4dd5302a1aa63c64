// The int8 MUL x86 variants against the reference, byte for byte: every one of the 65,536 input pairs for
// several quantisations (made by the prepare function from random scales, and drawn raw to reach every term
// path: HALF, SPLIT, GENERAL, and both output requantisation paths), random shapes of every broadcast the
// variants take with every task split, declines for the rest, and MobileNetV2's residual shapes at batch 1 and 32.
#include <gtest/gtest.h>

#include "mul.h"
#include "elementwise_s8_x86.h"
#include "kernels/x86/binary_f32_test_util.h"

namespace {

const eb::test::BinaryVariant kVariants[] = {
    EB_EW_VARIANT(eb_mul_s8_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_mul_s8_direct_avx512, eb_cpu_has_avx512),
};

class MulS8Direct : public ::testing::TestWithParam<int> {};

TEST_P(MulS8Direct, AllInputPairs) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb::test::ExpectBinaryS8Exhaustive(v, eb_mul_s8, eb::test::S8Op::kMul, 8300 + GetParam(), 6);
}

TEST_P(MulS8Direct, MatchesReferenceOnRandomBroadcasts) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb::test::ExpectBinaryS8VariantMatches(v, eb_mul_s8, eb::test::S8Op::kMul, 8310 + GetParam());
}

TEST_P(MulS8Direct, ResidualShapes) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb::test::ExpectBinaryS8Residuals(v, eb_mul_s8, eb::test::S8Op::kMul, 8320 + GetParam());
}

INSTANTIATE_TEST_SUITE_P(Isa, MulS8Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
