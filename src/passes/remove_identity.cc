#include "passes/remove_identity.h"

#include <optional>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

struct NoOp {
  int in = -1;      // the tensor whose values the op's output repeats
  std::string why;  // for the report
};

bool SameValues(const Tensor& a, const Tensor& b) {
  return a.dtype == b.dtype && a.shape == b.shape && a.quant == b.quant;
}

bool IsView(OpType t) { return t == OpType::kReshape || t == OpType::kSqueeze || t == OpType::kExpandDims; }

bool AllEqual(const Tensor& t, float v) {
  if (!t.is_constant || t.dtype != DType::kF32) return false;
  const auto d = FloatData(t);
  if (d.size() != static_cast<size_t>(t.num_elements())) return false;
  for (float x : d) {
    if (x != v) return false;
  }
  return true;
}

std::optional<std::vector<int64_t>> ConstPerm(const Graph& g, const Op& op) {
  std::vector<int64_t> perm;
  if (InputOf(op, 1) < 0 || !ReadIntConstant(g.tensor(op.inputs[1]), &perm)) return std::nullopt;
  return perm;
}

// A binary float op with an identity constant (`neutral`) in either operand (only the second when the op
// does not commute): the other operand passes through.
std::optional<NoOp> NeutralBinary(const Graph& g, const Op& op, float neutral, bool commutes, const char* why) {
  if (op.inputs.size() != 2 || op.attrs.activation != Activation::kNone) return std::nullopt;
  const Tensor& out = g.tensor(op.outputs[0]);
  if (out.dtype != DType::kF32) return std::nullopt;
  for (int k = 1; k >= (commutes ? 0 : 1); --k) {
    const int c = op.inputs[static_cast<size_t>(k)], x = op.inputs[static_cast<size_t>(1 - k)];
    if (c >= 0 && x >= 0 && AllEqual(g.tensor(c), neutral) && SameValues(g.tensor(x), out)) return NoOp{x, why};
  }
  return std::nullopt;
}

std::optional<NoOp> FindNoOp(const Graph& g, const Op& op, const std::vector<int>& producers) {
  if (op.outputs.size() != 1 || op.inputs.empty() || op.inputs[0] < 0) return std::nullopt;
  const int x = op.inputs[0];
  const Tensor& in = g.tensor(x);
  const Tensor& out = g.tensor(op.outputs[0]);
  switch (op.type) {
    case OpType::kReshape: case OpType::kSqueeze: case OpType::kExpandDims:
      if (SameValues(in, out)) return NoOp{x, "same shape " + ShapeString(out.shape)};
      return std::nullopt;
    case OpType::kCast:
      if (SameValues(in, out)) return NoOp{x, "cast to its own type"};
      return std::nullopt;
    case OpType::kQuantize:
      if (IsQuantizedType(in.dtype) && SameValues(in, out)) return NoOp{x, "requantisation to the same parameters"};
      return std::nullopt;
    case OpType::kTranspose: {
      const auto perm = ConstPerm(g, op);
      if (!perm) return std::nullopt;
      bool identity = true;
      for (size_t d = 0; d < perm->size(); ++d) identity = identity && (*perm)[d] == static_cast<int64_t>(d);
      if (identity && SameValues(in, out)) return NoOp{x, "identity permutation"};
      const int p = producers[static_cast<size_t>(x)];
      if (p < 0 || g.ops[static_cast<size_t>(p)].type != OpType::kTranspose) return std::nullopt;
      const Op& first = g.ops[static_cast<size_t>(p)];
      const auto perm1 = ConstPerm(g, first);
      if (!perm1 || perm1->size() != perm->size() || first.inputs[0] < 0) return std::nullopt;
      // out[d] = in[perm[d]] = first_in[perm1[perm[d]]]: the pair cancels when that is d for every d.
      for (size_t d = 0; d < perm->size(); ++d) {
        const int64_t q = (*perm)[d];
        if (q < 0 || q >= static_cast<int64_t>(perm1->size())) return std::nullopt;
        if ((*perm1)[static_cast<size_t>(q)] != static_cast<int64_t>(d)) return std::nullopt;
      }
      if (!SameValues(g.tensor(first.inputs[0]), out)) return std::nullopt;
      return NoOp{first.inputs[0], "undoes " + g.OpLabel(static_cast<size_t>(p))};
    }
    case OpType::kPad: case OpType::kPadV2: {
      std::vector<int64_t> pads;
      if (InputOf(op, 1) < 0 || !ReadIntConstant(g.tensor(op.inputs[1]), &pads)) return std::nullopt;
      for (int64_t v : pads) {
        if (v != 0) return std::nullopt;
      }
      if (SameValues(in, out)) return NoOp{x, "all paddings are zero"};
      return std::nullopt;
    }
    case OpType::kConcatenation:
      if (op.inputs.size() == 1 && op.attrs.activation == Activation::kNone && SameValues(in, out)) {
        return NoOp{x, "concatenation of one input"};
      }
      return std::nullopt;
    case OpType::kAveragePool2D: case OpType::kMaxPool2D: {
      const OpAttrs& a = op.attrs;
      if (a.filter_h == 1 && a.filter_w == 1 && a.stride_h == 1 && a.stride_w == 1 &&
          a.activation == Activation::kNone && SameValues(in, out)) {
        return NoOp{x, "1x1 window with stride 1"};
      }
      return std::nullopt;
    }
    case OpType::kAdd: return NeutralBinary(g, op, 0.0f, true, "adds a constant zero");
    case OpType::kSub: return NeutralBinary(g, op, 0.0f, false, "subtracts a constant zero");
    case OpType::kMul: return NeutralBinary(g, op, 1.0f, true, "multiplies by a constant one");
    case OpType::kDiv: return NeutralBinary(g, op, 1.0f, false, "divides by a constant one");
    default: return std::nullopt;
  }
}

// RESHAPE's target is its output's shape, so it can read a view's input directly (the view may then die).
bool ShortcutReshapeOfView(Graph& g, size_t i, const std::vector<int>& producers, PassRecorder& rec) {
  Op& op = g.ops[i];
  if (op.type != OpType::kReshape || op.inputs.empty() || op.inputs[0] < 0) return false;
  const int p = producers[static_cast<size_t>(op.inputs[0])];
  if (p < 0) return false;
  const Op& view = g.ops[static_cast<size_t>(p)];
  if (!IsView(view.type) || view.inputs.empty()) return false;
  const int src = view.inputs[0];
  if (src < 0) return false;
  const Tensor& s = g.tensor(src);
  const Tensor& out = g.tensor(op.outputs[0]);
  if (s.dtype != out.dtype || s.quant != out.quant || s.num_elements() != out.num_elements()) return false;
  rec.Change(Format("%s reads '%s' directly instead of through %s", g.OpLabel(i).c_str(), s.name.c_str(),
                    g.OpLabel(static_cast<size_t>(p)).c_str()));
  op.inputs[0] = src;
  return true;
}

// Marks ops whose outputs nobody reads (walking backwards, so whole dead chains go at once).
void MarkDeadOps(const Graph& g, std::vector<bool>& erase, PassRecorder& rec) {
  std::vector<int> readers(g.tensors.size(), 0);
  for (size_t i = 0; i < g.ops.size(); ++i) {
    if (erase[i]) continue;
    for (int t : g.ops[i].inputs) {
      if (t >= 0) ++readers[static_cast<size_t>(t)];
    }
  }
  for (int t : g.outputs) ++readers[static_cast<size_t>(t)];
  for (size_t i = g.ops.size(); i-- > 0;) {
    if (erase[i] || g.ops[i].outputs.empty()) continue;
    bool live = false;
    for (int t : g.ops[i].outputs) live = live || readers[static_cast<size_t>(t)] > 0;
    if (live) continue;
    erase[i] = true;
    for (int t : g.ops[i].inputs) {
      if (t >= 0) --readers[static_cast<size_t>(t)];
    }
    rec.Change(Format("removed %s: its output '%s' is never read", g.OpLabel(i).c_str(),
                      g.tensor(g.ops[i].outputs[0]).name.c_str()));
  }
}

}  // namespace

Status RemoveIdentity(Graph& graph, PassReport* report) {
  PassRecorder rec(report, "remove_identity", graph);
  std::vector<bool> erase(graph.ops.size(), false);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    // Producers change as ops are bypassed (a graph output moves to an earlier writer), so recompute.
    const std::vector<int> producers = ProducersByTensor(graph);
    ShortcutReshapeOfView(graph, i, producers, rec);
    const auto noop = FindNoOp(graph, graph.ops[i], producers);
    if (!noop) continue;
    const std::string label = graph.OpLabel(i);
    const int out = graph.ops[i].outputs[0];
    if (!BypassOp(graph, i, noop->in, out)) {
      rec.Skip(Format("%s (%s) connects '%s' straight to graph output '%s'", label.c_str(), noop->why.c_str(),
                      graph.tensor(noop->in).name.c_str(), graph.tensor(out).name.c_str()));
      continue;
    }
    rec.Change(Format("removed %s: %s", label.c_str(), noop->why.c_str()));
    erase[i] = true;
    graph.ops[i].inputs.clear();
    graph.ops[i].outputs.clear();
  }
  MarkDeadOps(graph, erase, rec);
  EraseOps(graph, erase);
  return rec.Finish(graph);
}

}  // namespace eb
