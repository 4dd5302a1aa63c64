// Pass: global magnitude pruning. Over all float32 constant filters of CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED together (biases excluded), the weights of smallest |w| are set to exactly +0.0 until
// ceil(sparsity * N) of the N weights are zero. Ties are broken by filter order (first read first), then
// element index, so the result is deterministic. Weights that are already zero count (they are the
// smallest). The report gives the sparsity achieved per filter and overall.
//
// Pruning alone does not shrink a dense tensor; it is what sparse storage or compression then exploits,
// and it measures how much accuracy a given sparsity costs.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

// `sparsity` must be in [0, 1).
Status PruneMagnitude(Graph& graph, double sparsity, PassReport* report = nullptr);

}  // namespace eb
