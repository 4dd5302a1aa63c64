// Pass: constant folding. An operator whose inputs are all constant becomes constant tensors: the
// operator runs once, alone in a one-op graph on eb::Runtime (the engine's own kernels, so the folded
// values are exactly what inference would compute), and its outputs take the results.
//
// Left alone, with the reason in the report:
//   - DEQUANTIZE of a constant (float16 or int8 weights stored compressed on purpose), unless
//     `fold_dequantize` is set;
//   - an operator that writes a graph output (the graph would have nothing left to compute for it);
//   - an operator whose results would be more than kMaxFoldGrowthBytes larger than its inputs
//     (a broadcast that would bloat the model);
//   - an operator the runtime refuses (its message is reported; the full runtime would refuse it too).
#pragma once

#include <cstdint>

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

inline constexpr int64_t kMaxFoldGrowthBytes = int64_t{1} << 20;

struct FoldConstantsOptions {
  bool fold_dequantize = false;
};

Status FoldConstants(Graph& graph, PassReport* report = nullptr, const FoldConstantsOptions& options = {});

}  // namespace eb
