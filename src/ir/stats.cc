#include "ir/stats.h"

#include <algorithm>

namespace eb {
namespace {

// True if input `k` of an op of this type is a shape-like operand rather than a weight.
bool IsShapeOperand(OpType t, size_t k) {
  switch (t) {
    case OpType::kReshape: case OpType::kPad: case OpType::kPadV2: case OpType::kTranspose:
    case OpType::kMean: case OpType::kSum: case OpType::kReduceMax: case OpType::kExpandDims:
      return k == 1;
    case OpType::kStridedSlice:
      return k >= 1 && k <= 3;  // begin, end, strides
    case OpType::kTransposeConv:
      return k == 0;
    default:
      return false;
  }
}

int64_t Dim(const Tensor& t, size_t i) { return i < t.shape.size() ? t.shape[i] : 1; }

}  // namespace

GraphStats ComputeStats(const Graph& graph) {
  GraphStats s;
  std::vector<bool> counted(graph.tensors.size(), false);
  for (const Op& op : graph.ops) {
    auto it = std::find_if(s.op_counts.begin(), s.op_counts.end(), [&](const auto& p) { return p.first == op.type; });
    if (it == s.op_counts.end()) s.op_counts.emplace_back(op.type, 1); else ++it->second;
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      const int t = op.inputs[k];
      if (t < 0 || counted[static_cast<size_t>(t)] || !graph.tensor(t).is_constant || IsShapeOperand(op.type, k)) continue;
      counted[static_cast<size_t>(t)] = true;
      s.parameters += graph.tensor(t).num_elements();
      s.weight_bytes += graph.tensor(t).num_bytes();
    }
    if (op.outputs.empty() || op.inputs.size() < 2 || op.inputs[1] < 0) continue;
    const Tensor& out = graph.tensor(op.outputs[0]);
    const Tensor& w = graph.tensor(op.inputs[1]);
    if (op.type == OpType::kConv2D) {
      s.macs += out.num_elements() * Dim(w, 1) * Dim(w, 2) * Dim(w, 3);
    } else if (op.type == OpType::kDepthwiseConv2D) {
      s.macs += out.num_elements() * Dim(w, 1) * Dim(w, 2);
    } else if (op.type == OpType::kFullyConnected) {
      s.macs += out.num_elements() * Dim(w, 1);
    } else if (op.type == OpType::kTransposeConv && op.inputs.size() > 2 && op.inputs[2] >= 0) {
      // Each input value meets every tap of every output channel (taps that fall outside the output included).
      s.macs += graph.tensor(op.inputs[2]).num_elements() * Dim(w, 0) * Dim(w, 1) * Dim(w, 2);
    }
  }
  return s;
}

}  // namespace eb
