#include "passes/fuse_activation.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

struct Range {
  float lo, hi;
};

constexpr float kInf = INFINITY;

std::optional<Range> RangeOf(Activation a) {
  switch (a) {
    case Activation::kNone: return Range{-kInf, kInf};
    case Activation::kRelu: return Range{0.0f, kInf};
    case Activation::kRelu6: return Range{0.0f, 6.0f};
    case Activation::kReluN1To1: return Range{-1.0f, 1.0f};
    default: return std::nullopt;  // TANH is not a clamp
  }
}

std::optional<Activation> ActivationOf(Range r) {
  for (Activation a : {Activation::kNone, Activation::kRelu, Activation::kRelu6, Activation::kReluN1To1}) {
    const Range x = *RangeOf(a);
    if (x.lo == r.lo && x.hi == r.hi) return a;
  }
  return std::nullopt;
}

bool IsProducer(OpType t) {
  switch (t) {
    case OpType::kConv2D: case OpType::kDepthwiseConv2D: case OpType::kFullyConnected:
    case OpType::kAdd: case OpType::kSub: case OpType::kMul: case OpType::kDiv:
      return true;
    default:
      return false;
  }
}

// The clamp an activation op applies to input tensor `x`, if it is one this pass fuses.
std::optional<Range> ClampOf(const Graph& g, const Op& op, int x) {
  if (op.outputs.size() != 1) return std::nullopt;
  const Tensor& in = g.tensor(x);
  const Tensor& out = g.tensor(op.outputs[0]);
  if (in.dtype != out.dtype || in.shape != out.shape || in.quant != out.quant) return std::nullopt;
  if (in.dtype != DType::kF32 && in.dtype != DType::kI8) return std::nullopt;
  if (op.type == OpType::kRelu && op.inputs.size() == 1) return Range{0.0f, kInf};
  if (op.type == OpType::kRelu6 && op.inputs.size() == 1) return Range{0.0f, 6.0f};
  if ((op.type != OpType::kMaximum && op.type != OpType::kMinimum) || op.inputs.size() != 2) return std::nullopt;
  if (in.dtype != DType::kF32) return std::nullopt;
  const int c = op.inputs[0] == x ? op.inputs[1] : op.inputs[0];
  const Tensor& ct = g.tensor(c);
  if (c == x || !ct.is_constant || ct.dtype != DType::kF32 || ct.num_elements() < 1) return std::nullopt;
  const auto v = FloatData(ct);
  if (v.size() != static_cast<size_t>(ct.num_elements())) return std::nullopt;
  if (std::any_of(v.begin(), v.end(), [&](float f) { return f != v[0]; }) || std::isnan(v[0])) return std::nullopt;
  return op.type == OpType::kMaximum ? Range{v[0], kInf} : Range{-kInf, v[0]};
}

}  // namespace

Status FuseActivation(Graph& graph, PassReport* report) {
  PassRecorder rec(report, "fuse_activation", graph);
  std::vector<bool> erase(graph.ops.size(), false);
  for (size_t p = 0; p < graph.ops.size(); ++p) {
    Op& op = graph.ops[p];
    if (!IsProducer(op.type) || op.outputs.size() != 1) continue;
    if (graph.tensor(op.outputs[0]).dtype == DType::kI8 && op.type == OpType::kDiv) continue;
    const auto current = RangeOf(op.attrs.activation);
    if (!current) continue;
    // The chain of clamps after the op, each the only reader of the one before. A prefix fuses if its
    // combined clamp is a fused activation; an intermediate one need not be (MAXIMUM(-1) alone is not).
    const auto consumers = ConsumersByTensor(graph);
    struct Step {
      size_t op;
      Range range;
    };
    std::vector<Step> chain;
    Range range = *current;
    for (int t = op.outputs[0];;) {
      const auto& readers = consumers[static_cast<size_t>(t)];
      if (readers.size() != 1 || IsGraphOutput(graph, t)) break;
      const size_t a = static_cast<size_t>(readers[0]);
      const auto clamp = ClampOf(graph, graph.ops[a], t);
      if (!clamp) break;
      range = Range{std::max(range.lo, clamp->lo), std::min(range.hi, clamp->hi)};
      chain.push_back({a, range});
      t = graph.ops[a].outputs[0];
    }
    size_t fused = 0;  // clamps fused
    std::optional<Activation> act;
    for (size_t k = 0; k < chain.size(); ++k) {
      if (const auto x = ActivationOf(chain[k].range)) {
        fused = k + 1;
        act = x;
      }
    }
    if (chain.empty()) continue;
    if (!act) {
      rec.Skip(Format("%s after %s: the combined clamp is not a fused activation", graph.OpLabel(chain[0].op).c_str(),
                      graph.OpLabel(p).c_str()));
      continue;
    }
    for (size_t k = 0; k < fused; ++k) {
      const size_t a = chain[k].op;
      rec.Change(Format("fused %s into %s (activation %s)", graph.OpLabel(a).c_str(), graph.OpLabel(p).c_str(),
                        std::string(ActivationName(*act)).c_str()));
      op.outputs[0] = graph.ops[a].outputs[0];
      erase[a] = true;
      graph.ops[a].inputs.clear();
      graph.ops[a].outputs.clear();
    }
    op.attrs.activation = *act;
  }
  EraseOps(graph, erase);
  return rec.Finish(graph);
}

}  // namespace eb
