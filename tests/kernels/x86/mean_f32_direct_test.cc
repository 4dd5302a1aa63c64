// The float32 MEAN x86 variants against the reference, bit for bit (each channel summed in the reference's
// order, divided as it divides), on random [outer][reduced][inner] views (global pools of NHWC: batch 1..33,
// H x W up to 64 taps, 4..300 channels, MobileNetV2's 1 x 1 x 1280), each with its tasks split four ways.
#include <gtest/gtest.h>

#include "elementwise_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "mean.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_mean_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_mean_f32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_mean_f32_direct_avx512, eb_cpu_has_avx512),
};

void ExpectMatches(const EwVariant<eb_mean_params, const void*>& v, const eb_mean_params& p,
                   const std::vector<float>& in) {
  ASSERT_TRUE(v.applies(&p));
  std::vector<float> want(static_cast<size_t>(p.outer) * p.inner);
  eb_mean_f32(&p, in.data(), want.data());
  for (eb::test::Split split : eb::test::kSplits) {
    std::vector<float> got(want.size(), -7.0f);
    eb::test::RunVariant(v, p, static_cast<const void*>(in.data()), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      if (!eb::test::SameFloat(got[i], want[i]) && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << eb::test::SplitName(split) << ": " << p.outer << " x "
                       << p.reduced << " x " << p.inner << "; first mismatch at " << first << ": " << got[first]
                       << " vs " << want[first];
  }
}

class MeanF32Direct : public ::testing::TestWithParam<int> {};

TEST_P(MeanF32Direct, MatchesReferenceOnRandomViews) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7600 + GetParam());
  for (int iter = 0; iter < 120; ++iter) {
    eb_mean_params p{};
    p.outer = eb::test::Uniform(rng, 0, 7) == 0 ? 33 : eb::test::Uniform(rng, 1, 3);
    p.reduced = eb::test::Uniform(rng, 1, 64);
    p.inner = eb::test::Uniform(rng, 4, 300);
    const size_t n = static_cast<size_t>(p.outer) * p.reduced * p.inner;
    ExpectMatches(v, p, eb::test::RandomF32(rng, n, -8.0f, 8.0f, iter % 4 == 0));
  }
}

TEST_P(MeanF32Direct, MobileNetV2Head) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7650);
  for (int32_t batch : {1, 32}) {
    for (int32_t hw : {1, 16}) {
      eb_mean_params p{batch, hw, 1280, 0, 0, 0, 0};
      ExpectMatches(v, p, eb::test::RandomF32(rng, static_cast<size_t>(batch) * hw * 1280, 0.0f, 6.0f, false));
    }
  }
}

TEST_P(MeanF32Direct, DeclinesAMeanOverTheLastAxis) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_mean_params p{8, 10, 3, 0, 0, 0, 0};
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, MeanF32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
