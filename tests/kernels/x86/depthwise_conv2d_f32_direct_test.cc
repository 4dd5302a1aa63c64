// The float32 DEPTHWISE_CONV_2D x86 variants against eb_depthwise_conv2d_f32 on random geometries (any filter
// size, stride, padding, dilation, depth multiplier, up to 70 channels, batches up to 33), each layer run in
// one, two and three task ranges and in reverse order.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "cpu_x86.h"
#include "depthwise_conv2d.h"
#include "depthwise_x86.h"
#include "kernels/kernel_test_util.h"
#include "x86_variant.h"

namespace {

struct Variant {
  const char* name;
  int (*has_isa)();
  int (*applies)(const eb_conv_params*);
  size_t (*packed_bytes)(const eb_conv_params*);
  void (*pack)(const eb_conv_params*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const eb_conv_params*);
  size_t (*scratch_bytes)(const eb_conv_params*);
  void (*run)(const eb_conv_params*, const void*, const void*, void*, void*, int32_t, int32_t);
};

const Variant kVariants[] = {
    {"avx2", eb_cpu_has_avx2, eb_depthwise_conv2d_f32_direct_avx2_applies,
     eb_depthwise_conv2d_f32_direct_avx2_packed_bytes, eb_depthwise_conv2d_f32_direct_avx2_pack,
     eb_depthwise_conv2d_f32_direct_avx2_tasks, eb_depthwise_conv2d_f32_direct_avx2_scratch_bytes,
     eb_depthwise_conv2d_f32_direct_avx2_run},
    {"avx512", eb_cpu_has_avx512, eb_depthwise_conv2d_f32_direct_avx512_applies,
     eb_depthwise_conv2d_f32_direct_avx512_packed_bytes, eb_depthwise_conv2d_f32_direct_avx512_pack,
     eb_depthwise_conv2d_f32_direct_avx512_tasks, eb_depthwise_conv2d_f32_direct_avx512_scratch_bytes,
     eb_depthwise_conv2d_f32_direct_avx512_run},
};

struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<void, AlignedFree>;

Buffer Aligned(size_t bytes) {
  const size_t rounded = (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
  return Buffer(std::aligned_alloc(EB_X86_ALIGN, rounded == 0 ? EB_X86_ALIGN : rounded));
}

std::vector<float> RandomF32(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// The random geometry with the channel count, batch and clamp widened as asked.
eb_conv_params Geometry(std::mt19937& rng, int max_c, int max_batch) {
  eb_conv_params p = eb::test::RandomConvGeometry(rng, true);
  p.in_c = eb::test::Uniform(rng, 1, max_c);
  p.out_c = p.in_c * p.depth_multiplier;
  p.batch = eb::test::Uniform(rng, 1, max_batch);
  const int clamp = eb::test::Uniform(rng, 0, 2);
  p.act_min = clamp == 0 ? -std::numeric_limits<float>::infinity() : clamp == 1 ? 0.0f : -0.5f;
  p.act_max = clamp == 0 ? std::numeric_limits<float>::infinity() : clamp == 1 ? 6.0f : 0.5f;
  return p;
}

// Runs every variant on p and compares with the reference within 1e-5 of the sum of |products| (+ 1e-6).
void Check(const eb_conv_params& p, std::mt19937& rng, bool with_bias) {
  const size_t in_n = static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c;
  const size_t out_n = static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c;
  const std::vector<float> in = RandomF32(rng, in_n);
  const std::vector<float> filter = RandomF32(rng, static_cast<size_t>(p.k_h) * p.k_w * p.out_c);
  const std::vector<float> bias = RandomF32(rng, static_cast<size_t>(p.out_c));
  const float* b = with_bias ? bias.data() : nullptr;
  std::vector<float> want(out_n);
  eb_depthwise_conv2d_f32(&p, in.data(), filter.data(), b, want.data());
  // The tolerance's scale: the reference with |input| and |filter|.
  std::vector<float> abs_in(in_n), abs_f(filter.size()), scale(out_n);
  for (size_t i = 0; i < in_n; ++i) abs_in[i] = std::fabs(in[i]);
  for (size_t i = 0; i < filter.size(); ++i) abs_f[i] = std::fabs(filter[i]);
  eb_conv_params q = p;
  q.act_min = -std::numeric_limits<float>::infinity();
  q.act_max = std::numeric_limits<float>::infinity();
  eb_depthwise_conv2d_f32(&q, abs_in.data(), abs_f.data(), nullptr, scale.data());

  for (const Variant& v : kVariants) {
    if (!v.has_isa()) continue;
    ASSERT_TRUE(v.applies(&p)) << v.name;
    Buffer packed = Aligned(v.packed_bytes(&p));
    v.pack(&p, filter.data(), b, nullptr, nullptr, packed.get());
    Buffer scratch = Aligned(v.scratch_bytes(&p));
    const int32_t tasks = v.tasks(&p);
    ASSERT_GE(tasks, 1);
    for (int split = 1; split <= 4; ++split) {
      std::vector<float> got(out_n, std::numeric_limits<float>::quiet_NaN());
      if (split <= 3) {
        for (int r = 0; r < split; ++r)
          v.run(&p, in.data(), packed.get(), got.data(), scratch.get(), tasks * r / split, tasks * (r + 1) / split);
      } else {
        for (int32_t t = tasks - 1; t >= 0; --t) v.run(&p, in.data(), packed.get(), got.data(), scratch.get(), t, t + 1);
      }
      for (size_t i = 0; i < out_n; ++i) {
        ASSERT_NEAR(got[i], want[i], 1e-5f * scale[i] + 1e-6f)
            << v.name << " split " << split << " at " << i << ": batch " << p.batch << " in " << p.in_h << "x"
            << p.in_w << "x" << p.in_c << " k " << p.k_h << "x" << p.k_w << " s " << p.stride_h << "," << p.stride_w
            << " d " << p.dil_h << "," << p.dil_w << " pad " << p.pad_top << "," << p.pad_left << " dm "
            << p.depth_multiplier;
      }
    }
  }
}

bool AnyIsa() { return eb_cpu_has_avx2() || eb_cpu_has_avx512(); }

TEST(DepthwiseF32DirectX86, RandomGeometries) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(101);
  for (int i = 0; i < 300; ++i) {
    const eb_conv_params p = Geometry(rng, i % 2 ? 13 : 70, i % 10 == 0 ? 33 : 2);
    Check(p, rng, i % 4 != 0);
  }
}

TEST(DepthwiseF32DirectX86, ThreeByThreeLayers) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(102);
  const int channels[] = {1, 7, 8, 15, 16, 17, 31, 32, 33, 48, 64, 70};
  for (int c : channels) {
    for (int stride = 1; stride <= 2; ++stride) {
      for (int pad = 0; pad <= 1; ++pad) {
        eb_conv_params p = eb::test::Depthwise3x3(eb::test::Uniform(rng, 3, 14), eb::test::Uniform(rng, 3, 14), c,
                                                  stride, stride, pad, pad);
        p.batch = eb::test::Uniform(rng, 1, 3);
        p.act_min = 0.0f;
        p.act_max = 6.0f;
        Check(p, rng, c % 2 == 0);
      }
    }
  }
}

TEST(DepthwiseF32DirectX86, Batch32OneCall) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(103);
  eb_conv_params p = eb::test::Depthwise3x3(6, 6, 40, 1, 1, 1, 1);
  p.batch = 32;
  p.act_min = -std::numeric_limits<float>::infinity();
  p.act_max = std::numeric_limits<float>::infinity();
  Check(p, rng, true);
}

}  // namespace
