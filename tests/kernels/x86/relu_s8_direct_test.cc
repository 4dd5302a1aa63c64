// The int8 RELU x86 variants against the reference, byte for byte: every input value (count 256 + 37, so vector
// tails too) for many quantisations, from real scale ratios (prepare's eb_quantize_multiplier, ReLU clamp at the
// output zero point) and drawn raw (multiplier 0, exactly 2^30, left shifts to 30, right shifts to 31: both paths),
// random counts with every split, and declines for non-int8 parameters.
#include <gtest/gtest.h>

#include <cmath>

#include "elementwise_s8_x86.h"
#include "kernels/x86/elementwise_test_util.h"
#include "quant.h"
#include "relu.h"

namespace {

using eb::test::EwVariant;
using eb::test::Uniform;

const EwVariant<eb_act_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_relu_s8_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_relu_s8_direct_avx512, eb_cpu_has_avx512),
};

void RandomQuant(std::mt19937& rng, bool raw, eb_act_params* p) {
  p->in_zp = Uniform(rng, -128, 127);
  p->out_zp = Uniform(rng, -128, 127);
  if (raw) {
    const int k = Uniform(rng, 0, 9);
    p->in_mult = k == 0 ? 0 : k == 1 ? (1 << 30) : Uniform(rng, (1 << 30) + 1, INT32_MAX);
    p->in_left_shift = Uniform(rng, 0, 3) == 0 ? Uniform(rng, -31, 30) : Uniform(rng, -4, 2);
    p->q_min = Uniform(rng, -128, 127);
    p->q_max = Uniform(rng, p->q_min, 127);
  } else {
    const double ratio = std::exp(std::uniform_real_distribution<double>(std::log(0.1), std::log(10.0))(rng));
    eb_quantize_multiplier(Uniform(rng, 0, 3) == 0 ? 1.0 : ratio, &p->in_mult, &p->in_left_shift);
    p->q_min = p->out_zp;
    p->q_max = 127;
  }
}

class ReluS8Direct : public ::testing::TestWithParam<int> {};

TEST_P(ReluS8Direct, EveryInputValue) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8700 + GetParam());
  std::vector<int8_t> in(256 + 37);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int8_t>(static_cast<int>(i % 256) - 128);
  for (int iter = 0; iter < 200; ++iter) {
    eb_act_params p{};
    p.count = static_cast<int32_t>(in.size());
    RandomQuant(rng, iter % 2 == 1, &p);
    eb::test::ExpectActMatches(v, eb_relu_s8, p, in);
  }
}

TEST_P(ReluS8Direct, MatchesReferenceOnRandomCounts) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8750 + GetParam());
  for (int iter = 0; iter < 40; ++iter) {
    eb_act_params p{};
    p.count = eb::test::RandomActCount(rng, iter);
    RandomQuant(rng, iter % 3 == 2, &p);
    eb::test::ExpectActMatches(v, eb_relu_s8, p, eb::test::RandomI8(rng, static_cast<size_t>(p.count)));
  }
}

TEST_P(ReluS8Direct, DeclinesNonInt8Parameters) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_act_params p{};
  p.count = 10, p.in_mult = 1 << 30, p.in_left_shift = 1, p.q_min = -128, p.q_max = 127;
  EXPECT_TRUE(v.applies(&p));
  p.q_min = 3, p.q_max = 2;
  EXPECT_FALSE(v.applies(&p));
  p.q_min = -128, p.q_max = 127, p.out_zp = 128;
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, ReluS8Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
