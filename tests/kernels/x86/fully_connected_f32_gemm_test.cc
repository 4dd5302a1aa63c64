// The float32 packed-weight GEMM FULLY_CONNECTED variants against eb_fully_connected_f32: batch 1..33 (batch 1
// is the GEMV microkernel), depths 1..300 not multiples of the vector width, with and without bias and clamp,
// every task run in one, two and three ranges and in reverse order. Tolerance per output:
// 1e-5 * sum |a * w| + 1e-6.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cpu_x86.h"
#include "fully_connected.h"
#include "gemm_f32_x86.h"
#include "gemm_test_util.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::RandomF32;
using eb::test::Uniform;

using Variant = eb::test::GemmVariant<eb_fc_params>;

const Variant kVariants[] = {
    {"avx2", eb_cpu_has_avx2, "AVX2", eb_fully_connected_f32_gemm_avx2_applies,
     eb_fully_connected_f32_gemm_avx2_packed_bytes, eb_fully_connected_f32_gemm_avx2_pack,
     eb_fully_connected_f32_gemm_avx2_tasks, eb_fully_connected_f32_gemm_avx2_scratch_bytes,
     eb_fully_connected_f32_gemm_avx2_run},
    {"avx512", eb_cpu_has_avx512, "AVX-512", eb_fully_connected_f32_gemm_avx512_applies,
     eb_fully_connected_f32_gemm_avx512_packed_bytes, eb_fully_connected_f32_gemm_avx512_pack,
     eb_fully_connected_f32_gemm_avx512_tasks, eb_fully_connected_f32_gemm_avx512_scratch_bytes,
     eb_fully_connected_f32_gemm_avx512_run},
};

void Check(const Variant& v, const eb_fc_params& p, const std::vector<float>& in, const std::vector<float>& filter,
           const float* bias, const std::vector<float>& want, const std::vector<float>& bound) {
  ASSERT_TRUE(v.applies(&p));
  const size_t n = static_cast<size_t>(p.batch) * p.out_depth;
  eb::test::RunEverySplit(v, p, in.data(), filter.data(), bias, nullptr, nullptr, n,
                          std::numeric_limits<float>::quiet_NaN(), 12345.0f,
                          [&](int split, const std::vector<float>& got, int32_t tasks) {
                            for (size_t i = 0; i < n; ++i) {
                              ASSERT_LE(std::fabs(got[i] - want[i]), bound[i])
                                  << v.name << " split " << split << " output " << i << " got " << got[i] << " want "
                                  << want[i] << " batch " << p.batch << " in " << p.in_depth << " out "
                                  << p.out_depth << " tasks " << tasks;
                            }
                          });
}

void CheckAll(const Variant& v, std::mt19937& rng, const eb_fc_params& p, bool with_bias) {
  const std::vector<float> in = RandomF32(rng, static_cast<size_t>(p.batch) * p.in_depth);
  const std::vector<float> filter = RandomF32(rng, static_cast<size_t>(p.out_depth) * p.in_depth);
  const std::vector<float> bias = RandomF32(rng, p.out_depth);
  const float* b = with_bias ? bias.data() : nullptr;
  const size_t n = static_cast<size_t>(p.batch) * p.out_depth;
  std::vector<float> want(n), bound(n);
  eb_fully_connected_f32(&p, in.data(), filter.data(), b, want.data());
  std::vector<float> abs_in(in), abs_f(filter);
  for (float& x : abs_in) x = std::fabs(x);
  for (float& x : abs_f) x = std::fabs(x);
  eb_fc_params q = p;
  q.act_min = -std::numeric_limits<float>::infinity();
  q.act_max = std::numeric_limits<float>::infinity();
  eb_fully_connected_f32(&q, abs_in.data(), abs_f.data(), nullptr, bound.data());
  for (float& x : bound) x = 1e-5f * x + 1e-6f;
  Check(v, p, in, filter, b, want, bound);
}

eb_fc_params Params(std::mt19937& rng, int32_t batch, int32_t in_depth, int32_t out_depth) {
  eb_fc_params p{};
  p.batch = batch;
  p.in_depth = in_depth;
  p.out_depth = out_depth;
  const int kind = Uniform(rng, 0, 2);
  p.act_min = kind == 0 ? -std::numeric_limits<float>::infinity() : kind == 1 ? 0.0f : -0.5f;
  p.act_max = kind == 0 ? std::numeric_limits<float>::infinity() : kind == 1 ? 6.0f : 0.5f;
  return p;
}

class FullyConnectedF32Gemm : public eb::test::GemmVariantTest<eb_fc_params> {};

INSTANTIATE_TEST_SUITE_P(X86, FullyConnectedF32Gemm, ::testing::ValuesIn(kVariants),
                         eb::test::GemmVariantName<eb_fc_params>);

TEST_P(FullyConnectedF32Gemm, MatchesReferenceOnRandomShapes) {
  std::mt19937 rng(31);
  for (int trial = 0; trial < 150; ++trial) {
    const int32_t batch = trial % 3 == 0 ? 1 : Uniform(rng, 1, 33);
    const int32_t in_depth = trial % 7 == 0 ? Uniform(rng, 100, 300) : Uniform(rng, 1, 70);
    const int32_t out_depth = trial % 5 == 0 ? Uniform(rng, 70, 140) : Uniform(rng, 1, 70);
    CheckAll(GetParam(), rng, Params(rng, batch, in_depth, out_depth), trial % 4 != 0);
    if (HasFatalFailure()) return;
  }
}

TEST_P(FullyConnectedF32Gemm, MatchesReferenceOnSeedLayers) {
  std::mt19937 rng(32);
  for (int32_t batch : {1, 32}) {
    CheckAll(GetParam(), rng, Params(rng, batch, 784, 10), true);
    CheckAll(GetParam(), rng, Params(rng, batch, 640, 128), true);
    CheckAll(GetParam(), rng, Params(rng, batch, 32, 10), true);
    if (HasFatalFailure()) return;
  }
}

TEST(FullyConnectedF32GemmPlan, BatchOneSplitsTheOutputs) {
  if (!eb_cpu_has_avx512()) GTEST_SKIP() << "CPU lacks AVX-512";
  eb_fc_params p{};
  p.batch = 1;
  p.in_depth = 640;
  p.out_depth = 128;
  EXPECT_EQ(eb_fully_connected_f32_gemm_avx512_tasks(&p), 4);
  EXPECT_EQ(eb_fully_connected_f32_gemm_avx512_scratch_bytes(&p), 0u);
  p.out_depth = 10;
  EXPECT_EQ(eb_fully_connected_f32_gemm_avx512_tasks(&p), 1);
  p.batch = 32;
  EXPECT_EQ(eb_fully_connected_f32_gemm_avx512_tasks(&p), 4);
}

}  // namespace
