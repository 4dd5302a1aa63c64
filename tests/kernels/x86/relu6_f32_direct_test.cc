// The float32 RELU6 x86 variants against the reference, bit for bit: random counts (vector tails, many tasks)
// with NaN, +-inf and -0 among the inputs, and MobileNetV2's expanded activations at batch 1 and 32, every split.
#include <gtest/gtest.h>

#include "elementwise_s8_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "relu6.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_act_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_relu6_f32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_relu6_f32_direct_avx512, eb_cpu_has_avx512),
};

class Relu6F32Direct : public ::testing::TestWithParam<int> {};

TEST_P(Relu6F32Direct, MatchesReferenceOnRandomCounts) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8600 + GetParam());
  for (int iter = 0; iter < 60; ++iter) {
    eb_act_params p{};
    p.count = eb::test::RandomActCount(rng, iter);
    eb::test::ExpectActMatches(v, eb_relu6_f32, p, eb::test::RandomF32(rng, static_cast<size_t>(p.count), -9.0f, 9.0f, true));
  }
}

TEST_P(Relu6F32Direct, MobileNetV2Shapes) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8650);
  for (int32_t batch : {1, 32}) {
    for (int32_t elems : {16 * 16 * 96, 8 * 8 * 144, 4 * 4 * 384, 2 * 2 * 960}) {
      eb_act_params p{};
      p.count = batch * elems;
      eb::test::ExpectActMatches(v, eb_relu6_f32, p, eb::test::RandomF32(rng, static_cast<size_t>(p.count), -9.0f, 9.0f, false));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Isa, Relu6F32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
