// The float32 SOFTMAX x86 variants against the reference within 1e-6 relative (their exp is ~1 ulp and their
// sum reassociated) on random row counts and depths 1..300, long rows against a double-precision softmax, several beta (negative too),
// rows with -inf entries and rows with NaN (all NaN, as the reference), each with its tasks split four ways.
#include <gtest/gtest.h>

#include <cfloat>
#include <algorithm>
#include <cmath>

#include "elementwise_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "softmax.h"

namespace {

using eb::test::EwVariant;

const EwVariant<eb_softmax_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_softmax_f32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_softmax_f32_direct_avx512, eb_cpu_has_avx512),
};

// |got - want| <= tol * |want|, with a floor at the smallest normal float (the denormal outputs of very
// negative differences carry no relative precision in either kernel).
bool Close(float got, float want, float tol) {
  if (std::isnan(want) || std::isnan(got)) return std::isnan(want) && std::isnan(got);
  if (std::isinf(want) || std::isinf(got)) return got == want;
  return std::fabs(got - want) <= tol * std::fabs(want) + FLT_MIN;
}

// Checks v against `want` (the reference's outputs unless given) with every split.
void ExpectMatches(const EwVariant<eb_softmax_params, const void*>& v, const eb_softmax_params& p,
                   const std::vector<float>& in, float tol, std::vector<float> want = {}) {
  ASSERT_TRUE(v.applies(&p));
  if (want.empty()) {
    want.resize(in.size());
    eb_softmax_f32(&p, in.data(), want.data());
  }
  for (eb::test::Split split : eb::test::kSplits) {
    std::vector<float> got(in.size(), -7.0f);
    eb::test::RunVariant(v, p, static_cast<const void*>(in.data()), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < in.size(); ++i) {
      if (!Close(got[i], want[i], tol) && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << eb::test::SplitName(split) << ": " << p.outer << " x " << p.depth
                       << " beta " << p.beta << "; first mismatch at " << first << ": " << got[first] << " vs "
                       << want[first];
  }
}

class SoftmaxF32Direct : public ::testing::TestWithParam<int> {};

TEST_P(SoftmaxF32Direct, MatchesReferenceOnRandomRows) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7500 + GetParam());
  const float betas[] = {1.0f, 0.5f, 2.25f, 0.01f, -1.0f};
  for (int iter = 0; iter < 150; ++iter) {
    eb_softmax_params p{};
    p.outer = eb::test::Uniform(rng, 0, 7) == 0 ? 33 : eb::test::Uniform(rng, 1, 5);
    p.depth = eb::test::Uniform(rng, 1, 300);
    p.beta = betas[eb::test::Uniform(rng, 0, 4)];
    const float range = iter % 3 == 0 ? 100.0f : 10.0f;  // wide rows underflow some exps to denormals and 0
    std::vector<float> in = eb::test::RandomF32(rng, static_cast<size_t>(p.outer) * p.depth, -range, range, false);
    if (iter % 5 == 0) in[eb::test::Uniform(rng, 0, static_cast<int>(in.size()) - 1)] = -INFINITY;
    ExpectMatches(v, p, in, 1e-6f);
  }
}

// ImageNet-sized rows. Here the reference's own one-after-another float sum drifts past 1e-6 of the true
// value (about 1.1e-6 at 1,000 terms), so the variants are held to 1e-6 of a double-precision softmax instead
// (their sums run in 8 or 16 lanes, which drift less), and to 4e-6 of the reference.
TEST_P(SoftmaxF32Direct, LongRows) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7550 + GetParam());
  for (int32_t depth : {1000, 1001, 4097}) {
    eb_softmax_params p{3, depth, 1.0f, 0, 0, 0};
    const auto in = eb::test::RandomF32(rng, static_cast<size_t>(3) * depth, -5.0f, 5.0f, false);
    std::vector<float> exact(in.size());
    for (size_t r = 0; r < 3; ++r) {
      const float* x = in.data() + r * depth;
      double max = x[0], sum = 0.0;
      for (int32_t c = 0; c < depth; ++c) max = std::max(max, static_cast<double>(x[c]));
      for (int32_t c = 0; c < depth; ++c) sum += std::exp(x[c] - max);
      for (int32_t c = 0; c < depth; ++c) exact[r * depth + c] = static_cast<float>(std::exp(x[c] - max) / sum);
    }
    ExpectMatches(v, p, in, 1e-6f, exact);
    ExpectMatches(v, p, in, 4e-6f);
  }
}

// Every depth from 1 to 40: the one- and two-register short rows and the first long ones, -inf entries too.
TEST_P(SoftmaxF32Direct, EveryShortDepth) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7570 + GetParam());
  for (int32_t depth = 1; depth <= 40; ++depth) {
    eb_softmax_params p{3, depth, 1.0f, 0, 0, 0};
    std::vector<float> in = eb::test::RandomF32(rng, static_cast<size_t>(3) * depth, -10.0f, 10.0f, false);
    in[static_cast<size_t>(depth) + eb::test::Uniform(rng, 0, depth - 1)] = -INFINITY;
    ExpectMatches(v, p, in, 1e-6f);
  }
}

// A NaN anywhere in a row makes the whole row NaN, as in the reference; other rows are untouched.
TEST_P(SoftmaxF32Direct, NaNRows) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(7560);
  eb_softmax_params p{4, 21, 1.0f, 0, 0, 0};
  std::vector<float> in = eb::test::RandomF32(rng, 4 * 21, -3.0f, 3.0f, false);
  in[5] = NAN;
  in[21 + 20] = NAN;
  ExpectMatches(v, p, in, 1e-6f);
}

INSTANTIATE_TEST_SUITE_P(Isa, SoftmaxF32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
