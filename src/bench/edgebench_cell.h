// edgebench's own host cell of a benchmark: latency at every batch size on real inputs, the planned arena,
// a per-layer profile on request, and accuracy on the model's dataset.
#pragma once

#include <functional>
#include <vector>

#include "bench/bench_cell.h"
#include "bench/result.h"
#include "bench/runner.h"
#include "bench/suite.h"

namespace eb {

// `one` is the model at batch 1 and `at_batch` gives it at another batch size. A batch that cannot be
// prepared costs its column (with the reason as a note), not the run. With a dataset, `predictions` (when
// not null) receives the top-1 label of every scored image, for comparing peers with edgebench.
Status RunEdgebenchCell(const Graph& one, const std::function<Result<Graph>(int)>& at_batch,
                        const InputSet& inputs, const Dataset* ds, const Preprocess& pp, const Suite& suite,
                        const RunnerOptions& options, BenchRow& row, std::vector<uint8_t>* predictions = nullptr);

}  // namespace eb
