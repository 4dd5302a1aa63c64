#include "bench/latency.h"

#include <chrono>

namespace eb {

std::vector<double> MeasureLatency(Runtime& rt, const InputLoader& fill, const LatencyOptions& options) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < options.warmup; ++i) {
    fill(static_cast<size_t>(i), rt);
    rt.Invoke();
  }
  std::vector<double> us;
  us.reserve(static_cast<size_t>(options.samples));
  const int step = std::max(1, options.samples / 100);
  for (int i = 0; i < options.samples; ++i) {
    fill(static_cast<size_t>(options.warmup + i), rt);
    const auto t0 = Clock::now();
    rt.Invoke();
    const auto t1 = Clock::now();
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    if (options.progress && (i % step == 0 || i + 1 == options.samples)) options.progress(i + 1, options.samples);
  }
  return us;
}

}  // namespace eb
