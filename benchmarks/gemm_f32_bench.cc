// float32 CONV_2D and FULLY_CONNECTED: the packed-weight GEMM variants (AVX2+FMA, AVX-512) and the indirect
// GEMM (the layers it takes) against the
// reference kernels on the seed networks' and MLPerf Tiny's layer shapes, batch 1 and 32, one thread running
// every task of the call.
//
// Counters: GFLOP/s (2 flops per multiply-accumulate of the layer) and peak_share, achieved / the core's
// peak. Peak assumed: two FMA pipes per core (Zen 4/5, Skylake-SP and later), so AVX-512 f32 =
// 2 x 16 lanes x 2 = 64 flop/cycle and AVX2 f32 = 2 x 8 x 2 = 32 flop/cycle; the reference is measured against
// the core's whole (AVX-512) peak, 64. The clock is measured (bench_util.h says why and how).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bench_util.h"
#include "conv2d.h"
#include "conv2d_f32_igemm_x86.h"
#include "cpu_x86.h"
#include "fully_connected.h"
#include "gemm_f32_x86.h"

namespace {

using eb::bench::CpuGHz;
using eb::bench::Variant;

std::vector<float> Random(size_t n) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

void Report(benchmark::State& state, double work, double peak_per_cycle) {
  eb::bench::Report(state, "GFLOP/s", work, peak_per_cycle);
}

const Variant<eb_conv_params> kConvVariants[] = {
    {"gemm_avx2", eb_cpu_has_avx2, 32, eb_conv2d_f32_gemm_avx2_packed_bytes, eb_conv2d_f32_gemm_avx2_pack,
     eb_conv2d_f32_gemm_avx2_tasks, eb_conv2d_f32_gemm_avx2_scratch_bytes, eb_conv2d_f32_gemm_avx2_run},
    {"gemm_avx512", eb_cpu_has_avx512, 64, eb_conv2d_f32_gemm_avx512_packed_bytes, eb_conv2d_f32_gemm_avx512_pack,
     eb_conv2d_f32_gemm_avx512_tasks, eb_conv2d_f32_gemm_avx512_scratch_bytes, eb_conv2d_f32_gemm_avx512_run},
    {"igemm_avx2", eb_cpu_has_avx2, 32, eb_conv2d_f32_igemm_avx2_packed_bytes, eb_conv2d_f32_igemm_avx2_pack,
     eb_conv2d_f32_igemm_avx2_tasks, eb_conv2d_f32_igemm_avx2_scratch_bytes, eb_conv2d_f32_igemm_avx2_run,
     eb_conv2d_f32_igemm_avx2_applies},
    {"igemm_avx512", eb_cpu_has_avx512, 64, eb_conv2d_f32_igemm_avx512_packed_bytes, eb_conv2d_f32_igemm_avx512_pack,
     eb_conv2d_f32_igemm_avx512_tasks, eb_conv2d_f32_igemm_avx512_scratch_bytes, eb_conv2d_f32_igemm_avx512_run,
     eb_conv2d_f32_igemm_avx512_applies},
};

const Variant<eb_fc_params> kFcVariants[] = {
    {"gemm_avx2", eb_cpu_has_avx2, 32, eb_fully_connected_f32_gemm_avx2_packed_bytes, eb_fully_connected_f32_gemm_avx2_pack,
     eb_fully_connected_f32_gemm_avx2_tasks, eb_fully_connected_f32_gemm_avx2_scratch_bytes,
     eb_fully_connected_f32_gemm_avx2_run},
    {"gemm_avx512", eb_cpu_has_avx512, 64, eb_fully_connected_f32_gemm_avx512_packed_bytes,
     eb_fully_connected_f32_gemm_avx512_pack, eb_fully_connected_f32_gemm_avx512_tasks,
     eb_fully_connected_f32_gemm_avx512_scratch_bytes, eb_fully_connected_f32_gemm_avx512_run},
};

struct ConvShape {
  const char* name;
  int32_t h, w, in_c, out_c, k, stride, pad;  // pad: top and left (SAME with stride 2 pads only after)
};

// Conv3Dense1 (MNIST), MobileNetV2 for CIFAR-10 (first conv and three pointwise layers), MLPerf Tiny ResNet-8.
const ConvShape kConvShapes[] = {
    {"conv3dense1_c1_28x28x1_3x3s2_32", 28, 28, 1, 32, 3, 2, 0},
    {"conv3dense1_c2_14x14x32_3x3s2_64", 14, 14, 32, 64, 3, 2, 0},
    {"conv3dense1_c3_7x7x64_7x7_32", 7, 7, 64, 32, 7, 1, 0},
    {"mnv2_first_32x32x3_3x3s2_32", 32, 32, 3, 32, 3, 2, 0},
    {"mnv2_pw_16x16x16_96", 16, 16, 16, 96, 1, 1, 0},
    {"mnv2_pw_8x8x96_24", 8, 8, 96, 24, 1, 1, 0},
    {"mnv2_pw_4x4x192_32", 4, 4, 192, 32, 1, 1, 0},
    {"resnet8_32x32x16_3x3_16", 32, 32, 16, 16, 3, 1, 1},
    {"resnet8_16x16x32_3x3_32", 16, 16, 32, 32, 3, 1, 1},
};

eb_conv_params ConvParams(const ConvShape& s, int32_t batch) {
  eb_conv_params p{};
  p.batch = batch;
  p.in_h = s.h;
  p.in_w = s.w;
  p.in_c = s.in_c;
  p.out_c = s.out_c;
  p.k_h = p.k_w = s.k;
  p.stride_h = p.stride_w = s.stride;
  p.dil_h = p.dil_w = 1;
  p.pad_top = p.pad_left = s.pad;
  // TFLite SAME: out = ceil(in / stride); VALID (the 7x7 layer): in - k + 1.
  const bool valid = s.k == s.h;
  p.out_h = valid ? 1 : (s.h + s.stride - 1) / s.stride;
  p.out_w = valid ? 1 : (s.w + s.stride - 1) / s.stride;
  p.depth_multiplier = 1;
  p.act_min = 0.0f;
  p.act_max = 6.0f;
  return p;
}

double ConvFlops(const eb_conv_params& p) {
  return 2.0 * p.batch * p.out_h * p.out_w * p.out_c * p.k_h * p.k_w * p.in_c;
}

void BM_ConvRef(benchmark::State& state, ConvShape s, int32_t batch) {
  const eb_conv_params p = ConvParams(s, batch);
  const std::vector<float> in = Random(static_cast<size_t>(batch) * s.h * s.w * s.in_c);
  const std::vector<float> f = Random(static_cast<size_t>(s.out_c) * s.k * s.k * s.in_c), b = Random(s.out_c);
  std::vector<float> out(static_cast<size_t>(batch) * p.out_h * p.out_w * s.out_c);
  for (auto _ : state) {
    eb_conv2d_f32(&p, in.data(), f.data(), b.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, ConvFlops(p), 64);
}

void BM_ConvGemm(benchmark::State& state, ConvShape s, int32_t batch, Variant<eb_conv_params> v) {
  const eb_conv_params p = ConvParams(s, batch);
  if (!eb::bench::Takes(state, v, p)) return;
  const std::vector<float> in = Random(static_cast<size_t>(batch) * s.h * s.w * s.in_c);
  const std::vector<float> f = Random(static_cast<size_t>(s.out_c) * s.k * s.k * s.in_c), b = Random(s.out_c);
  std::vector<float> out(static_cast<size_t>(batch) * p.out_h * p.out_w * s.out_c);
  eb::bench::TimeVariant(state, v, p, in.data(), f.data(), b.data(), nullptr, nullptr, out.data());
  Report(state, ConvFlops(p), v.peak);
}

struct FcShape {
  const char* name;
  int32_t in_depth, out_depth;
};

// Dense1 (MNIST 784 -> 10), the MLPerf Tiny anomaly-detection autoencoder's 640 -> 128, Conv3Dense1's dense.
const FcShape kFcShapes[] = {{"dense1_784_10", 784, 10}, {"ad_640_128", 640, 128}, {"conv3dense1_32_10", 32, 10}};

eb_fc_params FcParams(const FcShape& s, int32_t batch) {
  eb_fc_params p{};
  p.batch = batch;
  p.in_depth = s.in_depth;
  p.out_depth = s.out_depth;
  p.act_min = -3.4e38f;
  p.act_max = 3.4e38f;
  return p;
}

void BM_FcRef(benchmark::State& state, FcShape s, int32_t batch) {
  const eb_fc_params p = FcParams(s, batch);
  const std::vector<float> in = Random(static_cast<size_t>(batch) * s.in_depth);
  const std::vector<float> f = Random(static_cast<size_t>(s.out_depth) * s.in_depth), b = Random(s.out_depth);
  std::vector<float> out(static_cast<size_t>(batch) * s.out_depth);
  for (auto _ : state) {
    eb_fully_connected_f32(&p, in.data(), f.data(), b.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, 2.0 * batch * s.in_depth * s.out_depth, 64);
}

void BM_FcGemm(benchmark::State& state, FcShape s, int32_t batch, Variant<eb_fc_params> v) {
  if (!eb::bench::CpuHas(state, v)) return;
  const eb_fc_params p = FcParams(s, batch);
  const std::vector<float> in = Random(static_cast<size_t>(batch) * s.in_depth);
  const std::vector<float> f = Random(static_cast<size_t>(s.out_depth) * s.in_depth), b = Random(s.out_depth);
  std::vector<float> out(static_cast<size_t>(batch) * s.out_depth);
  eb::bench::TimeVariant(state, v, p, in.data(), f.data(), b.data(), nullptr, nullptr, out.data());
  Report(state, 2.0 * batch * s.in_depth * s.out_depth, v.peak);
}

const bool kRegistered = [] {
  CpuGHz();
  for (int32_t batch : {1, 32}) {
    eb::bench::RegisterShapes("Conv2dF32", batch, kConvShapes, BM_ConvRef, BM_ConvGemm, kConvVariants);
    eb::bench::RegisterShapes("FullyConnectedF32", batch, kFcShapes, BM_FcRef, BM_FcGemm, kFcVariants);
  }
  return true;
}();

}  // namespace
