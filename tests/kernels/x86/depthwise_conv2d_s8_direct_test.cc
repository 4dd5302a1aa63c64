// The int8 DEPTHWISE_CONV_2D x86 variants against eb_depthwise_conv2d_s8_ref, bit for bit, on random geometries
// (any filter size, stride, padding, dilation, depth multiplier, up to 70 channels, batches up to 33), zero
// points, usual and unusual per-channel requantisation, with and without bias, each layer run in one, two
// and three task ranges and in reverse order.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
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
  bool only_3x3;  // takes 3x3 filters of dilation 1, depth multiplier 1 and horizontal stride 1 or 2 alone
};

// Whether a variant must take p.
bool Takes(const Variant& v, const eb_conv_params& p) {
  if (!v.only_3x3) return true;
  return p.k_h == 3 && p.k_w == 3 && p.dil_h == 1 && p.dil_w == 1 && p.depth_multiplier == 1 && p.stride_w <= 2;
}

const Variant kVariants[] = {
    {"avx2", eb_cpu_has_avx2, eb_depthwise_conv2d_s8_direct_avx2_applies,
     eb_depthwise_conv2d_s8_direct_avx2_packed_bytes, eb_depthwise_conv2d_s8_direct_avx2_pack,
     eb_depthwise_conv2d_s8_direct_avx2_tasks, eb_depthwise_conv2d_s8_direct_avx2_scratch_bytes,
     eb_depthwise_conv2d_s8_direct_avx2_run, false},
    {"avx512", eb_cpu_has_avx512, eb_depthwise_conv2d_s8_direct_avx512_applies,
     eb_depthwise_conv2d_s8_direct_avx512_packed_bytes, eb_depthwise_conv2d_s8_direct_avx512_pack,
     eb_depthwise_conv2d_s8_direct_avx512_tasks, eb_depthwise_conv2d_s8_direct_avx512_scratch_bytes,
     eb_depthwise_conv2d_s8_direct_avx512_run, false},
    {"3x3_avx512vnni", eb_cpu_has_avx512vnni, eb_depthwise_conv2d_s8_3x3_avx512vnni_applies,
     eb_depthwise_conv2d_s8_3x3_avx512vnni_packed_bytes, eb_depthwise_conv2d_s8_3x3_avx512vnni_pack,
     eb_depthwise_conv2d_s8_3x3_avx512vnni_tasks, eb_depthwise_conv2d_s8_3x3_avx512vnni_scratch_bytes,
     eb_depthwise_conv2d_s8_3x3_avx512vnni_run, true},
};

struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<void, AlignedFree>;

Buffer Aligned(size_t bytes) {
  const size_t rounded = (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
  return Buffer(std::aligned_alloc(EB_X86_ALIGN, rounded == 0 ? EB_X86_ALIGN : rounded));
}

eb_conv_params Geometry(std::mt19937& rng, int max_c, int max_batch) {
  eb_conv_params p = eb::test::RandomConvGeometry(rng, true);
  p.in_c = eb::test::Uniform(rng, 1, max_c);
  p.out_c = p.in_c * p.depth_multiplier;
  p.batch = eb::test::Uniform(rng, 1, max_batch);
  return p;
}

// Runs every variant on p and expects the reference's bytes; returns the number of variants run.
int Check(const eb_conv_params& p, std::mt19937& rng, bool with_bias, bool usual) {
  const size_t in_n = static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c;
  const size_t out_n = static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c;
  const std::vector<int8_t> in = eb::test::RandomI8(rng, in_n);
  const std::vector<int8_t> filter = eb::test::RandomI8(rng, static_cast<size_t>(p.k_h) * p.k_w * p.out_c);
  const eb::test::Requant rq = eb::test::RandomRequant(rng, p.out_c, usual);
  const int32_t* bias = with_bias ? rq.bias.data() : nullptr;
  std::vector<int8_t> want(out_n);
  eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), bias, rq.mult.data(), rq.shift.data(), want.data());
  int ran = 0;
  for (const Variant& v : kVariants) {
    if (!v.has_isa()) continue;
    if (!Takes(v, p)) {
      EXPECT_FALSE(v.applies(&p)) << v.name;
      continue;
    }
    ++ran;
    EXPECT_TRUE(v.applies(&p)) << v.name;
    Buffer packed = Aligned(v.packed_bytes(&p));
    v.pack(&p, filter.data(), bias, rq.mult.data(), rq.shift.data(), packed.get());
    Buffer scratch = Aligned(v.scratch_bytes(&p));
    const int32_t tasks = v.tasks(&p);
    EXPECT_GE(tasks, 1);
    for (int split = 1; split <= 4; ++split) {
      // Output bytes no task writes would keep the reference's complement and show up.
      std::vector<int8_t> got(out_n);
      for (size_t i = 0; i < out_n; ++i) got[i] = static_cast<int8_t>(~want[i]);
      if (split <= 3) {
        for (int r = 0; r < split; ++r)
          v.run(&p, in.data(), packed.get(), got.data(), scratch.get(), tasks * r / split, tasks * (r + 1) / split);
      } else {
        for (int32_t t = tasks - 1; t >= 0; --t) v.run(&p, in.data(), packed.get(), got.data(), scratch.get(), t, t + 1);
      }
      size_t bad = 0;
      while (bad < out_n && got[bad] == want[bad]) ++bad;
      EXPECT_EQ(bad, out_n) << v.name << " split " << split << " first mismatch " << int{got[bad]} << " vs "
                            << int{want[bad]} << ": batch " << p.batch << " in " << p.in_h << "x" << p.in_w << "x"
                            << p.in_c << " k " << p.k_h << "x" << p.k_w << " s " << p.stride_h << "," << p.stride_w
                            << " d " << p.dil_h << "," << p.dil_w << " pad " << p.pad_top << "," << p.pad_left
                            << " dm " << p.depth_multiplier << " zp " << p.in_zp << "," << p.out_zp
                            << (usual ? " usual" : " any") << (with_bias ? "" : " no bias");
      if (bad != out_n) return ran;
    }
  }
  return ran;
}

bool AnyIsa() { return eb_cpu_has_avx2() || eb_cpu_has_avx512(); }

TEST(DepthwiseS8DirectX86, RandomGeometries) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(201);
  for (int i = 0; i < 400; ++i) {
    const eb_conv_params p = Geometry(rng, i % 2 ? 13 : 70, i % 10 == 0 ? 33 : 2);
    Check(p, rng, i % 4 != 0, i % 3 != 0);
  }
}

TEST(DepthwiseS8DirectX86, ThreeByThreeLayers) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(202);
  const int channels[] = {1, 7, 8, 15, 16, 17, 31, 32, 33, 48, 64, 70};
  for (int c : channels) {
    for (int stride = 1; stride <= 2; ++stride) {
      for (int pad = 0; pad <= 1; ++pad) {
        eb_conv_params p = eb::test::Depthwise3x3(eb::test::Uniform(rng, 3, 14), eb::test::Uniform(rng, 3, 14), c,
                                                  stride, stride, pad, pad);
        p.batch = eb::test::Uniform(rng, 1, 3);
        p.in_zp = eb::test::Uniform(rng, -128, 127);
        p.out_zp = eb::test::Uniform(rng, -128, 127);
        p.q_min = stride == 1 ? -128 : p.out_zp < 127 ? p.out_zp : 127;  // ReLU's clamp on some
        Check(p, rng, c % 2 == 0, pad == 0);
      }
    }
  }
}

// Extreme operands: every input at -128 against zero point 127 (x - zp = -255), filters at -128, left shifts.
TEST(DepthwiseS8DirectX86, ExtremeSums) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(203);
  eb_conv_params p = eb::test::Depthwise3x3(5, 6, 40, 1, 1, 1, 1);
  p.in_zp = 127;
  p.out_zp = -3;
  const size_t in_n = static_cast<size_t>(p.in_h) * p.in_w * p.in_c;
  const std::vector<int8_t> in(in_n, -128);
  const std::vector<int8_t> filter(9u * 40u, -128);
  eb::test::Requant rq = eb::test::RandomRequant(rng, 40, false);
  for (int c = 0; c < 40; c += 5) rq.shift[c] = 30;
  std::vector<int8_t> want(static_cast<size_t>(p.out_h) * p.out_w * p.out_c);
  eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(),
                             want.data());
  for (const Variant& v : kVariants) {
    if (!v.has_isa() || !Takes(v, p)) continue;
    Buffer packed = Aligned(v.packed_bytes(&p));
    v.pack(&p, filter.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(), packed.get());
    std::vector<int8_t> got(want.size());
    v.run(&p, in.data(), packed.get(), got.data(), nullptr, 0, v.tasks(&p));
    EXPECT_EQ(got, want) << v.name;
  }
}

TEST(DepthwiseS8DirectX86, Batch32OneCall) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(204);
  eb_conv_params p = eb::test::Depthwise3x3(6, 6, 40, 2, 2, 0, 0);
  p.batch = 32;
  p.in_zp = -5;
  p.out_zp = 9;
  EXPECT_EQ(Check(p, rng, true, true), 1 + eb_cpu_has_avx512() + eb_cpu_has_avx512vnni());
}

// MobileNetV2 CIFAR-10's depthwise layers (tiny images with many channels, stride 2 padded only below and
// right), then 3x3 layers with vertical strides up to 3, channel counts that pack several pixels into a
// vector, and shifts around the zero-point fold's limit (r <= 23) and up to r = 31.
TEST(DepthwiseS8DirectX86, MobileNetV2AndPackedPixels) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(205);
  struct L {
    int h, w, c, s, pad;
  };
  const L layers[] = {{16, 16, 32, 1, 1}, {16, 16, 96, 2, 0}, {8, 8, 144, 1, 1}, {8, 8, 144, 2, 0},
                      {4, 4, 192, 1, 1},  {4, 4, 192, 2, 0},  {2, 2, 384, 1, 1}, {2, 2, 576, 2, 0},
                      {1, 1, 960, 1, 1},  {1, 2, 130, 1, 1},  {3, 1, 16, 1, 1}};
  for (const L& l : layers) {
    for (int batch : {1, 3}) {
      eb_conv_params p = eb::test::Depthwise3x3(l.h, l.w, l.c, l.s, l.s, l.pad, l.pad);
      p.out_h = (l.h + l.s - 1) / l.s;  // SAME: the bottom and right pads are implicit
      p.out_w = (l.w + l.s - 1) / l.s;
      p.batch = batch;
      p.in_zp = eb::test::Uniform(rng, -128, 127);
      p.out_zp = eb::test::Uniform(rng, -128, 127);
      Check(p, rng, batch == 1, true);
    }
  }
  for (int i = 0; i < 60; ++i) {
    const int c = std::vector<int>{1, 2, 4, 8, 16, 32, 3, 24, 40, 64, 65}[static_cast<size_t>(i % 11)];
    const int h = eb::test::Uniform(rng, 1, 12), w = eb::test::Uniform(rng, 1, 40);
    const int pt = eb::test::Uniform(rng, 0, 1), pl = eb::test::Uniform(rng, 0, 1);
    if (h + 2 * pt < 3 || w + 2 * pl < 3) continue;
    eb_conv_params p =
        eb::test::Depthwise3x3(h, w, c, eb::test::Uniform(rng, 1, 3), eb::test::Uniform(rng, 1, 2), pt, pl);
    p.batch = eb::test::Uniform(rng, 1, 4);
    p.in_zp = eb::test::Uniform(rng, -128, 127);
    p.out_zp = eb::test::Uniform(rng, -128, 127);
    p.q_min = eb::test::Uniform(rng, -128, 0);
    p.q_max = eb::test::Uniform(rng, 0, 127);
    Check(p, rng, i % 3 != 0, i % 4 != 0);
  }
}

TEST(DepthwiseS8DirectX86, LargeShifts) {
  if (!AnyIsa()) GTEST_SKIP() << "CPU lacks AVX2";
  std::mt19937 rng(206);
  for (int lo : {-23, -24, -31}) {
    eb_conv_params p = eb::test::Depthwise3x3(5, 7, 48, 1, 1, 1, 1);
    p.in_zp = -128;
    p.out_zp = eb::test::Uniform(rng, -128, 127);
    const size_t in_n = static_cast<size_t>(p.in_h) * p.in_w * p.in_c;
    const std::vector<int8_t> in = eb::test::RandomI8(rng, in_n);
    const std::vector<int8_t> filter = eb::test::RandomI8(rng, 9u * 48u);
    eb::test::Requant rq = eb::test::RandomRequant(rng, 48, true);
    for (int c = 0; c < 48; ++c) {
      rq.mult[c] = eb::test::Uniform(rng, (1 << 30) + 1, INT32_MAX);
      rq.shift[c] = eb::test::Uniform(rng, lo, lo + 3 > -2 ? -2 : lo + 3);
      rq.bias[c] = eb::test::Uniform(rng, -2000000000, 2000000000);
    }
    std::vector<int8_t> want(static_cast<size_t>(p.out_h) * p.out_w * p.out_c);
    eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(),
                               want.data());
    for (const Variant& v : kVariants) {
      if (!v.has_isa()) continue;
      Buffer packed = Aligned(v.packed_bytes(&p));
      v.pack(&p, filter.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(), packed.get());
      std::vector<int8_t> got(want.size());
      v.run(&p, in.data(), packed.get(), got.data(), nullptr, 0, v.tasks(&p));
      EXPECT_EQ(got, want) << v.name << " shifts from " << lo;
    }
  }
}

}  // namespace
