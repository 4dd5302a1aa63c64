// Static facts about a graph that `edgebench info` and reports show.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "ir/graph.h"

namespace eb {

struct GraphStats {
  std::vector<std::pair<OpType, int>> op_counts;  // in order of first appearance
  int64_t parameters = 0;     // elements of constant weight/bias tensors
  int64_t weight_bytes = 0;   // their bytes as stored
  int64_t macs = 0;           // multiply-accumulates of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED
};

// Shape, axis and permutation operands (small int tensors) are not counted as parameters.
GraphStats ComputeStats(const Graph& graph);

}  // namespace eb
