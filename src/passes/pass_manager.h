// The optimiser: runs the graph passes in one fixed order and reports what each changed.
//
// Order (each step prepares the next):
//   1. remove_identity    freeze: drop no-op and dead operators, so the patterns below sit next to each
//                         other (a same-shape RESHAPE between a conv and its batch norm would hide it)
//   2. fold_constants     constant subgraphs (shape arithmetic, transposed weights) become tensors, so
//                         batch-norm operands and paddings are plain constants
//   3. fold_batch_norm    MUL/ADD by per-channel constants into the conv/dense before them; must precede
//                         fusion, since the activation follows the batch norm, and pruning, so channel
//                         norms include the batch-norm scale
//   4. fold_pad           explicit PAD into the convolution's SAME padding
//   5. fuse_activation    RELU/RELU6/clamps into the conv/dense/add before them
//   6. prune_channels     (optional) structured: remove low-L1 conv output channels
//   7. prune_magnitude    (optional) zero the smallest weights globally, on the final float32 weights
//   8. convert_float16    (optional) last, so it stores the weights every earlier pass produced
//   9. remove_unused_tensors  compaction: drop what the passes left unreferenced, renumber tensors
// The result is a valid graph for eb::Runtime and the TFLite writer; every pass keeps graph input and
// output tensors (and their names).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

struct OptimizeOptions {
  bool remove_identity = true;
  bool fold_constants = true;
  bool fold_batch_norm = true;
  bool fold_pad = true;
  bool fuse_activation = true;
  double prune_channels = 0.0;   // fraction of each conv's output channels to remove; 0 = off
  double prune_magnitude = 0.0;  // target sparsity of conv/dense weights; 0 = off
  bool float16 = false;
};

struct OptimizationReport {
  std::vector<PassReport> passes;  // in the order they ran
  GraphSize before, after;

  int total_changes() const;
  // One summary line per pass, then the detail lines indented under it when `details` is set, then a
  // total line: "total: 9 changes; operators 31 -> 25, ...".
  std::string ToString(bool details = false) const;
};

Result<OptimizationReport> RunOptimizationPasses(Graph& graph, const OptimizeOptions& options = {});

}  // namespace eb
