// int8 ADD, SUB, MUL and MEAN, RELU/RELU6 (float32 and int8) and TRANSPOSE on real shapes: the reference kernel and
// each x86 variant, batch 1 and 32.
//
// Shapes: MobileNetV2 CIFAR-10 int8's residual ADDs (16x16x24, 8x8x32, 4x4x64, 4x4x96, 2x2x160) and its head MEAN
// (2x2x1280 and 4x4x1280 -> 1280); SUB on one residual shape; MUL same-shape, by a per-channel vector and by a
// scalar; the float32 model's RELU6 on its expanded maps (16x16x96, 8x8x144, 4x4x384), RELU on ResNet-8's
// 32x32x16, int8 RELU/RELU6 on 16x16x96; TRANSPOSE NCHW -> NHWC of a 3x32x32 image and NHWC -> NCHW of 16x16x24.
// Quantisation: the prepare functions on fixed scales (in 0.05 / 0.08, out 0.1), zero points 3, -7, 5.
//
// Counters: GB/s (bytes of every input read once plus the output written), Gelem/s (output elements), and
// peak_share = achieved bytes per cycle / the core's L1 bandwidth at /proc/cpuinfo's "cpu MHz". Assumed L1 peaks
// (Zen 5 class core): AVX-512 2 loads + 1 store of 64 B = 192 B/cycle, AVX2 2 loads + 1 store of 32 B = 96
// B/cycle; the scalar references are measured against the AVX-512 figure (the machine's). The int8 binary ops do
// some 30 vector operations per 16 elements, so they are bound by arithmetic well below that ceiling.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "add.h"
#include "cpu_x86.h"
#include "elementwise_s8_x86.h"
#include "mean.h"
#include "mul.h"
#include "quant.h"
#include "relu.h"
#include "relu6.h"
#include "sub.h"
#include "transpose.h"
#include "x86_variant.h"

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
    std::uniform_real_distribution<float> d(-8.0f, 8.0f);
    for (T& x : *v) x = d(rng);
  } else {
    std::uniform_int_distribution<int> d(-128, 127);
    for (T& x : *v) x = static_cast<T>(d(rng));
  }
  return v;
}

// A 64-byte aligned blob that frees itself.
std::shared_ptr<void> Aligned(size_t bytes) {
  const size_t n = (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
  return std::shared_ptr<void>(std::aligned_alloc(EB_X86_ALIGN, n ? n : EB_X86_ALIGN), std::free);
}

std::string Tail(const std::string& shape, int32_t batch) { return "/" + shape + "/b" + std::to_string(batch); }

// ---- int8 binary ----
template <typename P>
struct VariantFns {
  int (*applies)(const P*);
  size_t (*packed_bytes)(const P*);
  void (*pack)(const P*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const P*);
};
#define EB_FNS(stem) {stem##_applies, stem##_packed_bytes, stem##_pack, stem##_tasks}

using BinaryRun = void (*)(const eb_binary_params*, const void* const*, const void*, void*, void*, int32_t, int32_t);
using BinaryRef = void (*)(const eb_binary_params*, const int8_t*, const int8_t*, int8_t*);

struct BinaryVariantRow {
  const char* isa;
  int (*has_isa)();
  double peak;
  VariantFns<eb_binary_params> fns;
  BinaryRun run;
};

void RegisterBinaryS8(const std::string& op, const std::string& shape, std::vector<int32_t> a, std::vector<int32_t> b,
                      int32_t batch, BinaryRef ref, const BinaryVariantRow (&rows)[2]) {
  a.insert(a.begin(), batch);
  if (b.size() > 1) b.insert(b.begin(), batch);
  eb_binary_params p{};
  eb_binary_broadcast(&p, static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data());
  p.in1_zp = 3, p.in2_zp = -7, p.out_zp = 5, p.q_min = -128, p.q_max = 127;
  if (op == "add") eb_binary_prepare_add_s8(&p, 0.05, 0.08, 0.1);
  if (op == "sub") eb_binary_prepare_sub_s8(&p, 0.05f, 0.08f, 0.1f);
  if (op == "mul") eb_binary_prepare_mul_s8(&p, 0.05, 0.08, 0.1);
  size_t na = 1, nb = 1, n = 1;
  for (int32_t d : a) na *= static_cast<size_t>(d);
  for (int32_t d : b) nb *= static_cast<size_t>(d);
  for (int32_t d = 0; d < p.rank; ++d) n *= static_cast<size_t>(p.out_dims[d]);
  const double bytes = static_cast<double>(na + nb + n);
  Register(op + "_s8_ref" + Tail(shape, batch), nullptr, {bytes, double(n), kPeakAvx512, [=] {
             auto x = RandomBuffer<int8_t>(na, 1), y = RandomBuffer<int8_t>(nb, 2);
             auto out = std::make_shared<std::vector<int8_t>>(n);
             return std::function<void()>([=] { ref(&p, x->data(), y->data(), out->data()); });
           }});
  for (const BinaryVariantRow& r : rows) {
    Register(op + "_s8_direct_" + r.isa + Tail(shape, batch), r.has_isa, {bytes, double(n), r.peak, [=] {
               auto x = RandomBuffer<int8_t>(na, 1), y = RandomBuffer<int8_t>(nb, 2);
               auto out = std::make_shared<std::vector<int8_t>>(n);
               if (!r.fns.applies(&p)) std::abort();
               auto packed = Aligned(r.fns.packed_bytes(&p));
               r.fns.pack(&p, nullptr, nullptr, nullptr, nullptr, packed.get());
               const int32_t t = r.fns.tasks(&p);
               return std::function<void()>([=] {
                 const void* const ins[2] = {x->data(), y->data()};
                 r.run(&p, ins, packed.get(), out->data(), nullptr, 0, t);
               });
             }});
  }
}

// ---- one-input ops (MEAN, activations, TRANSPOSE) ----
template <typename P, typename T>
void RegisterUnary(const std::string& name, const P& p, size_t in_n, size_t out_n, std::function<void(const P*, const T*, T*)> ref,
                   const char* const isas[2], int (*const has[2])(), const VariantFns<P> fns[2],
                   void (*const run[2])(const P*, const void*, const void*, void*, void*, int32_t, int32_t),
                   const std::string& tail) {
  const double bytes = static_cast<double>((in_n + out_n) * sizeof(T));
  Register(name + "_ref" + tail, nullptr, {bytes, double(out_n), kPeakAvx512, [=] {
             auto in = RandomBuffer<T>(in_n, 1);
             auto out = std::make_shared<std::vector<T>>(out_n);
             return std::function<void()>([=] { ref(&p, in->data(), out->data()); });
           }});
  for (int i = 0; i < 2; ++i) {
    const auto f = fns[i];
    const auto r = run[i];
    Register(name + "_direct_" + isas[i] + tail, has[i], {bytes, double(out_n), i ? kPeakAvx512 : kPeakAvx2, [=] {
               auto in = RandomBuffer<T>(in_n, 1);
               auto out = std::make_shared<std::vector<T>>(out_n);
               if (!f.applies(&p)) std::abort();
               auto packed = Aligned(f.packed_bytes(&p));
               f.pack(&p, nullptr, nullptr, nullptr, nullptr, packed.get());
               const int32_t t = f.tasks(&p);
               return std::function<void()>([=] { r(&p, in->data(), packed.get(), out->data(), nullptr, 0, t); });
             }});
  }
}

const char* const kIsas[2] = {"avx2", "avx512"};
int (*const kHas[2])() = {eb_cpu_has_avx2, eb_cpu_has_avx512};

#define EB_UNARY(P, stem)                                                                 \
  const VariantFns<P> stem##_fns[2] = {EB_FNS(eb_##stem##_avx2), EB_FNS(eb_##stem##_avx512)}; \
  void (*const stem##_run[2])(const P*, const void*, const void*, void*, void*, int32_t, int32_t) = { \
      eb_##stem##_avx2_run, eb_##stem##_avx512_run};

EB_UNARY(eb_mean_params, mean_s8_direct)
EB_UNARY(eb_act_params, relu_f32_direct)
EB_UNARY(eb_act_params, relu6_f32_direct)
EB_UNARY(eb_act_params, relu_s8_direct)
EB_UNARY(eb_act_params, relu6_s8_direct)
EB_UNARY(eb_transpose_params, transpose_x8_direct)
EB_UNARY(eb_transpose_params, transpose_x32_direct)

template <typename T>
void RegisterAct(const std::string& op, const std::string& shape, int32_t elems, int32_t batch,
                 void (*ref)(const eb_act_params*, const T*, T*), const VariantFns<eb_act_params> fns[2],
                 void (*const run[2])(const eb_act_params*, const void*, const void*, void*, void*, int32_t, int32_t)) {
  eb_act_params p{};
  p.count = elems * batch;
  p.in_zp = -5, p.out_zp = -128, p.q_min = -128, p.q_max = 127;
  eb_quantize_multiplier(0.9, &p.in_mult, &p.in_left_shift);
  const size_t n = static_cast<size_t>(p.count);
  RegisterUnary<eb_act_params, T>(op, p, n, n, ref, kIsas, kHas, fns, run, Tail(shape, batch));
}

template <typename T>
void RegisterTranspose(const std::string& op, const std::string& shape, std::vector<int32_t> dims, std::vector<int32_t> perm,
                       int32_t batch, const VariantFns<eb_transpose_params> fns[2],
                       void (*const run[2])(const eb_transpose_params*, const void*, const void*, void*, void*, int32_t, int32_t)) {
  eb_transpose_params p{};
  dims.insert(dims.begin(), batch);
  p.rank = static_cast<int32_t>(dims.size());
  size_t n = 1;
  for (int32_t i = 0; i < p.rank; ++i) {
    p.in_dims[i] = dims[static_cast<size_t>(i)];
    p.perm[i] = perm[static_cast<size_t>(i)];
    n *= static_cast<size_t>(dims[static_cast<size_t>(i)]);
  }
  p.elem_size = sizeof(T);
  RegisterUnary<eb_transpose_params, T>(op, p, n, n, [](const eb_transpose_params* q, const T* i, T* o) { eb_transpose(q, i, o); },
                                        kIsas, kHas, fns, run, Tail(shape, batch));
}

const int kRegistered = [] {
  const BinaryVariantRow add_rows[2] = {
      {"avx2", eb_cpu_has_avx2, kPeakAvx2, EB_FNS(eb_add_s8_direct_avx2), eb_add_s8_direct_avx2_run},
      {"avx512", eb_cpu_has_avx512, kPeakAvx512, EB_FNS(eb_add_s8_direct_avx512), eb_add_s8_direct_avx512_run}};
  const BinaryVariantRow sub_rows[2] = {
      {"avx2", eb_cpu_has_avx2, kPeakAvx2, EB_FNS(eb_sub_s8_direct_avx2), eb_sub_s8_direct_avx2_run},
      {"avx512", eb_cpu_has_avx512, kPeakAvx512, EB_FNS(eb_sub_s8_direct_avx512), eb_sub_s8_direct_avx512_run}};
  const BinaryVariantRow mul_rows[2] = {
      {"avx2", eb_cpu_has_avx2, kPeakAvx2, EB_FNS(eb_mul_s8_direct_avx2), eb_mul_s8_direct_avx2_run},
      {"avx512", eb_cpu_has_avx512, kPeakAvx512, EB_FNS(eb_mul_s8_direct_avx512), eb_mul_s8_direct_avx512_run}};
  struct Res {
    const char* name;
    std::vector<int32_t> d;
  };
  const Res residuals[] = {{"16x16x24", {16, 16, 24}}, {"8x8x32", {8, 8, 32}}, {"4x4x64", {4, 4, 64}},
                           {"4x4x96", {4, 4, 96}},     {"2x2x160", {2, 2, 160}}};
  for (int32_t batch : {1, 32}) {
    for (const Res& r : residuals) RegisterBinaryS8("add", r.name, r.d, r.d, batch, eb_add_s8, add_rows);
    RegisterBinaryS8("sub", "8x8x32", {8, 8, 32}, {8, 8, 32}, batch, eb_sub_s8, sub_rows);
    RegisterBinaryS8("mul", "8x8x32", {8, 8, 32}, {8, 8, 32}, batch, eb_mul_s8, mul_rows);
    RegisterBinaryS8("mul", "16x16x32_by_32", {16, 16, 32}, {32}, batch, eb_mul_s8, mul_rows);
    RegisterBinaryS8("mul", "16x16x32_by_scalar", {16, 16, 32}, {1}, batch, eb_mul_s8, mul_rows);
    for (int32_t hw : {4, 16}) {
      eb_mean_params p{batch, hw, 1280, 3, -5, 0, 0};
      eb_quantize_multiplier(0.05 / 0.04, &p.mult, &p.shift);
      RegisterUnary<eb_mean_params, int8_t>("mean_s8", p, static_cast<size_t>(batch) * hw * 1280,
                                            static_cast<size_t>(batch) * 1280, eb_mean_s8, kIsas, kHas,
                                            mean_s8_direct_fns, mean_s8_direct_run,
                                            Tail(hw == 4 ? "2x2x1280" : "4x4x1280", batch));
    }
    RegisterAct<float>("relu6_f32", "16x16x96", 16 * 16 * 96, batch, eb_relu6_f32, relu6_f32_direct_fns, relu6_f32_direct_run);
    RegisterAct<float>("relu6_f32", "8x8x144", 8 * 8 * 144, batch, eb_relu6_f32, relu6_f32_direct_fns, relu6_f32_direct_run);
    RegisterAct<float>("relu6_f32", "4x4x384", 4 * 4 * 384, batch, eb_relu6_f32, relu6_f32_direct_fns, relu6_f32_direct_run);
    RegisterAct<float>("relu_f32", "32x32x16", 32 * 32 * 16, batch, eb_relu_f32, relu_f32_direct_fns, relu_f32_direct_run);
    RegisterAct<int8_t>("relu_s8", "16x16x96", 16 * 16 * 96, batch, eb_relu_s8, relu_s8_direct_fns, relu_s8_direct_run);
    RegisterAct<int8_t>("relu6_s8", "16x16x96", 16 * 16 * 96, batch, eb_relu6_s8, relu6_s8_direct_fns, relu6_s8_direct_run);
    RegisterTranspose<float>("transpose_x32", "nchw_3x32x32_to_nhwc", {3, 32, 32}, {0, 2, 3, 1}, batch,
                             transpose_x32_direct_fns, transpose_x32_direct_run);
    RegisterTranspose<float>("transpose_x32", "nhwc_16x16x24_to_nchw", {16, 16, 24}, {0, 3, 1, 2}, batch,
                             transpose_x32_direct_fns, transpose_x32_direct_run);
    RegisterTranspose<int8_t>("transpose_x8", "nchw_3x32x32_to_nhwc", {3, 32, 32}, {0, 2, 3, 1}, batch,
                              transpose_x8_direct_fns, transpose_x8_direct_run);
    RegisterTranspose<int8_t>("transpose_x8", "nhwc_16x16x24_to_nchw", {16, 16, 24}, {0, 3, 1, 2}, batch,
                              transpose_x8_direct_fns, transpose_x8_direct_run);
  }
  return 0;
}();

}  // namespace
