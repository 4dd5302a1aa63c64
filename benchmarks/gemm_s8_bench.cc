// int8 CONV_2D and FULLY_CONNECTED: the GEMM variants (AVX2 and AVX-512 through int16 widening + vpmaddwd,
// AVX-512 VNNI through vpdpbusd) against the reference kernels on the seed networks' and MLPerf Tiny's layer
// shapes, batch 1 and 32, one thread running every task of the call.
//
// Counters: GMAC/s (multiply-accumulates of the layer) and peak_share, achieved / the core's peak. Peak assumed
// (two 512-bit integer multiply pipes, as the kernel notes state it): VNNI 2 x 64 = 128 MAC/cycle (vpdpbusd:
// 64 u8 x s8 products per instruction), AVX-512 without VNNI 2 x 32 = 64 MAC/cycle (vpmaddwd: 32 int16
// products), AVX2 2 x 16 = 32 MAC/cycle; the reference is measured against the core's whole peak, 128. On a
// core that splits 512-bit operations in two (Zen 4) the reachable share is half of these. The clock is
// measured once by timing a chain of dependent integer adds (one per cycle); /proc/cpuinfo's nominal "cpu MHz"
// is in the context too.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bench_util.h"
#include "conv2d.h"
#include "cpu_x86.h"
#include "fully_connected.h"
#include "gemm_s8_x86.h"

namespace {

using eb::bench::CpuGHz;
using eb::bench::Variant;

std::vector<int8_t> Random(size_t n) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> d(-128, 127);
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(d(rng));
  return v;
}

// What converters write for real layers: a multiplier above 2^30 and a right shift (the fast path).
struct Requant {
  explicit Requant(int32_t n) : bias(n), mult(n), shift(n) {
    std::mt19937 rng(6);
    for (int32_t c = 0; c < n; ++c) {
      bias[c] = std::uniform_int_distribution<int32_t>(-20000, 20000)(rng);
      mult[c] = std::uniform_int_distribution<int32_t>((1 << 30) + 1, INT32_MAX)(rng);
      shift[c] = std::uniform_int_distribution<int32_t>(-10, -6)(rng);
    }
  }
  std::vector<int32_t> bias, mult, shift;
};

void Report(benchmark::State& state, double work, double peak_per_cycle) {
  eb::bench::Report(state, "GMAC/s", work, peak_per_cycle);
}

#define EB_VARIANT(op, isa, cpu, peak)                                                                          \
  {                                                                                                             \
    "gemm_" #isa, cpu, peak, eb_##op##_s8_gemm_##isa##_packed_bytes, eb_##op##_s8_gemm_##isa##_pack,         \
        eb_##op##_s8_gemm_##isa##_tasks, eb_##op##_s8_gemm_##isa##_scratch_bytes, eb_##op##_s8_gemm_##isa##_run \
  }
const Variant<eb_conv_params> kConvVariants[] = {
    EB_VARIANT(conv2d, avx2, eb_cpu_has_avx2, 32),
    EB_VARIANT(conv2d, avx512, eb_cpu_has_avx512, 64),
    EB_VARIANT(conv2d, avx512vnni, eb_cpu_has_avx512vnni, 128),
};
const Variant<eb_fc_params> kFcVariants[] = {
    EB_VARIANT(fully_connected, avx2, eb_cpu_has_avx2, 32),
    EB_VARIANT(fully_connected, avx512, eb_cpu_has_avx512, 64),
    EB_VARIANT(fully_connected, avx512vnni, eb_cpu_has_avx512vnni, 128),
};
#undef EB_VARIANT

struct ConvShape {
  const char* name;
  int32_t h, w, in_c, out_c, k, stride, pad_top, pad_left;
};

// MobileNetV2 for CIFAR-10 (models/mobilenetv2.onnx: its 3x3 stem, padded only below and right, and four
// pointwise layers), MLPerf Tiny VWW (MobileNetV1 0.25 at 96 x 96: its stem and pointwise layers, typical
// shapes), KWS DS-CNN's pointwise 64 -> 64 at 25 x 5, ResNet-8's 3x3 layers.
const ConvShape kConvShapes[] = {
    {"mnv2_stem_32x32x3_3x3s2_32", 32, 32, 3, 32, 3, 2, 0, 0}, {"mnv2_pw_16x16x32_16", 16, 16, 32, 16, 1, 1, 0, 0},
    {"mnv2_pw_16x16x16_96", 16, 16, 16, 96, 1, 1, 0, 0},       {"mnv2_pw_8x8x96_24", 8, 8, 96, 24, 1, 1, 0, 0},
    {"mnv2_pw_8x8x24_144", 8, 8, 24, 144, 1, 1, 0, 0},         {"mnv2_pw_8x8x144_24", 8, 8, 144, 24, 1, 1, 0, 0},
    {"mnv2_pw_4x4x144_32", 4, 4, 144, 32, 1, 1, 0, 0},         {"mnv2_pw_4x4x32_192", 4, 4, 32, 192, 1, 1, 0, 0},
    {"mnv2_pw_4x4x192_32", 4, 4, 192, 32, 1, 1, 0, 0},         {"mnv2_pw_2x2x192_64", 2, 2, 192, 64, 1, 1, 0, 0},
    {"mnv2_pw_2x2x64_384", 2, 2, 64, 384, 1, 1, 0, 0},         {"mnv2_pw_2x2x384_64", 2, 2, 384, 64, 1, 1, 0, 0},
    {"mnv2_pw_2x2x96_576", 2, 2, 96, 576, 1, 1, 0, 0},         {"mnv2_pw_2x2x576_96", 2, 2, 576, 96, 1, 1, 0, 0},
    {"mnv2_pw_1x1x576_160", 1, 1, 576, 160, 1, 1, 0, 0},       {"mnv2_pw_1x1x160_960", 1, 1, 160, 960, 1, 1, 0, 0},
    {"mnv2_pw_1x1x960_160", 1, 1, 960, 160, 1, 1, 0, 0},       {"mnv2_pw_1x1x320_1280", 1, 1, 320, 1280, 1, 1, 0, 0},       {"vww_stem_96x96x3_3x3s2_8", 96, 96, 3, 8, 3, 2, 0, 0},
    {"vww_pw_48x48x8_16", 48, 48, 8, 16, 1, 1, 0, 0},          {"vww_pw_24x24x32_32", 24, 24, 32, 32, 1, 1, 0, 0},
    {"vww_pw_12x12x64_64", 12, 12, 64, 64, 1, 1, 0, 0},        {"vww_pw_6x6x128_128", 6, 6, 128, 128, 1, 1, 0, 0},
    {"vww_pw_3x3x256_256", 3, 3, 256, 256, 1, 1, 0, 0},        {"kws_pw_25x5x64_64", 25, 5, 64, 64, 1, 1, 0, 0},
    {"resnet8_32x32x16_3x3_16", 32, 32, 16, 16, 3, 1, 1, 1},   {"resnet8_16x16x32_3x3_32", 16, 16, 32, 32, 3, 1, 1, 1},
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
  p.pad_top = s.pad_top;
  p.pad_left = s.pad_left;
  p.out_h = (s.h + s.stride - 1) / s.stride;  // SAME
  p.out_w = (s.w + s.stride - 1) / s.stride;
  p.depth_multiplier = 1;
  p.in_zp = -3;
  p.out_zp = 5;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

double ConvMacs(const eb_conv_params& p) {
  return static_cast<double>(p.batch) * p.out_h * p.out_w * p.out_c * p.k_h * p.k_w * p.in_c;
}

void BM_ConvRef(benchmark::State& state, ConvShape s, int32_t batch) {
  const eb_conv_params p = ConvParams(s, batch);
  const std::vector<int8_t> in = Random(static_cast<size_t>(batch) * s.h * s.w * s.in_c);
  const std::vector<int8_t> f = Random(static_cast<size_t>(s.out_c) * s.k * s.k * s.in_c);
  const Requant rq(s.out_c);
  std::vector<int8_t> out(static_cast<size_t>(batch) * p.out_h * p.out_w * s.out_c);
  for (auto _ : state) {
    eb_conv2d_s8_ref(&p, in.data(), f.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, ConvMacs(p), 128);
}

void BM_ConvGemm(benchmark::State& state, ConvShape s, int32_t batch, Variant<eb_conv_params> v) {
  if (!eb::bench::CpuHas(state, v)) return;
  const eb_conv_params p = ConvParams(s, batch);
  const std::vector<int8_t> in = Random(static_cast<size_t>(batch) * s.h * s.w * s.in_c);
  const std::vector<int8_t> f = Random(static_cast<size_t>(s.out_c) * s.k * s.k * s.in_c);
  const Requant rq(s.out_c);
  std::vector<int8_t> out(static_cast<size_t>(batch) * p.out_h * p.out_w * s.out_c);
  eb::bench::TimeVariant(state, v, p, in.data(), f.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(), out.data());
  Report(state, ConvMacs(p), v.peak);
}

struct FcShape {
  const char* name;
  int32_t in_depth, out_depth;
};

// The MLPerf Tiny anomaly-detection autoencoder's 640 -> 128, Dense1 (MNIST 784 -> 10).
const FcShape kFcShapes[] = {{"ad_640_128", 640, 128}, {"dense1_784_10", 784, 10}};

eb_fc_params FcParams(const FcShape& s, int32_t batch) {
  eb_fc_params p{};
  p.batch = batch;
  p.in_depth = s.in_depth;
  p.out_depth = s.out_depth;
  p.in_zp = -3;
  p.out_zp = 5;
  p.q_min = -128;
  p.q_max = 127;
  p.per_channel = 1;
  return p;
}

void BM_FcRef(benchmark::State& state, FcShape s, int32_t batch) {
  const eb_fc_params p = FcParams(s, batch);
  const std::vector<int8_t> in = Random(static_cast<size_t>(batch) * s.in_depth);
  const std::vector<int8_t> f = Random(static_cast<size_t>(s.out_depth) * s.in_depth);
  const Requant rq(s.out_depth);
  std::vector<int8_t> out(static_cast<size_t>(batch) * s.out_depth);
  for (auto _ : state) {
    eb_fully_connected_s8_ref(&p, in.data(), f.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(), out.data());
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, static_cast<double>(batch) * s.in_depth * s.out_depth, 128);
}

void BM_FcGemm(benchmark::State& state, FcShape s, int32_t batch, Variant<eb_fc_params> v) {
  if (!eb::bench::CpuHas(state, v)) return;
  const eb_fc_params p = FcParams(s, batch);
  const std::vector<int8_t> in = Random(static_cast<size_t>(batch) * s.in_depth);
  const std::vector<int8_t> f = Random(static_cast<size_t>(s.out_depth) * s.in_depth);
  const Requant rq(s.out_depth);
  std::vector<int8_t> out(static_cast<size_t>(batch) * s.out_depth);
  eb::bench::TimeVariant(state, v, p, in.data(), f.data(), rq.bias.data(), rq.mult.data(), rq.shift.data(), out.data());
  Report(state, static_cast<double>(batch) * s.in_depth * s.out_depth, v.peak);
}

const bool kRegistered = [] {
  CpuGHz();
  for (int32_t batch : {1, 32}) {
    eb::bench::RegisterShapes("Conv2dS8", batch, kConvShapes, BM_ConvRef, BM_ConvGemm, kConvVariants);
    eb::bench::RegisterShapes("FullyConnectedS8", batch, kFcShapes, BM_FcRef, BM_FcGemm, kFcVariants);
  }
  return true;
}();

}  // namespace
