// The cheap ops between convolutions on real shapes: MAX/AVERAGE_POOL_2D (float32, int8), MEAN, ADD, MUL and
// SOFTMAX (float32), the reference kernel and each x86 variant, batch 1 and 32.
//
// Shapes: Conv3Dense1 has no pool (it downsamples with strided convolutions), so the max pool is the usual
// 2 x 2 / 2 over an MNIST-sized 28 x 28 x 32 map; MobileNetV2 CIFAR-10 (models/mobilenetv2.onnx): residual
// ADDs 8x8x24, 4x4x32, 2x2x64 and the global mean over 1 x 1 x 1280 (the net is at 1 x 1 by then); MLPerf Tiny
// ResNet-8 ADD 32x32x16 and its global pool 8x8x64, VWW's global average pool 3x3x256 and KWS's 25x5x64;
// softmax of 10 classes. MUL also with a per-channel vector (16x16x32 by [32]) and a scalar.
//
// Counters: GB/s (bytes of every input read once plus the output written), Gelem/s (output elements), and
// peak_share = achieved bytes per cycle / the core's L1 bandwidth at /proc/cpuinfo's "cpu MHz". These ops do
// at most a few operations a byte, so bandwidth, not arithmetic, is their ceiling. Assumed L1 peaks (Zen 5
// class core): AVX-512 2 loads + 1 store of 64 B = 192 B/cycle, AVX2 2 loads + 1 store of 32 B = 96 B/cycle;
// the scalar references are measured against the AVX-512 figure (the machine's).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "add.h"
#include "average_pool2d.h"
#include "cpu_x86.h"
#include "elementwise_x86.h"
#include "max_pool2d.h"
#include "mean.h"
#include "mul.h"
#include "softmax.h"

namespace {

constexpr double kPeakAvx512 = 192.0, kPeakAvx2 = 96.0;  // bytes per cycle

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

// One measured call: what it moves, and a factory that makes its buffers and returns the call.
struct Case {
  double bytes, elems, peak;
  std::function<std::function<void()>()> make;
};

void Register(const std::string& name, int (*has_isa)(), Case c) {
  benchmark::RegisterBenchmark(name.c_str(), [c, has_isa](benchmark::State& state) {
    if (has_isa && !has_isa()) {
      state.SkipWithError("CPU lacks the variant's ISA");
      return;
    }
    const std::function<void()> call = c.make();
    for (auto _ : state) {
      call();
      benchmark::ClobberMemory();
    }
    const double n = static_cast<double>(state.iterations());
    state.counters["GB/s"] = benchmark::Counter(c.bytes * n / 1e9, benchmark::Counter::kIsRate);
    state.counters["Gelem/s"] = benchmark::Counter(c.elems * n / 1e9, benchmark::Counter::kIsRate);
    state.counters["peak_share"] = benchmark::Counter(c.bytes * n / (c.peak * CpuHz()), benchmark::Counter::kIsRate);
  });
}

template <typename T>
std::shared_ptr<std::vector<T>> RandomBuffer(size_t n, uint32_t seed) {
  auto v = std::make_shared<std::vector<T>>(n);
  std::mt19937 rng(seed);
  if constexpr (std::is_same_v<T, float>) {
    std::uniform_real_distribution<float> d(-4.0f, 4.0f);
    for (T& x : *v) x = d(rng);
  } else {
    std::uniform_int_distribution<int> d(-128, 127);
    for (T& x : *v) x = static_cast<T>(d(rng));
  }
  return v;
}

// ---- pools ----

struct PoolShape {
  const char* name;
  int32_t h, w, c, k, stride;  // VALID padding
};
const PoolShape kMaxPools[] = {{"mnist_28x28x32_k2s2", 28, 28, 32, 2, 2}};
const PoolShape kAvgPools[] = {{"vww_3x3x256_global", 3, 3, 256, 3, 3},
                               {"kws_25x5x64_global", 25, 5, 64, 0, 0},
                               {"resnet8_8x8x64_global", 8, 8, 64, 8, 8}};

eb_pool_params PoolParams(const PoolShape& s, int32_t batch) {
  eb_pool_params p{};
  p.batch = batch;
  p.in_h = s.h;
  p.in_w = s.w;
  p.channels = s.c;
  p.k_h = s.k ? s.k : s.h;  // k 0: the whole image
  p.k_w = s.k ? s.k : s.w;
  p.stride_h = s.stride ? s.stride : s.h;
  p.stride_w = s.stride ? s.stride : s.w;
  p.out_h = (s.h - p.k_h) / p.stride_h + 1;
  p.out_w = (s.w - p.k_w) / p.stride_w + 1;
  p.act_min = -INFINITY;
  p.act_max = INFINITY;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

using PoolRun = void (*)(const eb_pool_params*, const void*, const void*, void*, void*, int32_t, int32_t);
using PoolTasks = int32_t (*)(const eb_pool_params*);

template <typename T>
void RegisterPool(const std::string& op, const PoolShape& s, int32_t batch, void (*ref)(const eb_pool_params*, const T*, T*),
                  PoolTasks avx2_tasks, PoolRun avx2, PoolTasks avx512_tasks, PoolRun avx512) {
  const eb_pool_params p = PoolParams(s, batch);
  const size_t in_n = static_cast<size_t>(batch) * s.h * s.w * s.c, out_n = static_cast<size_t>(batch) * p.out_h * p.out_w * s.c;
  const double bytes = static_cast<double>((in_n + out_n) * sizeof(T));
  const std::string tail = std::string("/") + s.name + "/b" + std::to_string(batch);
  auto make_ref = [=] {
    auto in = RandomBuffer<T>(in_n, 1);
    auto out = std::make_shared<std::vector<T>>(out_n);
    return std::function<void()>([=] { ref(&p, in->data(), out->data()); });
  };
  auto make_var = [=](PoolTasks tasks, PoolRun run) {
    return [=] {
      auto in = RandomBuffer<T>(in_n, 1);
      auto out = std::make_shared<std::vector<T>>(out_n);
      const int32_t t = tasks(&p);
      return std::function<void()>([=] { run(&p, in->data(), nullptr, out->data(), nullptr, 0, t); });
    };
  };
  Register(op + "_ref" + tail, nullptr, {bytes, double(out_n), kPeakAvx512, make_ref});
  Register(op + "_direct_avx2" + tail, eb_cpu_has_avx2, {bytes, double(out_n), kPeakAvx2, make_var(avx2_tasks, avx2)});
  Register(op + "_direct_avx512" + tail, eb_cpu_has_avx512,
           {bytes, double(out_n), kPeakAvx512, make_var(avx512_tasks, avx512)});
}

// ---- binary ----

struct BinaryShape {
  const char* name;
  std::vector<int32_t> a, b;  // without the batch
};

using BinaryRun = void (*)(const eb_binary_params*, const void* const*, const void*, void*, void*, int32_t, int32_t);
using BinaryTasks = int32_t (*)(const eb_binary_params*);

void RegisterBinary(const std::string& op, const BinaryShape& s, int32_t batch,
                    void (*ref)(const eb_binary_params*, const float*, const float*, float*), BinaryTasks avx2_tasks,
                    BinaryRun avx2, BinaryTasks avx512_tasks, BinaryRun avx512) {
  std::vector<int32_t> a = s.a, b = s.b;
  a.insert(a.begin(), batch);
  if (b.size() > 1) b.insert(b.begin(), batch);
  eb_binary_params p{};
  eb_binary_broadcast(&p, static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data());
  p.act_min = -INFINITY;
  p.act_max = INFINITY;
  size_t na = 1, nb = 1, n = 1;
  for (int32_t d : a) na *= d;
  for (int32_t d : b) nb *= d;
  for (int32_t d = 0; d < p.rank; ++d) n *= p.out_dims[d];
  const double bytes = static_cast<double>((na + nb + n) * sizeof(float));
  const std::string tail = std::string("/") + s.name + "/b" + std::to_string(batch);
  auto make_ref = [=] {
    auto x = RandomBuffer<float>(na, 1), y = RandomBuffer<float>(nb, 2);
    auto out = std::make_shared<std::vector<float>>(n);
    return std::function<void()>([=] { ref(&p, x->data(), y->data(), out->data()); });
  };
  auto make_var = [=](BinaryTasks tasks, BinaryRun run) {
    return [=] {
      auto x = RandomBuffer<float>(na, 1), y = RandomBuffer<float>(nb, 2);
      auto out = std::make_shared<std::vector<float>>(n);
      const int32_t t = tasks(&p);
      return std::function<void()>([=] {
        const void* const ins[2] = {x->data(), y->data()};
        run(&p, ins, nullptr, out->data(), nullptr, 0, t);
      });
    };
  };
  Register(op + "_f32_ref" + tail, nullptr, {bytes, double(n), kPeakAvx512, make_ref});
  Register(op + "_f32_direct_avx2" + tail, eb_cpu_has_avx2, {bytes, double(n), kPeakAvx2, make_var(avx2_tasks, avx2)});
  Register(op + "_f32_direct_avx512" + tail, eb_cpu_has_avx512,
           {bytes, double(n), kPeakAvx512, make_var(avx512_tasks, avx512)});
}

// ---- unary float (softmax, mean) ----

template <typename P>
void RegisterUnaryF32(const std::string& name, const P& p, size_t in_n, size_t out_n,
                      void (*ref)(const P*, const float*, float*), int32_t (*avx2_tasks)(const P*),
                      void (*avx2)(const P*, const void*, const void*, void*, void*, int32_t, int32_t),
                      int32_t (*avx512_tasks)(const P*),
                      void (*avx512)(const P*, const void*, const void*, void*, void*, int32_t, int32_t),
                      const std::string& op) {
  const double bytes = static_cast<double>((in_n + out_n) * sizeof(float));
  auto make_ref = [=] {
    auto in = RandomBuffer<float>(in_n, 1);
    auto out = std::make_shared<std::vector<float>>(out_n);
    return std::function<void()>([=] { ref(&p, in->data(), out->data()); });
  };
  using Run = void (*)(const P*, const void*, const void*, void*, void*, int32_t, int32_t);
  auto make_var = [=](int32_t (*tasks)(const P*), Run run) {
    return [=] {
      auto in = RandomBuffer<float>(in_n, 1);
      auto out = std::make_shared<std::vector<float>>(out_n);
      const int32_t t = tasks(&p);
      return std::function<void()>([=] { run(&p, in->data(), nullptr, out->data(), nullptr, 0, t); });
    };
  };
  Register(op + "_f32_ref/" + name, nullptr, {bytes, double(out_n), kPeakAvx512, make_ref});
  Register(op + "_f32_direct_avx2/" + name, eb_cpu_has_avx2, {bytes, double(out_n), kPeakAvx2, make_var(avx2_tasks, avx2)});
  Register(op + "_f32_direct_avx512/" + name, eb_cpu_has_avx512,
           {bytes, double(out_n), kPeakAvx512, make_var(avx512_tasks, avx512)});
}

const int kRegistered = [] {
  for (int32_t batch : {1, 32}) {
    for (const PoolShape& s : kMaxPools) {
      RegisterPool<float>("max_pool2d_f32", s, batch, eb_max_pool2d_f32, eb_max_pool2d_f32_direct_avx2_tasks,
                          eb_max_pool2d_f32_direct_avx2_run, eb_max_pool2d_f32_direct_avx512_tasks,
                          eb_max_pool2d_f32_direct_avx512_run);
      RegisterPool<int8_t>("max_pool2d_s8", s, batch, eb_max_pool2d_s8, eb_max_pool2d_s8_direct_avx2_tasks,
                           eb_max_pool2d_s8_direct_avx2_run, eb_max_pool2d_s8_direct_avx512_tasks,
                           eb_max_pool2d_s8_direct_avx512_run);
    }
    for (const PoolShape& s : kAvgPools) {
      RegisterPool<float>("average_pool2d_f32", s, batch, eb_average_pool2d_f32,
                          eb_average_pool2d_f32_direct_avx2_tasks, eb_average_pool2d_f32_direct_avx2_run,
                          eb_average_pool2d_f32_direct_avx512_tasks, eb_average_pool2d_f32_direct_avx512_run);
      RegisterPool<int8_t>("average_pool2d_s8", s, batch, eb_average_pool2d_s8,
                           eb_average_pool2d_s8_direct_avx2_tasks, eb_average_pool2d_s8_direct_avx2_run,
                           eb_average_pool2d_s8_direct_avx512_tasks, eb_average_pool2d_s8_direct_avx512_run);
    }
    const BinaryShape adds[] = {{"resnet8_32x32x16", {32, 32, 16}, {32, 32, 16}},
                                {"mnv2_8x8x24", {8, 8, 24}, {8, 8, 24}},
                                {"mnv2_4x4x32", {4, 4, 32}, {4, 4, 32}},
                                {"mnv2_2x2x64", {2, 2, 64}, {2, 2, 64}}};
    for (const BinaryShape& s : adds) {
      RegisterBinary("add", s, batch, eb_add_f32, eb_add_f32_direct_avx2_tasks, eb_add_f32_direct_avx2_run,
                     eb_add_f32_direct_avx512_tasks, eb_add_f32_direct_avx512_run);
    }
    const BinaryShape muls[] = {{"resnet8_32x32x16", {32, 32, 16}, {32, 32, 16}},
                                {"16x16x32_by_channel", {16, 16, 32}, {32}},
                                {"16x16x32_by_scalar", {16, 16, 32}, {1}}};
    for (const BinaryShape& s : muls) {
      RegisterBinary("mul", s, batch, eb_mul_f32, eb_mul_f32_direct_avx2_tasks, eb_mul_f32_direct_avx2_run,
                     eb_mul_f32_direct_avx512_tasks, eb_mul_f32_direct_avx512_run);
    }
    const eb_softmax_params sm{batch, 10, 1.0f, 0, 0, 0};
    RegisterUnaryF32("classes_10/b" + std::to_string(batch), sm, static_cast<size_t>(batch) * 10,
                     static_cast<size_t>(batch) * 10, eb_softmax_f32, eb_softmax_f32_direct_avx2_tasks,
                     eb_softmax_f32_direct_avx2_run, eb_softmax_f32_direct_avx512_tasks,
                     eb_softmax_f32_direct_avx512_run, "softmax");
    const eb_softmax_params sm1000{batch, 1000, 1.0f, 0, 0, 0};
    RegisterUnaryF32("classes_1000/b" + std::to_string(batch), sm1000, static_cast<size_t>(batch) * 1000,
                     static_cast<size_t>(batch) * 1000, eb_softmax_f32, eb_softmax_f32_direct_avx2_tasks,
                     eb_softmax_f32_direct_avx2_run, eb_softmax_f32_direct_avx512_tasks,
                     eb_softmax_f32_direct_avx512_run, "softmax");
    for (const auto& [name, hw, c] : {std::tuple{"mnv2_1x1x1280", 1, 1280}, std::tuple{"resnet8_8x8x64", 64, 64}}) {
      const eb_mean_params mp{batch, hw, c, 0, 0, 0, 0};
      RegisterUnaryF32(std::string(name) + "/b" + std::to_string(batch), mp, static_cast<size_t>(batch) * hw * c,
                       static_cast<size_t>(batch) * c, eb_mean_f32, eb_mean_f32_direct_avx2_tasks,
                       eb_mean_f32_direct_avx2_run, eb_mean_f32_direct_avx512_tasks, eb_mean_f32_direct_avx512_run,
                       "mean");
    }
  }
  return 0;
}();

}  // namespace
