#include "passes/fold_batch_norm.h"

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

enum class Affine { kScale, kShift, kNegShift };

struct Candidate {
  size_t follower;           // the MUL / ADD / SUB op
  int constant;              // its constant operand
  Affine kind;
  std::vector<float> values; // one per output channel
};

// The per-channel affine op that alone reads the output of weighted op `w`, if there is one.
std::optional<Candidate> FindFollower(const Graph& g, size_t w, const std::vector<std::vector<int>>& consumers) {
  const Op& op = g.ops[w];
  if (!IsWeightedOp(op.type) || op.attrs.activation != Activation::kNone || op.outputs.size() != 1) return std::nullopt;
  if (InputOf(op, 0) < 0 || InputOf(op, 1) < 0) return std::nullopt;
  const Tensor& filter = g.tensor(op.inputs[1]);
  if (g.tensor(op.inputs[0]).dtype != DType::kF32 || !filter.is_constant || filter.dtype != DType::kF32) {
    return std::nullopt;
  }
  const int bias = InputOf(op, 2);
  if (bias >= 0 && (!g.tensor(bias).is_constant || g.tensor(bias).dtype != DType::kF32)) return std::nullopt;
  const int y = op.outputs[0];
  const auto& readers = consumers[static_cast<size_t>(y)];
  if (readers.size() != 1 || IsGraphOutput(g, y)) return std::nullopt;
  const size_t f = static_cast<size_t>(readers[0]);
  const Op& next = g.ops[f];
  if (next.inputs.size() != 2 || next.outputs.size() != 1) return std::nullopt;
  const bool commutes = next.type == OpType::kMul || next.type == OpType::kAdd;
  if (!commutes && next.type != OpType::kSub) return std::nullopt;
  const int other = next.inputs[0] == y ? next.inputs[1] : next.inputs[0];
  if (next.inputs[0] == next.inputs[1] || (!commutes && next.inputs[0] != y)) return std::nullopt;
  const Tensor& out = g.tensor(y);
  if (g.tensor(next.outputs[0]).shape != out.shape) return std::nullopt;  // the constant would broadcast
  auto values = ChannelValues(g.tensor(other), out.shape);
  if (!values) return std::nullopt;
  const Affine kind = next.type == OpType::kMul ? Affine::kScale
                      : next.type == OpType::kAdd ? Affine::kShift : Affine::kNegShift;
  return Candidate{f, other, kind, std::move(*values)};
}

// The bias of op `w`, created as zeros if it has none, owned by it alone.
int OwnBias(Graph& g, size_t w, int32_t channels) {
  Op& op = g.ops[w];
  if (InputOf(op, 2) >= 0) return OwnConstant(g, w, 2);
  Tensor b;
  b.name = g.tensor(op.outputs[0]).name + "/bias";
  b.dtype = DType::kF32;
  b.shape = {channels};
  b.is_constant = true;
  b.data.assign(static_cast<size_t>(channels) * sizeof(float), 0);
  const int t = AddTensor(g, std::move(b));
  g.ops[w].inputs.resize(3, -1);
  g.ops[w].inputs[2] = t;
  return t;
}

void Fold(Graph& g, size_t w, const Candidate& c) {
  const OpType type = g.ops[w].type;
  const int32_t channels = static_cast<int32_t>(c.values.size());
  if (c.kind == Affine::kScale) {
    Tensor& filter = g.tensor(OwnConstant(g, w, 1));
    auto fw = FloatData(filter);
    // Output channel o of element k: the leading index for OHWI / [out, in] filters, the last for 1HWO.
    const size_t inner = type == OpType::kDepthwiseConv2D ? 1 : fw.size() / static_cast<size_t>(channels);
    for (size_t k = 0; k < fw.size(); ++k) {
      const size_t o = type == OpType::kDepthwiseConv2D ? k % static_cast<size_t>(channels) : k / inner;
      fw[k] *= c.values[o];
    }
    if (InputOf(g.ops[w], 2) >= 0) {
      auto b = FloatData(g.tensor(OwnConstant(g, w, 2)));
      for (size_t o = 0; o < b.size(); ++o) b[o] *= c.values[o];
    }
  } else {
    auto b = FloatData(g.tensor(OwnBias(g, w, channels)));
    for (size_t o = 0; o < b.size(); ++o) b[o] = c.kind == Affine::kShift ? b[o] + c.values[o] : b[o] - c.values[o];
  }
  const Op& next = g.ops[c.follower];
  g.ops[w].attrs.activation = next.attrs.activation;
  g.ops[w].outputs[0] = next.outputs[0];
}

// True when the filter's output-channel count matches the per-channel values.
bool ChannelsMatch(const Graph& g, const Op& op, size_t channels) {
  const Tensor& f = g.tensor(op.inputs[1]);
  const size_t axis = op.type == OpType::kDepthwiseConv2D ? 3 : 0;
  if (f.shape.size() <= axis || static_cast<size_t>(f.shape[axis]) != channels) return false;
  if (f.data.size() != static_cast<size_t>(f.num_elements()) * sizeof(float)) return false;
  const int b = InputOf(op, 2);
  return b < 0 || g.tensor(b).num_elements() == static_cast<int64_t>(channels);
}

}  // namespace

Status FoldBatchNorm(Graph& graph, PassReport* report) {
  PassRecorder rec(report, "fold_batch_norm", graph);
  std::vector<bool> erase(graph.ops.size(), false);
  for (size_t w = 0; w < graph.ops.size(); ++w) {
    // Each fold moves the op's output one step down the chain; look again until nothing follows.
    for (;;) {
      const auto consumers = ConsumersByTensor(graph);
      const auto c = FindFollower(graph, w, consumers);
      if (!c || !ChannelsMatch(graph, graph.ops[w], c->values.size())) break;
      const std::string line = Format("folded %s (constant '%s') into %s", graph.OpLabel(c->follower).c_str(),
                                      graph.tensor(c->constant).name.c_str(), graph.OpLabel(w).c_str());
      Fold(graph, w, *c);
      erase[c->follower] = true;
      graph.ops[c->follower].inputs.clear();
      graph.ops[c->follower].outputs.clear();
      rec.Change(line);
    }
  }
  EraseOps(graph, erase);
  return rec.Finish(graph);
}

}  // namespace eb
