// The int8 RELU6 x86 variants against the reference, byte for byte: every input value for many random clamps,
// random counts (vector tails, many tasks) with every split, and a clamp with q_min > q_max declined.
#include <gtest/gtest.h>

#include "elementwise_s8_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "relu6.h"

namespace {

using eb::test::EwVariant;
using eb::test::Uniform;

const EwVariant<eb_act_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_relu6_s8_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_relu6_s8_direct_avx512, eb_cpu_has_avx512),
};

class Relu6S8Direct : public ::testing::TestWithParam<int> {};

TEST_P(Relu6S8Direct, EveryInputValue) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8800 + GetParam());
  std::vector<int8_t> in(256 * 3 + 41);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int8_t>(static_cast<int>(i % 256) - 128);
  for (int iter = 0; iter < 100; ++iter) {
    eb_act_params p{};
    p.count = static_cast<int32_t>(in.size());
    p.q_min = Uniform(rng, -128, 127);
    p.q_max = Uniform(rng, p.q_min, 127);
    eb::test::ExpectActMatches(v, eb_relu6_s8, p, in);
  }
}

TEST_P(Relu6S8Direct, MatchesReferenceOnRandomCounts) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8850 + GetParam());
  for (int iter = 0; iter < 40; ++iter) {
    eb_act_params p{};
    p.count = eb::test::RandomActCount(rng, iter);
    p.q_min = Uniform(rng, -128, 0);
    p.q_max = Uniform(rng, p.q_min, 127);
    eb::test::ExpectActMatches(v, eb_relu6_s8, p, eb::test::RandomI8(rng, static_cast<size_t>(p.count)));
  }
  eb_act_params p{};
  p.count = 8, p.q_min = 1, p.q_max = 0;
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, Relu6S8Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
