// Runs a benchmark suite: for every model, variant and engine, latency at each batch size on real
// inputs, memory, and accuracy on the model's dataset. Peers that cannot run are skipped with a note.
#pragma once

#include <functional>
#include <string>

#include "bench/result.h"
#include "bench/suite.h"
#include "runtime/kernel_target.h"

namespace eb {

struct RunnerOptions {
  std::string root;              // the source tree: peers/onnxruntime and peers/pytorch are in it
  // Progress lines ("Dense1 float32 edgebench batch 32: 4000/10000") on a terminal; may be empty.
  std::function<void(const std::string&)> progress;
  std::function<void(const std::string&)> log;  // one line per finished cell; may be empty
  // What edgebench's host rows prepare for (x86 ISA level); the suite says how many threads.
  KernelTarget host_target = KernelTarget::Host();
  // Per-layer times of edgebench's host rows at batch 1 (BenchRow::profile).
  bool profile = false;
  // edgebench's Cortex-M4 rows: the layouts of --optimize speed and of size (both: a size row too where its
  // kernels differ), for a part with this much flash (the fast layouts give way where it would not fit).
  bool mcu_speed = true, mcu_size = true;
  int64_t mcu_flash_bytes = 1024 * 1024;
};

Result<BenchRun> RunSuite(const Suite& suite, const RunnerOptions& options);

}  // namespace eb
