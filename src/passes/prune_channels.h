// Pass: structured channel pruning. For each float32 CONV_2D, the `fraction` of its output channels with
// the smallest L1 filter norms (rounded down, at least one channel kept; ties prune the lower index) are
// removed for real: the conv's filter and bias lose those rows, and everything downstream that indexes
// channels shrinks to match, so tensors are smaller and MACs fewer.
//
// Downstream, the channel axis is followed through:
//   - RELU, RELU6, LOGISTIC, TANH, HARD_SWISH, LEAKY_RELU, AVERAGE_POOL_2D, MAX_POOL_2D, MEAN over other
//     axes: the output loses the same channels;
//   - ADD, SUB, MUL, DIV with a constant operand (batch norm, scales): the constant's channel entries go;
//   - DEPTHWISE_CONV_2D: its filter and bias lose those channels (times the depth multiplier) and its
//     output carries the pruning on;
//   - RESHAPE / SQUEEZE that keep the channel axis last or merge it with the axes before it (a flatten):
//     the merged axis loses the entries of those channels at every position (h * W + w) * C + c, and a
//     constant shape operand is rewritten;
//   - CONV_2D (filter in-channels) and FULLY_CONNECTED (filter columns, flattened order as above) end it.
// A conv with any other reader on the way (CONCATENATION, an ADD of two activations such as a residual
// connection, which would need both branches pruned alike, a graph output, ...) is skipped, and the
// report says why. Convs are visited in graph order, so a conv pruned on its inputs by an earlier conv
// ranks its own channels afterwards.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

// `fraction` must be in [0, 1). The report's before/after sizes give parameters and MACs before and after.
Status PruneChannels(Graph& graph, double fraction, PassReport* report = nullptr);

}  // namespace eb
