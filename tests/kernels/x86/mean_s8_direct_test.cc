// The int8 MEAN x86 variants against eb_mean_s8, byte for byte, on random [outer][reduced][inner] views (batch
// 1..33, 1..64 reduced rows and some of 300..1000 to cross the 16-bit partial sums' 256-row limit, 1..300
// channels), random zero points, and (multiplier, shift) pairs both from real scale ratios and drawn raw (0,
// exactly 2^30, left shifts up to 30, right shifts up to 31, so every requantisation path and the wrapping left
// shift are hit); saturated inputs (all -128 / all 127); MobileNetV2's head at batch 1 and 32; every task split.
#include <gtest/gtest.h>

#include <cmath>

#include "elementwise_s8_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "mean.h"
#include "quant.h"

namespace {

using eb::test::EwVariant;
using eb::test::Uniform;

const EwVariant<eb_mean_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_mean_s8_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_mean_s8_direct_avx512, eb_cpu_has_avx512),
};

void ExpectMatches(const EwVariant<eb_mean_params, const void*>& v, const eb_mean_params& p,
                   const std::vector<int8_t>& in) {
  ASSERT_TRUE(v.applies(&p));
  std::vector<int8_t> want(static_cast<size_t>(p.outer) * p.inner);
  eb_mean_s8(&p, in.data(), want.data());
  for (eb::test::Split split : eb::test::kSplits) {
    std::vector<int8_t> got(want.size(), 0x5A);
    eb::test::RunVariant(v, p, static_cast<const void*>(in.data()), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      if (got[i] != want[i] && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << eb::test::SplitName(split) << ": " << p.outer << " x " << p.reduced
                       << " x " << p.inner << " zp " << p.in_zp << "," << p.out_zp << " rq " << p.mult << "/" << p.shift
                       << "; first mismatch at " << first << ": " << +got[first] << " vs " << +want[first];
  }
}

void RandomQuant(std::mt19937& rng, bool raw, eb_mean_params* p) {
  p->in_zp = Uniform(rng, -128, 127);
  p->out_zp = Uniform(rng, -128, 127);
  if (raw) {
    const int k = Uniform(rng, 0, 9);
    p->mult = k == 0 ? 0 : k == 1 ? (1 << 30) : Uniform(rng, (1 << 30) + 1, INT32_MAX);
    p->shift = Uniform(rng, 0, 3) == 0 ? Uniform(rng, -31, 30) : Uniform(rng, -3, 2);
  } else {
    const double ratio = std::exp(std::uniform_real_distribution<double>(std::log(0.05), std::log(20.0))(rng));
    eb_quantize_multiplier(Uniform(rng, 0, 3) == 0 ? 1.0 : ratio, &p->mult, &p->shift);
  }
}

class MeanS8Direct : public ::testing::TestWithParam<int> {};

TEST_P(MeanS8Direct, MatchesReferenceOnRandomViews) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8400 + GetParam());
  for (int iter = 0; iter < 160; ++iter) {
    eb_mean_params p{};
    p.outer = Uniform(rng, 0, 7) == 0 ? 33 : Uniform(rng, 1, 3);
    p.reduced = Uniform(rng, 0, 9) == 0 ? Uniform(rng, 300, 1000) : Uniform(rng, 1, 64);
    p.inner = Uniform(rng, 1, 300);
    if (static_cast<int64_t>(p.outer) * p.reduced * p.inner > 2000000) p.outer = 1;
    RandomQuant(rng, iter % 2 == 1, &p);
    const size_t n = static_cast<size_t>(p.outer) * p.reduced * p.inner;
    std::vector<int8_t> in = eb::test::RandomI8(rng, n);
    if (iter % 10 == 3) std::fill(in.begin(), in.end(), Uniform(rng, 0, 1) ? 127 : -128);
    ExpectMatches(v, p, in);
  }
}

TEST_P(MeanS8Direct, MobileNetV2Head) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8450);
  for (int32_t batch : {1, 32}) {
    for (int32_t hw : {1, 4, 16}) {
      eb_mean_params p{batch, hw, 1280, 0, 0, 0, 0};
      RandomQuant(rng, false, &p);
      ExpectMatches(v, p, eb::test::RandomI8(rng, static_cast<size_t>(batch) * hw * 1280));
    }
  }
}

TEST_P(MeanS8Direct, DeclinesWhatItCannotSumExactly) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_mean_params p{1, (1 << 23) + 1, 4, 0, 0, 1 << 30, 0};
  EXPECT_FALSE(v.applies(&p));
  p.reduced = 4;
  EXPECT_TRUE(v.applies(&p));
  p.in_zp = 200;
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, MeanS8Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
