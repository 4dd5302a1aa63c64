// The int8 GEMM CONV_2D variants (gemm_s8_x86.h) against eb_conv2d_s8_ref, bit for bit: random geometries with
// batch 1..33, 1..70 input and output channels, strides 1..3, dilation 1..2, padding, the in-place 1x1 path and
// im2col, random zero points and clamps, usual and unusual requantisation (left shifts, 2^30, dead channels),
// NULL bias and biases at the int32 edges (the sums wrap), every task run in one, two and three ranges and in
// reverse order. Geometries outside int8 (zero point, clamp) are declined.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "conv2d.h"
#include "cpu_x86.h"
#include "gemm_s8_x86.h"
#include "gemm_test_util.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Uniform;

using Variant = eb::test::GemmVariant<eb_conv_params>;

#define EB_VARIANT(isa, cpu, isa_name)                                                                            \
  {                                                                                                               \
#isa, cpu, isa_name, eb_conv2d_s8_gemm_##isa##_applies, eb_conv2d_s8_gemm_##isa##_packed_bytes,               \
        eb_conv2d_s8_gemm_##isa##_pack, eb_conv2d_s8_gemm_##isa##_tasks, eb_conv2d_s8_gemm_##isa##_scratch_bytes, \
        eb_conv2d_s8_gemm_##isa##_run                                                                             \
  }
const Variant kVariants[] = {
    EB_VARIANT(avx2, eb_cpu_has_avx2, "AVX2"),
    EB_VARIANT(avx512, eb_cpu_has_avx512, "AVX-512"),
    EB_VARIANT(avx512vnni, eb_cpu_has_avx512vnni, "AVX-512 VNNI"),
};
#undef EB_VARIANT

size_t OutSize(const eb_conv_params& p) { return static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c; }

std::string Describe(const eb_conv_params& p) {
  std::ostringstream o;
  o << "batch " << p.batch << " in " << p.in_h << "x" << p.in_w << "x" << p.in_c << " out_c " << p.out_c << " k "
    << p.k_h << "x" << p.k_w << " stride " << p.stride_h << "," << p.stride_w << " dil " << p.dil_h << "," << p.dil_w
    << " pad " << p.pad_top << "," << p.pad_left << " in_zp " << p.in_zp;
  return o.str();
}

// Packs once and runs every task split, each checked against the reference's outputs.
// deep: right shifts of 20 to 31 on the fast path's channels (across the zero-point fold's limit, r <= 23).
void Check(const Variant& v, const eb_conv_params& p, std::mt19937& rng, bool usual, int bias_kind, bool deep = false) {
  ASSERT_TRUE(v.applies(&p)) << Describe(p);
  const size_t in_n = static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c;
  const std::vector<int8_t> in = eb::test::RandomI8(rng, in_n);
  const std::vector<int8_t> filter = eb::test::RandomI8(rng, static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c);
  eb::test::Requant rq = eb::test::RandomRequant(rng, p.out_c, usual);
  if (deep) {
    for (size_t c = 0; c < rq.shift.size(); ++c) {
      if (rq.mult[c] > (1 << 30)) rq.shift[c] = Uniform(rng, -31, -20);
      rq.bias[c] = Uniform(rng, -2000000000, 2000000000);
    }
  }
  if (bias_kind == 2) {
    for (int32_t& b : rq.bias)
      b = Uniform(rng, 0, 1) ? INT32_MAX - Uniform(rng, 0, 1000) : INT32_MIN + Uniform(rng, 0, 1000);
  }
  const int32_t* bias = bias_kind == 0 ? nullptr : rq.bias.data();
  const size_t n = OutSize(p);
  std::vector<int8_t> want(n);
  eb_conv2d_s8_ref(&p, in.data(), filter.data(), bias, rq.mult.data(), rq.shift.data(), want.data());

  eb::test::RunEverySplit(v, p, in.data(), filter.data(), bias, rq.mult.data(), rq.shift.data(), n, int8_t{0x5a},
                          int8_t{0x5a}, [&](int split, const std::vector<int8_t>& got, int32_t tasks) {
                            for (size_t i = 0; i < n; ++i) {
                              ASSERT_EQ(got[i], want[i])
                                  << v.name << " split " << split << " output " << i << " (channel " << i % p.out_c
                                  << ") " << Describe(p) << " usual " << usual << " bias " << bias_kind << " tasks "
                                  << tasks;
                            }
                          });
}

void RandomArithmetic(std::mt19937& rng, eb_conv_params& p) {
  p.in_zp = Uniform(rng, -128, 127);
  p.out_zp = Uniform(rng, -128, 127);
  const bool full = Uniform(rng, 0, 2) != 0;
  p.q_min = full ? -128 : Uniform(rng, -128, 0);
  p.q_max = full ? 127 : Uniform(rng, 0, 127);
}

class ConvS8Gemm : public eb::test::GemmVariantTest<eb_conv_params> {};

INSTANTIATE_TEST_SUITE_P(X86, ConvS8Gemm, ::testing::ValuesIn(kVariants), eb::test::GemmVariantName<eb_conv_params>);

TEST_P(ConvS8Gemm, MatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(3031);
  for (int trial = 0; trial < 150; ++trial) {
    eb_conv_params p = eb::test::RandomConvGeometry(rng, false);
    p.batch = trial % 10 == 0 ? Uniform(rng, 1, 33) : Uniform(rng, 1, 3);
    p.in_c = trial % 3 == 0 ? Uniform(rng, 1, 70) : Uniform(rng, 1, 13);
    p.out_c = trial % 4 == 0 ? Uniform(rng, 1, 70) : Uniform(rng, 1, 40);
    RandomArithmetic(rng, p);
    Check(GetParam(), p, rng, trial % 2 == 0, trial % 7 == 0 ? 0 : trial % 11 == 0 ? 2 : 1);
    if (HasFatalFailure()) return;
  }
}

TEST_P(ConvS8Gemm, MatchesReferenceOnPointwiseLayers) {
  std::mt19937 rng(3032);
  for (int trial = 0; trial < 60; ++trial) {
    eb_conv_params p = eb::test::Pointwise(trial % 6 == 0 ? Uniform(rng, 1, 33) : 1, Uniform(rng, 1, 7),
                                           Uniform(rng, 1, 7), Uniform(rng, 1, 70), Uniform(rng, 1, 70));
    RandomArithmetic(rng, p);
    Check(GetParam(), p, rng, trial % 3 != 0, trial % 5 == 0 ? 0 : 1);
    if (HasFatalFailure()) return;
  }
}

// Real layer shapes: MobileNetV2's 3x3 stem, ResNet-8's 3x3 16 -> 16 at stride 2, a wide pointwise layer at
// batch 32 (one call over all its pixels).
TEST_P(ConvS8Gemm, MatchesReferenceOnLayerShapes) {
  std::mt19937 rng(3033);
  eb_conv_params stem = eb::test::Pointwise(2, 32, 32, 3, 32);
  stem.k_h = stem.k_w = 3;
  stem.pad_top = stem.pad_left = 1;
  eb_conv_params res = eb::test::Pointwise(1, 32, 32, 16, 16);
  res.k_h = res.k_w = 3;
  res.stride_h = res.stride_w = 2;
  res.out_h = res.out_w = 16;
  res.pad_top = res.pad_left = 0;
  const eb_conv_params pw = eb::test::Pointwise(32, 4, 4, 96, 144);
  for (eb_conv_params p : {stem, res, pw}) {
    RandomArithmetic(rng, p);
    Check(GetParam(), p, rng, true, 1);
    if (HasFatalFailure()) return;
  }
}

// MobileNetV2 CIFAR-10's stem (stride 2, padded only below and right: K = 27 built in one vector) and
// pointwise layers of small K and M, with usual and deep shifts.
TEST_P(ConvS8Gemm, MatchesReferenceOnMobileNetV2) {
  std::mt19937 rng(3034);
  eb_conv_params stem = eb::test::Pointwise(1, 32, 32, 3, 32);
  stem.k_h = stem.k_w = 3;
  stem.stride_h = stem.stride_w = 2;
  stem.out_h = stem.out_w = 16;
  std::vector<eb_conv_params> layers = {stem, eb::test::Pointwise(1, 16, 16, 16, 96),
                                        eb::test::Pointwise(1, 8, 8, 24, 144), eb::test::Pointwise(1, 2, 2, 64, 384),
                                        eb::test::Pointwise(3, 2, 2, 96, 70), eb::test::Pointwise(1, 1, 1, 160, 200)};
  stem.batch = 3;
  stem.in_c = 5;
  stem.pad_top = 1;
  layers.push_back(stem);
  for (int deep = 0; deep < 2; ++deep) {
    for (eb_conv_params p : layers) {
      RandomArithmetic(rng, p);
      Check(GetParam(), p, rng, true, 1, deep == 1);
      if (HasFatalFailure()) return;
    }
  }
}

TEST_P(ConvS8Gemm, DeclinesWhatIsNotInt8) {
  eb_conv_params p = eb::test::Pointwise(1, 2, 2, 4, 4);
  EXPECT_TRUE(GetParam().applies(&p));
  p.in_zp = 128;
  EXPECT_FALSE(GetParam().applies(&p));
  p.in_zp = 0;
  p.q_min = 10;
  p.q_max = 5;
  EXPECT_FALSE(GetParam().applies(&p));
  p.q_min = -129;
  p.q_max = 127;
  EXPECT_FALSE(GetParam().applies(&p));
}

}  // namespace
