#include "passes/prune_channels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

using Keep = std::vector<int32_t>;  // surviving indices along an axis, ascending

// What pruning one conv changes, found before anything is edited.
struct Plan {
  struct Carried {  // a tensor whose last axis keeps only `keep`
    int tensor;
    Keep keep;
  };
  struct Slice {  // a constant input whose `axis` keeps only `keep`
    size_t op, slot;
    int axis;
    Keep keep;
  };
  std::vector<Carried> carried;
  std::vector<Slice> slices;
  std::vector<size_t> reshapes;  // RESHAPE ops whose shape operand follows their new output shape
};

bool IsFloatConstant(const Tensor& t) {
  return t.is_constant && t.dtype == DType::kF32 && t.data.size() == static_cast<size_t>(t.num_elements()) * 4;
}

bool IsChannelwiseUnary(OpType t) {
  switch (t) {
    case OpType::kRelu: case OpType::kRelu6: case OpType::kLogistic: case OpType::kTanh:
    case OpType::kHardSwish: case OpType::kLeakyRelu: case OpType::kAveragePool2D: case OpType::kMaxPool2D:
      return true;
    default:
      return false;
  }
}

// keep (channels of an axis of size c) repeated at each of `outer` positions: s * c + k.
Keep Spread(const Keep& keep, int64_t c, int64_t outer) {
  Keep out;
  for (int64_t s = 0; s < outer; ++s) {
    for (int32_t k : keep) out.push_back(static_cast<int32_t>(s * c + k));
  }
  return out;
}

int64_t Product(const std::vector<int32_t>& shape, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t d = from; d < to; ++d) p *= shape[d];
  return p;
}

class Planner {
 public:
  Planner(const Graph& g, const std::vector<std::vector<int>>& consumers) : g_(g), consumers_(consumers) {}

  // Follows tensor `t` (its last axis keeping `keep`) through its readers; false with `why` if it cannot.
  bool Follow(int t, Keep keep) {
    if (std::any_of(plan_.carried.begin(), plan_.carried.end(), [&](const auto& c) { return c.tensor == t; })) {
      return Fail("'" + g_.tensor(t).name + "' is reached twice");
    }
    if (IsGraphOutput(g_, t)) return Fail("'" + g_.tensor(t).name + "' is a graph output");
    if (g_.tensor(t).dtype != DType::kF32) return Fail("'" + g_.tensor(t).name + "' is not float32");
    plan_.carried.push_back({t, keep});
    for (int c : consumers_[static_cast<size_t>(t)]) {
      if (!FollowReader(static_cast<size_t>(c), t, keep)) return false;
    }
    return true;
  }

  void SliceConstant(size_t op, size_t slot, int axis, Keep keep) {
    plan_.slices.push_back({op, slot, axis, std::move(keep)});
  }
  Plan& plan() { return plan_; }
  const std::string& why() const { return why_; }

 private:
  bool Fail(std::string why) {
    why_ = std::move(why);
    return false;
  }
  bool Unsupported(size_t op) { return Fail("read by " + g_.OpLabel(op) + ", which channel pruning does not follow"); }

  bool FollowReader(size_t i, int t, const Keep& keep) {
    const Op& op = g_.ops[i];
    const Tensor& in = g_.tensor(t);
    const int64_t c = in.shape.back();
    const int uses = static_cast<int>(std::count(op.inputs.begin(), op.inputs.end(), t));
    if (op.outputs.size() != 1) return Unsupported(i);
    const int out = op.outputs[0];
    switch (op.type) {
      case OpType::kAdd: case OpType::kSub: case OpType::kMul: case OpType::kDiv: {
        const int other = op.inputs.size() == 2 ? (op.inputs[0] == t ? op.inputs[1] : op.inputs[0]) : -1;
        if (uses != 1 || other < 0 || !IsFloatConstant(g_.tensor(other))) {
          return Fail("read by " + g_.OpLabel(i) +
                      " together with another activation (both would have to be pruned alike)");
        }
        const Tensor& k = g_.tensor(other);
        if (g_.tensor(out).shape != in.shape || k.shape.size() > in.shape.size()) return Unsupported(i);
        const size_t slot = op.inputs[0] == t ? 1 : 0;
        if (!k.shape.empty() && k.shape.back() == c && c > 1) {
          SliceConstant(i, slot, static_cast<int>(k.shape.size()) - 1, keep);
        } else if (!k.shape.empty() && k.shape.back() != 1) {
          return Unsupported(i);
        }
        return Follow(out, keep);
      }
      case OpType::kConv2D: {
        if (uses != 1 || InputOf(op, 0) != t || !IsFloatConstant(g_.tensor(op.inputs[1]))) return Unsupported(i);
        SliceConstant(i, 1, 3, keep);
        return true;
      }
      case OpType::kDepthwiseConv2D: {
        if (uses != 1 || InputOf(op, 0) != t || !IsFloatConstant(g_.tensor(op.inputs[1]))) return Unsupported(i);
        const int64_t m = g_.tensor(op.inputs[1]).shape.back() / c;
        Keep expanded;
        for (int32_t k : keep) {
          for (int64_t j = 0; j < m; ++j) expanded.push_back(static_cast<int32_t>(k * m + j));
        }
        SliceConstant(i, 1, 3, expanded);
        if (InputOf(op, 2) >= 0) {
          if (!IsFloatConstant(g_.tensor(op.inputs[2]))) return Unsupported(i);
          SliceConstant(i, 2, 0, expanded);
        }
        return Follow(out, expanded);
      }
      case OpType::kFullyConnected: {
        if (uses != 1 || InputOf(op, 0) != t || !IsFloatConstant(g_.tensor(op.inputs[1]))) return Unsupported(i);
        const int64_t depth = g_.tensor(op.inputs[1]).shape.back();
        if (depth == c) {
          SliceConstant(i, 1, 1, keep);
        } else if (in.shape.size() >= 2 && depth == Product(in.shape, 1, in.shape.size())) {
          SliceConstant(i, 1, 1, Spread(keep, c, depth / c));  // the implicit flatten of each batch row
        } else {
          return Unsupported(i);
        }
        return true;
      }
      case OpType::kReshape: case OpType::kSqueeze: {
        if (uses != 1 || InputOf(op, 0) != t) return Unsupported(i);
        const auto& is = in.shape;
        const auto& os = g_.tensor(out).shape;
        if (os.empty()) return Unsupported(i);
        if (op.type == OpType::kReshape) plan_.reshapes.push_back(i);
        // Channels stay last, leading axes regrouped.
        if (os.back() == c && Product(os, 0, os.size() - 1) == Product(is, 0, is.size() - 1)) return Follow(out, keep);
        // Trailing axes merged with the channel axis (a flatten): leading axes unchanged.
        const size_t k = os.size() - 1;
        if (k >= 1 && k < is.size() && std::equal(os.begin(), os.begin() + static_cast<long>(k), is.begin()) &&
            os[k] == Product(is, k, is.size())) {
          return Follow(out, Spread(keep, c, os[k] / c));
        }
        return Unsupported(i);
      }
      case OpType::kMean: {
        std::vector<int64_t> axes;
        if (uses != 1 || InputOf(op, 0) != t || InputOf(op, 1) < 0 ||
            !ReadIntConstant(g_.tensor(op.inputs[1]), &axes)) {
          return Unsupported(i);
        }
        const int64_t rank = static_cast<int64_t>(in.shape.size());
        for (int64_t a : axes) {
          if (a == rank - 1 || a == -1) return Fail(g_.OpLabel(i) + " reduces over the channels");
        }
        if (g_.tensor(out).shape.empty() || g_.tensor(out).shape.back() != c) return Unsupported(i);
        return Follow(out, keep);
      }
      default:
        if (IsChannelwiseUnary(op.type) && op.inputs.size() == 1 && g_.tensor(out).shape.size() == in.shape.size() &&
            g_.tensor(out).shape.back() == c) {
          return Follow(out, keep);
        }
        return Unsupported(i);
    }
  }

  const Graph& g_;
  const std::vector<std::vector<int>>& consumers_;
  Plan plan_;
  std::string why_;
};

// Keeps only `keep` along `axis` of a constant.
void SliceAxis(Tensor& t, int axis, const Keep& keep) {
  const size_t esize = DTypeSize(t.dtype);
  const int64_t outer = Product(t.shape, 0, static_cast<size_t>(axis));
  const int64_t n = t.shape[static_cast<size_t>(axis)];
  const int64_t inner = Product(t.shape, static_cast<size_t>(axis) + 1, t.shape.size()) * static_cast<int64_t>(esize);
  std::vector<uint8_t> out(static_cast<size_t>(outer) * keep.size() * static_cast<size_t>(inner));
  uint8_t* dst = out.data();
  for (int64_t o = 0; o < outer; ++o) {
    for (int32_t k : keep) {
      std::memcpy(dst, t.data.data() + (o * n + k) * inner, static_cast<size_t>(inner));
      dst += inner;
    }
  }
  t.data = std::move(out);
  t.shape[static_cast<size_t>(axis)] = static_cast<int32_t>(keep.size());
}

// Rewrites a RESHAPE's constant shape operand and option to its (new) output shape; -1 entries stay.
void UpdateReshape(Graph& g, size_t i) {
  const std::vector<int32_t> shape = g.tensor(g.ops[i].outputs[0]).shape;
  auto rewrite = [&](auto* values, size_t count) {
    if (count != shape.size()) return;
    for (size_t d = 0; d < count; ++d) {
      if (values[d] != -1) values[d] = shape[d];
    }
  };
  if (InputOf(g.ops[i], 1) >= 0 && g.tensor(g.ops[i].inputs[1]).is_constant) {
    Tensor& s = g.tensor(OwnConstant(g, i, 1));
    if (s.dtype == DType::kI32) rewrite(reinterpret_cast<int32_t*>(s.data.data()), s.data.size() / 4);
    if (s.dtype == DType::kI64) rewrite(reinterpret_cast<int64_t*>(s.data.data()), s.data.size() / 8);
  }
  auto& option = g.ops[i].attrs.new_shape;
  rewrite(option.data(), option.size());
}

// Output channels of a conv filter [O, kh, kw, I], ordered by L1 norm (then index), smallest first.
std::vector<int32_t> ChannelsByNorm(const Tensor& filter) {
  const auto w = FloatData(filter);
  const int32_t out_c = filter.shape[0];
  const size_t per = w.size() / static_cast<size_t>(out_c);
  std::vector<double> norm(static_cast<size_t>(out_c), 0.0);
  for (size_t k = 0; k < w.size(); ++k) norm[k / per] += std::fabs(static_cast<double>(w[k]));
  std::vector<int32_t> order(static_cast<size_t>(out_c));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int32_t a, int32_t b) { return norm[static_cast<size_t>(a)] < norm[static_cast<size_t>(b)]; });
  return order;
}

std::string List(const std::vector<int32_t>& v) {
  std::string s;
  for (size_t k = 0; k < v.size() && k < 16; ++k) {
    if (k) s += ',';
    s += std::to_string(v[k]);
  }
  return v.size() > 16 ? s + ",..." : s;
}

// Why conv `i` cannot be pruned at all, or empty.
std::string CheckConv(const Graph& g, const Op& op) {
  if (InputOf(op, 0) < 0 || InputOf(op, 1) < 0 || op.outputs.size() != 1) return "it has no filter";
  if (g.tensor(op.inputs[0]).dtype != DType::kF32) return "it is not float32";
  const Tensor& f = g.tensor(op.inputs[1]);
  if (!IsFloatConstant(f) || f.shape.size() != 4) return "its filter is not a float32 constant";
  if (InputOf(op, 2) >= 0 && !IsFloatConstant(g.tensor(op.inputs[2]))) return "its bias is not a float32 constant";
  return {};
}

}  // namespace

Status PruneChannels(Graph& graph, double fraction, PassReport* report) {
  if (!(fraction >= 0.0 && fraction < 1.0)) {
    return Status::Error(
        Format("prune_channels: the fraction of channels to prune must be in [0, 1), got %g", fraction));
  }
  PassRecorder rec(report, "prune_channels", graph);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    if (graph.ops[i].type != OpType::kConv2D) continue;
    const std::string label = graph.OpLabel(i);
    if (const std::string why = CheckConv(graph, graph.ops[i]); !why.empty()) {
      rec.Skip(label + ": " + why);
      continue;
    }
    const int32_t out_c = graph.tensor(graph.ops[i].inputs[1]).shape[0];
    const int32_t prune = std::min<int32_t>(static_cast<int32_t>(std::floor(fraction * out_c + 1e-9)), out_c - 1);
    if (prune <= 0) continue;
    const std::vector<int32_t> order = ChannelsByNorm(graph.tensor(graph.ops[i].inputs[1]));
    std::vector<int32_t> pruned(order.begin(), order.begin() + prune);
    Keep keep(order.begin() + prune, order.end());
    std::sort(pruned.begin(), pruned.end());
    std::sort(keep.begin(), keep.end());

    const auto consumers = ConsumersByTensor(graph);
    Planner planner(graph, consumers);
    planner.SliceConstant(i, 1, 0, keep);
    if (InputOf(graph.ops[i], 2) >= 0) planner.SliceConstant(i, 2, 0, keep);
    if (!planner.Follow(graph.ops[i].outputs[0], keep)) {
      rec.Skip(label + ": " + planner.why());
      continue;
    }
    const Plan& plan = planner.plan();
    for (const auto& s : plan.slices) SliceAxis(graph.tensor(OwnConstant(graph, s.op, s.slot)), s.axis, s.keep);
    for (const auto& c : plan.carried) graph.tensor(c.tensor).shape.back() = static_cast<int32_t>(c.keep.size());
    for (size_t r : plan.reshapes) UpdateReshape(graph, r);
    rec.Change(Format("%s %s: %d -> %zu output channels (removed %s)", label.c_str(),
                      TensorLabel(graph.tensor(graph.ops[i].outputs[0])).c_str(), out_c, keep.size(),
                      List(pruned).c_str()));
  }
  return rec.Finish(graph);
}

}  // namespace eb
