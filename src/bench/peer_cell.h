// A peer engine's host cell (ONNX Runtime, PyTorch, TensorFlow Lite): latency at every batch size through
// the peer's runner process, with the binding overhead measured once, then top-1 accuracy on the same test
// images as edgebench and how often (and, for quantised outputs, how exactly) it agrees with edgebench. A
// peer that cannot run leaves the row with a "skipped: why" note and no timings; it never fails the run.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "bench/bench_cell.h"
#include "bench/result.h"
#include "bench/runner.h"
#include "bench/suite.h"
#include "runtime/runtime.h"

namespace eb {

// Labelled test images for scoring peers, and edgebench's answers on them.
struct ScoringSet {
  InputSet inputs;                  // the first images of the test set, preprocessed for the model's input
  std::vector<uint8_t> labels;      // their labels
  std::vector<uint8_t> edgebench_top1;     // edgebench's prediction for each
  std::vector<uint8_t> edgebench_output0;  // edgebench's output 0 of each, back to back (quantised outputs only)
  std::shared_ptr<TempFile> file;   // `inputs` as a file for the runners
};

// Runs `one` (batch 1) on edgebench's host engine over the first `limit` images of `ds` (0 = all).
Result<ScoringSet> MakeScoringSet(const Graph& one, const Dataset& ds, const Preprocess& pp, size_t limit,
                                  const RuntimeOptions& runtime);

struct PeerCell {
  std::string engine;  // the suite's engine name: "onnxruntime", "pytorch", "litert"
  // The model file the peer runs at a batch size (the file as given, or one written at that batch).
  std::function<Result<std::string>(int batch)> model_at_batch;
  const ScoringSet* scoring = nullptr;  // when set: accuracy and agreement with edgebench
};

void RunPeerCell(const PeerCell& peer, const InputSet& inputs, const Suite& suite, const RunnerOptions& options,
                 BenchRow& row);

}  // namespace eb
