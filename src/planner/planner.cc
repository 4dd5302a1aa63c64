#include "planner/planner.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace eb {
namespace {

int64_t AlignUp(int64_t v) { return (v + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment; }

// Op indices; graph inputs are alive from -1, graph outputs until num_ops.
struct Interval {
  int first = std::numeric_limits<int>::max();
  int last = std::numeric_limits<int>::min();
  bool used() const { return first <= last; }
};

}  // namespace

bool IsViewOp(OpType t) {
  return t == OpType::kReshape || t == OpType::kSqueeze || t == OpType::kExpandDims;
}

MemoryPlan PlanMemory(const Graph& graph, const std::vector<int64_t>& op_scratch) {
  const size_t n = graph.tensors.size();
  const int num_ops = static_cast<int>(graph.ops.size());
  MemoryPlan plan;
  plan.offset.assign(n, -1);
  plan.alias_of.resize(n);
  std::iota(plan.alias_of.begin(), plan.alias_of.end(), 0);

  // Views share the root tensor of their (non-constant) input.
  for (const Op& op : graph.ops) {
    if (!IsViewOp(op.type) || op.inputs.empty() || op.inputs[0] < 0 || op.outputs.empty()) continue;
    const int in = op.inputs[0];
    if (graph.tensor(in).is_constant) continue;
    plan.alias_of[static_cast<size_t>(op.outputs[0])] = plan.alias_of[static_cast<size_t>(in)];
  }
  auto root = [&](int t) { return plan.alias_of[static_cast<size_t>(t)]; };

  // Lifetimes are kept per root, so a view extends its input's life.
  std::vector<Interval> life(n);
  auto touch = [&](int t, int when) {
    if (t < 0 || graph.tensor(t).is_constant) return;
    Interval& iv = life[static_cast<size_t>(root(t))];
    iv.first = std::min(iv.first, when);
    iv.last = std::max(iv.last, when);
  };
  for (int t : graph.inputs) touch(t, -1);
  for (int i = 0; i < num_ops; ++i) {
    for (int t : graph.ops[static_cast<size_t>(i)].inputs) touch(t, i);
    for (int t : graph.ops[static_cast<size_t>(i)].outputs) touch(t, i);
  }
  for (int t : graph.outputs) touch(t, num_ops);
  // State persists from one invocation to the next, so no other tensor may ever share its bytes.
  for (size_t t = 0; t < n; ++t) {
    if (graph.tensors[t].is_variable && life[static_cast<size_t>(root(static_cast<int>(t)))].used()) {
      touch(static_cast<int>(t), -1);
      touch(static_cast<int>(t), num_ops);
    }
  }

  // A root's size is the largest of the tensors that share it (views have equal sizes by construction).
  std::vector<int64_t> size(n, 0);
  for (size_t t = 0; t < n; ++t) {
    if (graph.tensors[t].is_constant) continue;
    const size_t r = static_cast<size_t>(root(static_cast<int>(t)));
    size[r] = std::max(size[r], AlignUp(graph.tensors[t].num_bytes()));
  }

  std::vector<size_t> order;
  for (size_t t = 0; t < n; ++t) {
    if (root(static_cast<int>(t)) == static_cast<int>(t) && life[t].used() && !graph.tensors[t].is_constant) {
      order.push_back(t);
    }
  }
  // Scratch buffers are blocks n + i, alive during op i only, aligned for the SIMD kernels.
  std::vector<int64_t> align(n, kArenaAlignment);
  plan.scratch_offset.assign(static_cast<size_t>(num_ops), -1);
  for (size_t i = 0; i < op_scratch.size() && i < static_cast<size_t>(num_ops); ++i) {
    if (op_scratch[i] <= 0) continue;
    const size_t b = size.size();
    size.push_back((op_scratch[i] + kScratchAlignment - 1) / kScratchAlignment * kScratchAlignment);
    life.push_back(Interval{static_cast<int>(i), static_cast<int>(i)});
    align.push_back(kScratchAlignment);
    plan.offset.push_back(-1);
    plan.scratch_peak = std::max(plan.scratch_peak, size[b]);
    order.push_back(b);
  }
  // Largest first; ties by first use keep the plan deterministic.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (size[a] != size[b]) return size[a] > size[b];
    return life[a].first < life[b].first;
  });

  std::vector<size_t> placed;
  for (size_t t : order) {
    // Collect the placed blocks alive at the same time, sorted by offset, and take the first gap.
    std::vector<std::pair<int64_t, int64_t>> busy;
    for (size_t p : placed) {
      if (life[p].last < life[t].first || life[t].last < life[p].first) continue;
      busy.emplace_back(plan.offset[p], plan.offset[p] + size[p]);
    }
    std::sort(busy.begin(), busy.end());
    int64_t candidate = 0;
    for (const auto& [begin, end] : busy) {
      if (candidate + size[t] <= begin) break;
      candidate = std::max(candidate, (end + align[t] - 1) / align[t] * align[t]);
    }
    plan.offset[t] = candidate;
    plan.arena_bytes = std::max(plan.arena_bytes, candidate + size[t]);
    placed.push_back(t);
  }
  for (size_t t = 0; t < n; ++t) {
    const size_t r = static_cast<size_t>(root(static_cast<int>(t)));
    if (r != t && !graph.tensors[t].is_constant) plan.offset[t] = plan.offset[r];
  }
  for (size_t b = n, i = 0; i < op_scratch.size() && i < static_cast<size_t>(num_ops); ++i) {
    if (op_scratch[i] > 0) plan.scratch_offset[i] = plan.offset[b++];
  }
  plan.offset.resize(n);
  return plan;
}

}  // namespace eb
