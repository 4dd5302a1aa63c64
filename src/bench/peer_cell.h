// A peer engine's host cell (ONNX Runtime, PyTorch): latency at every batch size through the peer's runner
// process, with the binding overhead measured once. A peer that cannot run leaves the row with a
// "skipped: why" note and no timings; it never fails the run.
#pragma once

#include <functional>
#include <string>

#include "bench/bench_cell.h"
#include "bench/result.h"
#include "bench/runner.h"
#include "bench/suite.h"

namespace eb {

struct PeerCell {
  std::string engine;  // the suite's engine name: "onnxruntime", "pytorch"
  // The model file the peer runs at a batch size (the file as given, or one written at that batch).
  std::function<Result<std::string>(int batch)> model_at_batch;
};

void RunPeerCell(const PeerCell& peer, const InputSet& inputs, const Suite& suite, const RunnerOptions& options,
                 BenchRow& row);

}  // namespace eb
