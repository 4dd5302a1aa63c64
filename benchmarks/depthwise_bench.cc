// DEPTHWISE_CONV_2D kernels on real layer shapes: the reference kernels and every x86 variant, float32 and
// int8, batch 1 and 32. Shapes: MobileNetV2 CIFAR-10 (models/mobilenetv2.onnx), MLPerf Tiny VWW MobileNetV1
// 96x96 (vww_96_int8.tflite: SAME padding, stride 2 pads only the bottom/right) and KWS DS-CNN
// (kws_ref_model.tflite), all 3x3, depth multiplier 1.
//
// Counters: GMAC/s (MACs = out pixels x channels x 9, padded taps included) and, for float32, GFLOP/s
// (2 flops a MAC); peak_share = achieved / one core's peak at /proc/cpuinfo's "cpu MHz". Assumed peaks per
// cycle (Zen 5 class core, two 512-bit FMA / vector-integer multiply pipes):
//   float32: AVX-512 2 FMA x 16 lanes x 2 = 64 flop, AVX2 2 x 8 x 2 = 32 flop;
//   int8 without VNNI (vpmaddwd, 2 MACs per int32 lane): AVX-512 2 x 32 = 64 MAC, AVX2 2 x 16 = 32 MAC;
//   int8 VNNI (vpdpbusd, 4 MACs per int32 lane): 2 x 64 = 128 MAC.
// The scalar reference kernels are measured against the AVX-512 peak of their dtype (the machine's).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cpu_x86.h"
#include "depthwise_conv2d.h"
#include "depthwise_x86.h"
#include "x86_variant.h"

namespace {

struct Shape {
  const char* name;
  int32_t h, w, c, stride, pad;
};

const Shape kShapes[] = {
    {"mnv2_16x16x32_s1", 16, 16, 32, 1, 1},  {"mnv2_16x16x96_s2", 16, 16, 96, 2, 0},
    {"mnv2_8x8x144_s1", 8, 8, 144, 1, 1},    {"mnv2_8x8x144_s2", 8, 8, 144, 2, 0},
    {"mnv2_4x4x192_s1", 4, 4, 192, 1, 1},    {"mnv2_4x4x192_s2", 4, 4, 192, 2, 0},
    {"mnv2_2x2x384_s1", 2, 2, 384, 1, 1},    {"mnv2_2x2x576_s1", 2, 2, 576, 1, 1},
    {"mnv2_2x2x576_s2", 2, 2, 576, 2, 0},    {"mnv2_1x1x960_s1", 1, 1, 960, 1, 1},
    {"vww_48x48x8_s1", 48, 48, 8, 1, 1},     {"vww_48x48x16_s2", 48, 48, 16, 2, 0},
    {"vww_24x24x32_s1", 24, 24, 32, 1, 1},   {"vww_12x12x64_s1", 12, 12, 64, 1, 1},
    {"vww_6x6x128_s1", 6, 6, 128, 1, 1},     {"kws_25x5x64_s1", 25, 5, 64, 1, 1},
};

double CpuHz() {
  static const double hz = [] {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line)) {
      if (line.rfind("cpu MHz", 0) == 0) return std::atof(line.substr(line.find(':') + 1).c_str()) * 1e6;
    }
    return 0.0;
  }();
  return hz;
}

eb_conv_params Params(const Shape& s, int32_t batch) {
  eb_conv_params p{};
  p.batch = batch;
  p.in_h = s.h;
  p.in_w = s.w;
  p.in_c = p.out_c = s.c;
  p.k_h = p.k_w = 3;
  p.stride_h = p.stride_w = s.stride;
  p.dil_h = p.dil_w = 1;
  p.pad_top = p.pad_left = s.pad;
  p.out_h = (s.h + s.stride - 1) / s.stride;  // SAME
  p.out_w = (s.w + s.stride - 1) / s.stride;
  p.depth_multiplier = 1;
  p.act_min = 0.0f;
  p.act_max = 6.0f;
  p.in_zp = -128;
  p.out_zp = -128;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

double Macs(const eb_conv_params& p) {
  return static_cast<double>(p.batch) * p.out_h * p.out_w * p.out_c * p.k_h * p.k_w;
}

struct AlignedFree {
  void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<void, AlignedFree>;
Buffer Aligned(size_t bytes) {
  return Buffer(std::aligned_alloc(EB_X86_ALIGN, (bytes + EB_X86_ALIGN) / EB_X86_ALIGN * EB_X86_ALIGN));
}

struct Variant {
  const char* name;
  int (*has_isa)();
  double peak;  // MACs per cycle
  size_t (*packed_bytes)(const eb_conv_params*);
  void (*pack)(const eb_conv_params*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const eb_conv_params*);
  void (*run)(const eb_conv_params*, const void*, const void*, void*, void*, int32_t, int32_t);
};

void Report(benchmark::State& state, const eb_conv_params& p, double peak_macs, bool is_float) {
  const double macs = Macs(p) * static_cast<double>(state.iterations());
  state.counters["GMAC/s"] = benchmark::Counter(macs / 1e9, benchmark::Counter::kIsRate);
  if (is_float) state.counters["GFLOP/s"] = benchmark::Counter(2 * macs / 1e9, benchmark::Counter::kIsRate);
  state.counters["peak_share"] = benchmark::Counter(macs / (peak_macs * CpuHz()), benchmark::Counter::kIsRate);
}

void BenchF32(benchmark::State& state, Shape s, int32_t batch, const Variant* v) {
  if (v && !v->has_isa()) {
    state.SkipWithError("CPU lacks the variant's ISA");
    return;
  }
  const eb_conv_params p = Params(s, batch);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> in(static_cast<size_t>(batch) * s.h * s.w * s.c), filter(9u * s.c), bias(s.c);
  for (float& x : in) x = d(rng);
  for (float& x : filter) x = d(rng);
  for (float& x : bias) x = d(rng);
  std::vector<float> out(static_cast<size_t>(batch) * p.out_h * p.out_w * p.out_c);
  if (!v) {
    for (auto _ : state) {
      eb_depthwise_conv2d_f32(&p, in.data(), filter.data(), bias.data(), out.data());
      benchmark::DoNotOptimize(out.data());
    }
    Report(state, p, 32.0, true);
    return;
  }
  Buffer packed = Aligned(v->packed_bytes(&p));
  v->pack(&p, filter.data(), bias.data(), nullptr, nullptr, packed.get());
  const int32_t tasks = v->tasks(&p);
  for (auto _ : state) {
    v->run(&p, in.data(), packed.get(), out.data(), nullptr, 0, tasks);
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, p, v->peak, true);
}

void BenchS8(benchmark::State& state, Shape s, int32_t batch, const Variant* v) {
  if (v && !v->has_isa()) {
    state.SkipWithError("CPU lacks the variant's ISA");
    return;
  }
  const eb_conv_params p = Params(s, batch);
  std::mt19937 rng(2);
  std::uniform_int_distribution<int> d8(-128, 127), db(-5000, 5000), dm((1 << 30) + 1, INT32_MAX), ds(-9, -5);
  std::vector<int8_t> in(static_cast<size_t>(batch) * s.h * s.w * s.c), filter(9u * s.c);
  std::vector<int32_t> bias(s.c), mult(s.c), shift(s.c);
  for (int8_t& x : in) x = static_cast<int8_t>(d8(rng));
  for (int8_t& x : filter) x = static_cast<int8_t>(d8(rng));
  for (int32_t c = 0; c < s.c; ++c) {
    bias[c] = db(rng);
    mult[c] = dm(rng);
    shift[c] = ds(rng);
  }
  std::vector<int8_t> out(static_cast<size_t>(batch) * p.out_h * p.out_w * p.out_c);
  if (!v) {
    for (auto _ : state) {
      eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), bias.data(), mult.data(), shift.data(), out.data());
      benchmark::DoNotOptimize(out.data());
    }
    Report(state, p, 64.0, false);
    return;
  }
  Buffer packed = Aligned(v->packed_bytes(&p));
  v->pack(&p, filter.data(), bias.data(), mult.data(), shift.data(), packed.get());
  const int32_t tasks = v->tasks(&p);
  for (auto _ : state) {
    v->run(&p, in.data(), packed.get(), out.data(), nullptr, 0, tasks);
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, p, v->peak, false);
}

// Peaks in MACs per cycle (flops / 2 for float32).
const Variant kF32[] = {
    {"avx2", eb_cpu_has_avx2, 16.0, eb_depthwise_conv2d_f32_direct_avx2_packed_bytes,
     eb_depthwise_conv2d_f32_direct_avx2_pack, eb_depthwise_conv2d_f32_direct_avx2_tasks,
     eb_depthwise_conv2d_f32_direct_avx2_run},
    {"avx512", eb_cpu_has_avx512, 32.0, eb_depthwise_conv2d_f32_direct_avx512_packed_bytes,
     eb_depthwise_conv2d_f32_direct_avx512_pack, eb_depthwise_conv2d_f32_direct_avx512_tasks,
     eb_depthwise_conv2d_f32_direct_avx512_run},
};
const Variant kS8[] = {
    {"avx2", eb_cpu_has_avx2, 32.0, eb_depthwise_conv2d_s8_direct_avx2_packed_bytes,
     eb_depthwise_conv2d_s8_direct_avx2_pack, eb_depthwise_conv2d_s8_direct_avx2_tasks,
     eb_depthwise_conv2d_s8_direct_avx2_run},
    {"avx512", eb_cpu_has_avx512, 64.0, eb_depthwise_conv2d_s8_direct_avx512_packed_bytes,
     eb_depthwise_conv2d_s8_direct_avx512_pack, eb_depthwise_conv2d_s8_direct_avx512_tasks,
     eb_depthwise_conv2d_s8_direct_avx512_run},
    {"3x3_avx512vnni", eb_cpu_has_avx512vnni, 128.0, eb_depthwise_conv2d_s8_3x3_avx512vnni_packed_bytes,
     eb_depthwise_conv2d_s8_3x3_avx512vnni_pack, eb_depthwise_conv2d_s8_3x3_avx512vnni_tasks,
     eb_depthwise_conv2d_s8_3x3_avx512vnni_run},
};

const int kRegistered = [] {
  for (const Shape& s : kShapes) {
    for (int32_t batch : {1, 32}) {
      const std::string tail = std::string("/") + s.name + "/b" + std::to_string(batch);
      benchmark::RegisterBenchmark(("depthwise_f32_ref" + tail).c_str(), BenchF32, s, batch, nullptr);
      for (const Variant& v : kF32)
        benchmark::RegisterBenchmark((std::string("depthwise_f32_direct_") + v.name + tail).c_str(), BenchF32, s,
                                     batch, &v);
      benchmark::RegisterBenchmark(("depthwise_s8_ref" + tail).c_str(), BenchS8, s, batch, nullptr);
      for (const Variant& v : kS8)
        benchmark::RegisterBenchmark((std::string("depthwise_s8_direct_") + v.name + tail).c_str(), BenchS8, s,
                                     batch, &v);
    }
  }
  return 0;
}();

}  // namespace
