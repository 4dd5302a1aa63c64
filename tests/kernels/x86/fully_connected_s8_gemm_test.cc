// The int8 GEMM FULLY_CONNECTED variants (gemm_s8_x86.h) against eb_fully_connected_s8_ref, bit for bit: batch
// 1..33, depths 1..300 in and 1..70 (and 128) out, random zero points and clamps, per-channel and per-layer
// requantisation, usual and unusual (left shifts, 2^30, dead channels), NULL bias and biases at the int32 edges,
// every task run in one, two and three ranges and in reverse order. A filter zero point is declined.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "cpu_x86.h"
#include "fully_connected.h"
#include "gemm_s8_x86.h"
#include "gemm_test_util.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Uniform;

using Variant = eb::test::GemmVariant<eb_fc_params>;

#define EB_VARIANT(isa, cpu, isa_name)                                                                                \
  {                                                                                                                   \
#isa, cpu, isa_name, eb_fully_connected_s8_gemm_##isa##_applies, eb_fully_connected_s8_gemm_##isa##_packed_bytes, \
        eb_fully_connected_s8_gemm_##isa##_pack, eb_fully_connected_s8_gemm_##isa##_tasks,                            \
        eb_fully_connected_s8_gemm_##isa##_scratch_bytes, eb_fully_connected_s8_gemm_##isa##_run                      \
  }
const Variant kVariants[] = {
    EB_VARIANT(avx2, eb_cpu_has_avx2, "AVX2"),
    EB_VARIANT(avx512, eb_cpu_has_avx512, "AVX-512"),
    EB_VARIANT(avx512vnni, eb_cpu_has_avx512vnni, "AVX-512 VNNI"),
};
#undef EB_VARIANT

void Check(const Variant& v, const eb_fc_params& p, std::mt19937& rng, bool usual, int bias_kind) {
  ASSERT_TRUE(v.applies(&p));
  const std::vector<int8_t> in = eb::test::RandomI8(rng, static_cast<size_t>(p.batch) * p.in_depth);
  const std::vector<int8_t> filter = eb::test::RandomI8(rng, static_cast<size_t>(p.out_depth) * p.in_depth);
  eb::test::Requant rq = eb::test::RandomRequant(rng, p.out_depth, usual);
  if (bias_kind == 2) {
    for (int32_t& b : rq.bias)
      b = Uniform(rng, 0, 1) ? INT32_MAX - Uniform(rng, 0, 1000) : INT32_MIN + Uniform(rng, 0, 1000);
  }
  const int32_t* bias = bias_kind == 0 ? nullptr : rq.bias.data();
  const size_t n = static_cast<size_t>(p.batch) * p.out_depth;
  std::vector<int8_t> want(n);
  eb_fully_connected_s8_ref(&p, in.data(), filter.data(), bias, rq.mult.data(), rq.shift.data(), want.data());

  eb::test::RunEverySplit(v, p, in.data(), filter.data(), bias, rq.mult.data(), rq.shift.data(), n, int8_t{0x5a},
                          int8_t{0x5a}, [&](int split, const std::vector<int8_t>& got, int32_t tasks) {
                            for (size_t i = 0; i < n; ++i) {
                              ASSERT_EQ(got[i], want[i])
                                  << v.name << " split " << split << " output " << i << " batch " << p.batch << " in "
                                  << p.in_depth << " out " << p.out_depth << " in_zp " << p.in_zp << " per_channel "
                                  << p.per_channel << " usual " << usual << " bias " << bias_kind << " tasks " << tasks;
                            }
                          });
}

eb_fc_params RandomFc(std::mt19937& rng, int32_t batch, int32_t in_depth, int32_t out_depth) {
  eb_fc_params p{};
  p.batch = batch;
  p.in_depth = in_depth;
  p.out_depth = out_depth;
  p.in_zp = Uniform(rng, -128, 127);
  p.out_zp = Uniform(rng, -128, 127);
  const bool full = Uniform(rng, 0, 2) != 0;
  p.q_min = full ? -128 : Uniform(rng, -128, 0);
  p.q_max = full ? 127 : Uniform(rng, 0, 127);
  p.per_channel = Uniform(rng, 0, 1);
  return p;
}

class FcS8Gemm : public eb::test::GemmVariantTest<eb_fc_params> {};

INSTANTIATE_TEST_SUITE_P(X86, FcS8Gemm, ::testing::ValuesIn(kVariants), eb::test::GemmVariantName<eb_fc_params>);

TEST_P(FcS8Gemm, MatchesReferenceOnRandomShapes) {
  std::mt19937 rng(4041);
  for (int trial = 0; trial < 200; ++trial) {
    const int32_t batch = trial % 4 == 0 ? Uniform(rng, 1, 33) : Uniform(rng, 1, 3);
    const int32_t in_depth = trial % 3 == 0 ? Uniform(rng, 1, 300) : Uniform(rng, 1, 70);
    const int32_t out_depth = trial % 10 == 0 ? 128 : Uniform(rng, 1, 70);
    const eb_fc_params p = RandomFc(rng, batch, in_depth, out_depth);
    Check(GetParam(), p, rng, trial % 2 == 0, trial % 7 == 0 ? 0 : trial % 11 == 0 ? 2 : 1);
    if (HasFatalFailure()) return;
  }
}

// The AD autoencoder's 640 -> 128 and MNIST's 784 -> 10 at batch 1 and 32.
TEST_P(FcS8Gemm, MatchesReferenceOnLayerShapes) {
  std::mt19937 rng(4042);
  for (int32_t batch : {1, 32}) {
    for (const auto& [in_depth, out_depth] : {std::pair{640, 128}, std::pair{784, 10}}) {
      Check(GetParam(), RandomFc(rng, batch, in_depth, out_depth), rng, true, 1);
      if (HasFatalFailure()) return;
    }
  }
}

TEST_P(FcS8Gemm, DeclinesFilterZeroPointAndNonInt8) {
  std::mt19937 rng(4043);
  eb_fc_params p = RandomFc(rng, 1, 8, 8);
  EXPECT_TRUE(GetParam().applies(&p));
  p.filter_zp = 3;
  EXPECT_FALSE(GetParam().applies(&p));
  p.filter_zp = 0;
  p.in_zp = -129;
  EXPECT_FALSE(GetParam().applies(&p));
  p.in_zp = 0;
  p.q_min = 1;
  p.q_max = 0;
  EXPECT_FALSE(GetParam().applies(&p));
}

}  // namespace
