#include "passes/dequantize_hybrid_weights.h"

#include <cstring>

#include "core/strings.h"

namespace eb {

Result<int> DequantizeHybridWeights(Graph& graph) {
  int changed = 0;
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    const bool weighted = op.type == OpType::kConv2D || op.type == OpType::kDepthwiseConv2D ||
                          op.type == OpType::kFullyConnected;
    if (!weighted || op.inputs.size() < 2 || op.inputs[0] < 0 || op.inputs[1] < 0) continue;
    if (graph.tensor(op.inputs[0]).dtype != DType::kF32) continue;
    Tensor& w = graph.tensor(op.inputs[1]);
    if (!w.is_constant || (w.dtype != DType::kI8 && w.dtype != DType::kU8) || w.quant.empty()) continue;
    const int64_t n = w.num_elements();
    // Per-axis scales repeat with period `inner` along the quantised axis.
    int64_t inner = 1;
    if (w.quant.per_axis()) {
      for (size_t d = static_cast<size_t>(w.quant.axis) + 1; d < w.shape.size(); ++d) inner *= w.shape[d];
    }
    const int64_t channels = static_cast<int64_t>(w.quant.scale.size());
    std::vector<uint8_t> out(static_cast<size_t>(n) * sizeof(float));
    float* f = reinterpret_cast<float*>(out.data());
    for (int64_t k = 0; k < n; ++k) {
      const size_t c = static_cast<size_t>(w.quant.per_axis() ? (k / inner) % channels : 0);
      const int32_t q = w.dtype == DType::kI8 ? static_cast<int32_t>(w.as<int8_t>()[k]) : w.as<uint8_t>()[k];
      f[k] = w.quant.scale[c] * static_cast<float>(q - w.quant.zero_point[c]);
    }
    w.data = std::move(out);
    w.dtype = DType::kF32;
    w.quant = Quant{};
    ++changed;
  }
  return changed;
}

}  // namespace eb
