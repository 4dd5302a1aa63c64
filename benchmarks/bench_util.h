// What the GEMM benchmarks (gemm_f32_bench.cc, gemm_s8_bench.cc) share: the core's clock, the rate and
// peak_share counters, a 64-byte aligned buffer, and one variant's pack-once, time-every-call loop.
//
// The clock: /proc/cpuinfo's "cpu MHz" is the nominal one (2.1 GHz on the EPYC the kernels were tuned on) while
// the core boosts well above it, which put shares above 1; so the clock is measured once by timing a chain of
// dependent integer adds (one per cycle) in thread CPU time (the machine may be shared), and both are in the
// context.
#ifndef EB_BENCHMARKS_BENCH_UTIL_H_
#define EB_BENCHMARKS_BENCH_UTIL_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

namespace eb::bench {

inline double CpuInfoGHz() {
  static const double ghz = [] {
    std::ifstream f("/proc/cpuinfo");
    std::string line;
    while (std::getline(f, line)) {
      if (line.rfind("cpu MHz", 0) == 0) return std::stod(line.substr(line.find(':') + 1)) / 1000.0;
    }
    return 0.0;
  }();
  return ghz;
}

inline double ThreadSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The running clock: 4 dependent adds per loop trip take 4 cycles; the fastest of a few 20 ms runs.
inline double CpuGHz() {
  static const double ghz = [] {
    double best = 0;
    for (int run = 0; run < 5; ++run) {
      uint64_t x = 0, trips = 20000000;
      const double t0 = ThreadSeconds();
      asm volatile("1:\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tdec %1\n\tjnz 1b"
                   : "+r"(x), "+r"(trips));
      const double s = ThreadSeconds() - t0;
      best = std::max(best, 4.0 * 20000000 / s / 1e9);
    }
    benchmark::AddCustomContext("gemm_bench measured GHz", std::to_string(best));
    benchmark::AddCustomContext("gemm_bench cpuinfo GHz", std::to_string(CpuInfoGHz()));
    return best;
  }();
  return ghz;
}

// counter: work per iteration as a rate in units of 1e9 (e.g. "GFLOP/s"); peak_share: achieved / (peak_per_cycle
// x the measured clock).
inline void Report(benchmark::State& state, const char* counter, double work, double peak_per_cycle) {
  const double total = work * static_cast<double>(state.iterations());
  state.counters[counter] = benchmark::Counter(total / 1e9, benchmark::Counter::kIsRate);
  const double ghz = CpuGHz();
  if (ghz > 0)
    state.counters["peak_share"] =
        benchmark::Counter(total / (peak_per_cycle * ghz * 1e9), benchmark::Counter::kIsRate);
}

struct Buffer {
  explicit Buffer(size_t bytes) : p(std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64)) {}
  ~Buffer() { std::free(p); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  void* p;
};

// One variant's functions and the peak (per cycle) its ISA is measured against.
template <typename P>
struct Variant {
  const char* name;
  int (*cpu)();
  double peak;
  size_t (*packed_bytes)(const P*);
  void (*pack)(const P*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const P*);
  size_t (*scratch_bytes)(const P*);
  void (*run)(const P*, const void*, const void*, void*, void*, int32_t, int32_t);
  int (*applies)(const P*) = nullptr;  // null: takes every shape
};

// Packs once, then times one thread running every task of the call; the task count goes in a counter. The
// caller has checked v.cpu().
template <typename P>
void TimeVariant(benchmark::State& state, const Variant<P>& v, const P& p, const void* in, const void* filter,
                 const void* bias, const int32_t* mult, const int32_t* shift, void* out) {
  Buffer packed(v.packed_bytes(&p)), scratch(v.scratch_bytes(&p));
  v.pack(&p, filter, bias, mult, shift, packed.p);
  const int32_t tasks = v.tasks(&p);
  for (auto _ : state) {
    v.run(&p, in, packed.p, out, scratch.p, 0, tasks);
    benchmark::DoNotOptimize(out);
  }
  state.counters["tasks"] = tasks;
}

// Skips a variant whose ISA the CPU lacks, or that does not take the shape (the run shows the reason); false
// then.
template <typename P>
bool CpuHas(benchmark::State& state, const Variant<P>& v) {
  if (v.cpu()) return true;
  state.SkipWithError("CPU lacks the ISA");
  return false;
}
template <typename P>
bool Takes(benchmark::State& state, const Variant<P>& v, const P& p) {
  if (!CpuHas(state, v)) return false;
  if (!v.applies || v.applies(&p)) return true;
  state.SkipWithError("the variant does not take this shape");
  return false;
}

// Registers <op>/<shape>/b<batch>/ref and <op>/<shape>/b<batch>/<variant> for every shape and variant.
template <typename Shape, typename P, size_t kShapes, size_t kVariants>
void RegisterShapes(const char* op, int32_t batch, const Shape (&shapes)[kShapes],
                    void (*ref)(benchmark::State&, Shape, int32_t),
                    void (*gemm)(benchmark::State&, Shape, int32_t, Variant<P>),
                    const Variant<P> (&variants)[kVariants]) {
  const std::string b = "/b" + std::to_string(batch);
  for (const Shape& s : shapes) {
    const std::string name = std::string(op) + "/" + s.name + b;
    benchmark::RegisterBenchmark((name + "/ref").c_str(), ref, s, batch);
    for (const Variant<P>& v : variants)
      benchmark::RegisterBenchmark((name + "/" + v.name).c_str(), gemm, s, batch, v);
  }
}

}  // namespace eb::bench

#endif  // EB_BENCHMARKS_BENCH_UTIL_H_
