#include "passes/graph_rewrite.h"

#include <algorithm>

#include "core/strings.h"

namespace eb {

std::vector<std::vector<int>> ConsumersByTensor(const Graph& graph) {
  std::vector<std::vector<int>> out(graph.tensors.size());
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    for (int t : graph.ops[i].inputs) {
      if (t < 0) continue;
      auto& list = out[static_cast<size_t>(t)];
      if (list.empty() || list.back() != static_cast<int>(i)) list.push_back(static_cast<int>(i));
    }
  }
  return out;
}

std::vector<int> ProducersByTensor(const Graph& graph) {
  std::vector<int> out(graph.tensors.size(), -1);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    for (int t : graph.ops[i].outputs) out[static_cast<size_t>(t)] = static_cast<int>(i);
  }
  return out;
}

bool IsGraphOutput(const Graph& graph, int tensor) {
  return std::find(graph.outputs.begin(), graph.outputs.end(), tensor) != graph.outputs.end();
}

bool IsGraphInput(const Graph& graph, int tensor) {
  return std::find(graph.inputs.begin(), graph.inputs.end(), tensor) != graph.inputs.end();
}

void ReplaceUses(Graph& graph, int from, int to) {
  for (Op& op : graph.ops) {
    for (int& t : op.inputs) {
      if (t == from) t = to;
    }
  }
}

bool BypassOp(Graph& graph, size_t op_index, int in, int out) {
  if (!IsGraphOutput(graph, out)) {
    ReplaceUses(graph, out, in);
    return true;
  }
  if (graph.tensor(in).is_constant || IsGraphInput(graph, in) || IsGraphOutput(graph, in)) return false;
  for (size_t i = 0; i < op_index; ++i) {
    for (int& t : graph.ops[i].outputs) {
      if (t != in) continue;
      t = out;
      ReplaceUses(graph, in, out);
      return true;
    }
  }
  return false;  // `in` has no writer before the op: not a valid graph
}

void EraseOps(Graph& graph, const std::vector<bool>& erase) {
  size_t k = 0;
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    if (i < erase.size() && erase[i]) continue;
    if (k != i) graph.ops[k] = std::move(graph.ops[i]);
    ++k;
  }
  graph.ops.resize(k);
}

int AddTensor(Graph& graph, Tensor tensor) {
  graph.tensors.push_back(std::move(tensor));
  return static_cast<int>(graph.tensors.size()) - 1;
}

int OwnConstant(Graph& graph, size_t op_index, size_t slot) {
  const int t = graph.ops[op_index].inputs[slot];
  int readers = IsGraphOutput(graph, t) ? 1 : 0;
  for (const Op& op : graph.ops) readers += static_cast<int>(std::count(op.inputs.begin(), op.inputs.end(), t));
  if (readers <= 1) return t;
  Tensor copy = graph.tensor(t);
  copy.name += Format("/op%zu", op_index);
  const int c = AddTensor(graph, std::move(copy));
  graph.ops[op_index].inputs[slot] = c;
  return c;
}

std::span<float> FloatData(Tensor& t) {
  return {reinterpret_cast<float*>(t.data.data()), t.data.size() / sizeof(float)};
}

std::span<const float> FloatData(const Tensor& t) {
  return {reinterpret_cast<const float*>(t.data.data()), t.data.size() / sizeof(float)};
}

std::optional<std::vector<float>> ChannelValues(const Tensor& operand, const std::vector<int32_t>& out_shape) {
  if (!operand.is_constant || operand.dtype != DType::kF32 || out_shape.empty()) return std::nullopt;
  if (operand.shape.size() > out_shape.size()) return std::nullopt;
  if (operand.data.size() != static_cast<size_t>(operand.num_elements()) * sizeof(float)) return std::nullopt;
  const int32_t channels = out_shape.back();
  for (size_t d = 0; d + 1 < operand.shape.size(); ++d) {
    if (operand.shape[d] != 1) return std::nullopt;
  }
  const int32_t last = operand.shape.empty() ? 1 : operand.shape.back();
  if (last != 1 && last != channels) return std::nullopt;
  const auto v = FloatData(operand);
  std::vector<float> out(static_cast<size_t>(channels));
  for (int32_t c = 0; c < channels; ++c) out[static_cast<size_t>(c)] = v[last == 1 ? 0 : static_cast<size_t>(c)];
  return out;
}

bool ReadIntConstant(const Tensor& t, std::vector<int64_t>* values) {
  if (!t.is_constant) return false;
  const int64_t n = t.num_elements();
  values->clear();
  if (t.dtype == DType::kI32 && t.data.size() == static_cast<size_t>(n) * 4) {
    for (int64_t i = 0; i < n; ++i) values->push_back(t.as<int32_t>()[i]);
    return true;
  }
  if (t.dtype == DType::kI64 && t.data.size() == static_cast<size_t>(n) * 8) {
    for (int64_t i = 0; i < n; ++i) values->push_back(t.as<int64_t>()[i]);
    return true;
  }
  return false;
}

std::string TensorLabel(const Tensor& t) { return "'" + t.name + "' " + ShapeString(t.shape); }

bool IsWeightedOp(OpType t) {
  return t == OpType::kConv2D || t == OpType::kDepthwiseConv2D || t == OpType::kFullyConnected;
}

}  // namespace eb
