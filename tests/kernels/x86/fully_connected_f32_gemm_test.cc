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
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Uniform;

struct Variant {
  const char* name;
  int (*cpu)();
  const char* isa;
  int (*applies)(const eb_fc_params*);
  size_t (*packed_bytes)(const eb_fc_params*);
  void (*pack)(const eb_fc_params*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const eb_fc_params*);
  size_t (*scratch_bytes)(const eb_fc_params*);
  void (*run)(const eb_fc_params*, const void*, const void*, void*, void*, int32_t, int32_t);
};

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

struct Aligned {
  explicit Aligned(size_t bytes) : p(std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64)) {}
  ~Aligned() { std::free(p); }
  Aligned(const Aligned&) = delete;
  Aligned& operator=(const Aligned&) = delete;
  void* p;
};

std::vector<float> RandomF32(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

void Check(const Variant& v, const eb_fc_params& p, const std::vector<float>& in, const std::vector<float>& filter,
           const float* bias, const std::vector<float>& want, const std::vector<float>& bound) {
  ASSERT_TRUE(v.applies(&p));
  Aligned packed(v.packed_bytes(&p));
  v.pack(&p, filter.data(), bias, nullptr, nullptr, packed.p);
  const int32_t tasks = v.tasks(&p);
  ASSERT_GE(tasks, 1);
  ASSERT_LE(tasks, 64);
  const size_t scratch_bytes = v.scratch_bytes(&p);
  Aligned s0(scratch_bytes), s1(scratch_bytes), s2(scratch_bytes);
  void* scratch[3] = {s0.p, s1.p, s2.p};
  const size_t n = static_cast<size_t>(p.batch) * p.out_depth;
  for (int split = 0; split < 4; ++split) {
    std::vector<float> got(n + 16, std::numeric_limits<float>::quiet_NaN());
    const float sentinel = 12345.0f;
    for (size_t i = n; i < n + 16; ++i) got[i] = sentinel;
    if (split < 3) {
      const int parts = split + 1;
      for (int part = 0; part < parts; ++part) {
        const int32_t b = tasks * part / parts, e = tasks * (part + 1) / parts;
        v.run(&p, in.data(), packed.p, got.data(), scratch[part], b, e);
      }
    } else {
      for (int32_t t = tasks - 1; t >= 0; --t) v.run(&p, in.data(), packed.p, got.data(), scratch[t % 3], t, t + 1);
    }
    for (size_t i = 0; i < n; ++i) {
      ASSERT_LE(std::fabs(got[i] - want[i]), bound[i])
          << v.name << " split " << split << " output " << i << " got " << got[i] << " want " << want[i] << " batch "
          << p.batch << " in " << p.in_depth << " out " << p.out_depth << " tasks " << tasks;
    }
    for (size_t i = n; i < n + 16; ++i) ASSERT_EQ(got[i], sentinel) << v.name << " wrote past the output";
  }
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

class FullyConnectedF32Gemm : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    if (!GetParam().cpu()) GTEST_SKIP() << "CPU lacks " << GetParam().isa;
  }
};

INSTANTIATE_TEST_SUITE_P(X86, FullyConnectedF32Gemm, ::testing::ValuesIn(kVariants),
                         [](const ::testing::TestParamInfo<Variant>& info) { return std::string(info.param.name); });

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
