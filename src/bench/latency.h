// Timing of one engine: warm-up, then N timed invocations on real inputs, one monotonic-clock reading
// pair around each Invoke() and nothing else inside the timed window.
#pragma once

#include <functional>
#include <vector>

#include "bench/stats.h"
#include "runtime/runtime.h"

namespace eb {

struct LatencyOptions {
  int warmup = 100;      // untimed invocations first (caches, branch predictors, page faults)
  int samples = 10000;   // timed invocations, as in the seed study
  // Called with (done, total) now and then, for a progress bar; may be empty.
  std::function<void(int, int)> progress;
};

// Loads input number `i` into the runtime's input buffers; runs outside the timed window.
using InputLoader = std::function<void(size_t i, Runtime& rt)>;

// Returns the duration of each timed Invoke() in microseconds (whole batch; divide by the batch size
// for per-sample time).
std::vector<double> MeasureLatency(Runtime& rt, const InputLoader& fill, const LatencyOptions& options);

}  // namespace eb
