// The float32 packed-weight GEMM CONV_2D variants, and the indirect GEMM (conv2d_f32_igemm_*: the same GEMM
// reading the taps in place), against eb_conv2d_f32 on random geometries: batch 1..33, 1..70 channels, strides
// 1..3, dilation 1..2, padding, the in-place paths (1x1 stride 1, a kernel covering the whole image) and im2col
// tiles, every task run in one, two and three ranges and in reverse order. The indirect GEMM takes exactly the
// layers the GEMM gathers; the others are checked to be declined.
// Tolerance per output: 1e-5 * sum over taps of |a * w| + 1e-6 (FMA and a reassociated sum).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "conv2d.h"
#include "conv2d_f32_igemm_x86.h"
#include "cpu_x86.h"
#include "gemm_f32_x86.h"
#include "gemm_test_util.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::RandomF32;
using eb::test::Uniform;

using Variant = eb::test::GemmVariant<eb_conv_params>;

const Variant kVariants[] = {
    {"avx2", eb_cpu_has_avx2, "AVX2", eb_conv2d_f32_gemm_avx2_applies, eb_conv2d_f32_gemm_avx2_packed_bytes,
     eb_conv2d_f32_gemm_avx2_pack, eb_conv2d_f32_gemm_avx2_tasks, eb_conv2d_f32_gemm_avx2_scratch_bytes,
     eb_conv2d_f32_gemm_avx2_run},
    {"avx512", eb_cpu_has_avx512, "AVX-512", eb_conv2d_f32_gemm_avx512_applies, eb_conv2d_f32_gemm_avx512_packed_bytes,
     eb_conv2d_f32_gemm_avx512_pack, eb_conv2d_f32_gemm_avx512_tasks, eb_conv2d_f32_gemm_avx512_scratch_bytes,
     eb_conv2d_f32_gemm_avx512_run},
    {"igemm_avx2", eb_cpu_has_avx2, "AVX2", eb_conv2d_f32_igemm_avx2_applies, eb_conv2d_f32_igemm_avx2_packed_bytes,
     eb_conv2d_f32_igemm_avx2_pack, eb_conv2d_f32_igemm_avx2_tasks, eb_conv2d_f32_igemm_avx2_scratch_bytes,
     eb_conv2d_f32_igemm_avx2_run},
    {"igemm_avx512", eb_cpu_has_avx512, "AVX-512", eb_conv2d_f32_igemm_avx512_applies,
     eb_conv2d_f32_igemm_avx512_packed_bytes, eb_conv2d_f32_igemm_avx512_pack, eb_conv2d_f32_igemm_avx512_tasks,
     eb_conv2d_f32_igemm_avx512_scratch_bytes, eb_conv2d_f32_igemm_avx512_run},
};

bool Indirect(const Variant& v) { return std::string(v.name).rfind("igemm", 0) == 0; }

size_t OutSize(const eb_conv_params& p) { return static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c; }

// Runs every task split of one variant and checks each against want within the bound.
void Check(const Variant& v, const eb_conv_params& p, const std::vector<float>& in, const std::vector<float>& filter,
           const float* bias, const std::vector<float>& want, const std::vector<float>& bound) {
  // The indirect GEMM declines exactly the layers the GEMM reads in place.
  if (Indirect(v) && eb_gemm_f32_conv_direct_lda(&p) != 0) {
    ASSERT_FALSE(v.applies(&p));
    return;
  }
  ASSERT_TRUE(v.applies(&p));
  const size_t n = OutSize(p);
  eb::test::RunEverySplit(
      v, p, in.data(), filter.data(), bias, nullptr, nullptr, n, std::numeric_limits<float>::quiet_NaN(), 12345.0f,
      [&](int split, const std::vector<float>& got, int32_t tasks) {
        for (size_t i = 0; i < n; ++i) {
          ASSERT_LE(std::fabs(got[i] - want[i]), bound[i])
              << v.name << " split " << split << " output " << i << " got " << got[i] << " want " << want[i]
              << " batch " << p.batch << " in " << p.in_h << "x" << p.in_w << "x" << p.in_c << " out_c " << p.out_c
              << " k " << p.k_h << "x" << p.k_w << " stride " << p.stride_h << "," << p.stride_w << " dil " << p.dil_h
              << "," << p.dil_w << " pad " << p.pad_top << "," << p.pad_left << " tasks " << tasks;
        }
      });
}

void CheckAll(const Variant& v, std::mt19937& rng, const eb_conv_params& p, bool with_bias) {
  const size_t in_n = static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c;
  const size_t f_n = static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c;
  const std::vector<float> in = RandomF32(rng, in_n), filter = RandomF32(rng, f_n), bias = RandomF32(rng, p.out_c);
  const float* b = with_bias ? bias.data() : nullptr;
  std::vector<float> want(OutSize(p)), bound(OutSize(p));
  eb_conv2d_f32(&p, in.data(), filter.data(), b, want.data());
  // sum |a * w| per output: the reference on absolute values, unclamped and without bias.
  std::vector<float> abs_in(in), abs_f(filter);
  for (float& x : abs_in) x = std::fabs(x);
  for (float& x : abs_f) x = std::fabs(x);
  eb_conv_params q = p;
  q.act_min = -std::numeric_limits<float>::infinity();
  q.act_max = std::numeric_limits<float>::infinity();
  eb_conv2d_f32(&q, abs_in.data(), abs_f.data(), nullptr, bound.data());
  for (float& x : bound) x = 1e-5f * x + 1e-6f;
  Check(v, p, in, filter, b, want, bound);
}

void SetClamp(std::mt19937& rng, eb_conv_params& p) {
  const int kind = Uniform(rng, 0, 2);
  p.act_min = kind == 0 ? -std::numeric_limits<float>::infinity() : kind == 1 ? 0.0f : -0.5f;
  p.act_max = kind == 0 ? std::numeric_limits<float>::infinity() : kind == 1 ? 6.0f : 0.5f;
}

class ConvF32Gemm : public eb::test::GemmVariantTest<eb_conv_params> {};

INSTANTIATE_TEST_SUITE_P(X86, ConvF32Gemm, ::testing::ValuesIn(kVariants),
                         eb::test::GemmVariantName<eb_conv_params>);

TEST_P(ConvF32Gemm, MatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 120; ++trial) {
    eb_conv_params p = eb::test::RandomConvGeometry(rng, false);
    p.batch = trial % 10 == 0 ? Uniform(rng, 1, 33) : Uniform(rng, 1, 3);
    p.in_c = trial % 3 == 0 ? Uniform(rng, 1, 70) : Uniform(rng, 1, 13);
    p.out_c = trial % 4 == 0 ? Uniform(rng, 1, 70) : Uniform(rng, 1, 40);
    SetClamp(rng, p);
    CheckAll(GetParam(), rng, p, trial % 5 != 0);
    if (HasFatalFailure()) return;
  }
}

TEST_P(ConvF32Gemm, MatchesReferenceOnPointwiseLayers) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    eb_conv_params p = eb::test::Pointwise(trial % 8 == 0 ? Uniform(rng, 1, 33) : 1, Uniform(rng, 1, 9),
                                           Uniform(rng, 1, 9), Uniform(rng, 1, 70), Uniform(rng, 1, 70));
    ASSERT_NE(eb_gemm_f32_conv_direct_lda(&p), 0);
    SetClamp(rng, p);
    CheckAll(GetParam(), rng, p, trial % 3 != 0);
    if (HasFatalFailure()) return;
  }
}

// The kernel covers the whole unpadded image (Conv3Dense1's 7x7 layer): one in-place row per image.
TEST_P(ConvF32Gemm, MatchesReferenceWhenTheKernelCoversTheImage) {
  std::mt19937 rng(9);
  for (int trial = 0; trial < 12; ++trial) {
    eb_conv_params p = eb::test::Pointwise(Uniform(rng, 1, 33), 1, 1, Uniform(rng, 1, 40), Uniform(rng, 1, 70));
    p.in_h = p.k_h = Uniform(rng, 1, 7);
    p.in_w = p.k_w = Uniform(rng, 1, 7);
    ASSERT_NE(eb_gemm_f32_conv_direct_lda(&p), 0);
    SetClamp(rng, p);
    CheckAll(GetParam(), rng, p, true);
    if (HasFatalFailure()) return;
  }
}

// Large enough that im2col takes several tiles, and few pixels with many channels (the output panels split).
TEST_P(ConvF32Gemm, MatchesReferenceOnSeedLayers) {
  std::mt19937 rng(11);
  eb_conv_params p = eb::test::Pointwise(2, 28, 28, 1, 32);
  p.k_h = p.k_w = 3;
  p.stride_h = p.stride_w = 2;
  p.out_h = p.out_w = 14;
  SetClamp(rng, p);
  CheckAll(GetParam(), rng, p, true);
  eb_conv_params q = eb::test::Pointwise(1, 14, 14, 32, 64);
  q.k_h = q.k_w = 3;
  q.stride_h = q.stride_w = 2;
  q.out_h = q.out_w = 7;
  CheckAll(GetParam(), rng, q, true);
  eb_conv_params r = eb::test::Pointwise(1, 16, 16, 32, 32);
  r.k_h = r.k_w = 3;
  r.pad_top = r.pad_left = 1;
  CheckAll(GetParam(), rng, r, true);
  CheckAll(GetParam(), rng, eb::test::Pointwise(1, 1, 1, 300, 130), true);
}

TEST(ConvF32GemmPlan, TasksCoverTheBatchAndSplitFewPixels) {
  if (!eb_cpu_has_avx512()) GTEST_SKIP() << "CPU lacks AVX-512";
  const eb_conv_params pw = eb::test::Pointwise(32, 8, 8, 96, 24);
  EXPECT_GE(eb_conv2d_f32_gemm_avx512_tasks(&pw), 2);
  EXPECT_EQ(eb_conv2d_f32_gemm_avx512_scratch_bytes(&pw), 0u);
  const eb_conv_params one = eb::test::Pointwise(1, 1, 1, 64, 64);
  EXPECT_EQ(eb_conv2d_f32_gemm_avx512_tasks(&one), 2);
  EXPECT_EQ(eb_conv2d_f32_gemm_avx2_tasks(&one), 4);
}

// The indirect GEMM keeps one int32 offset per output pixel and tap of an image in its blob, at most 2^20 of
// them (4 MB); a larger layer is left to the GEMM. It needs no scratch.
TEST(ConvF32IgemmPlan, DeclinesLayersWithTooManyTapOffsets) {
  eb_conv_params p = eb::test::Pointwise(1, 341, 341, 3, 8);
  p.k_h = p.k_w = 3;
  p.pad_top = p.pad_left = 1;  // 341 * 341 * 9 = 1,046,529 offsets: just under 2^20
  EXPECT_EQ(eb_conv2d_f32_igemm_avx512_applies(&p), 1);
  EXPECT_EQ(eb_conv2d_f32_igemm_avx2_applies(&p), 1);
  EXPECT_EQ(eb_conv2d_f32_igemm_avx512_scratch_bytes(&p), 0u);
  p.in_h = p.in_w = p.out_h = p.out_w = 342;  // 1,052,676
  EXPECT_EQ(eb_conv2d_f32_igemm_avx512_applies(&p), 0);
  EXPECT_EQ(eb_conv2d_f32_igemm_avx2_applies(&p), 0);
}

}  // namespace
