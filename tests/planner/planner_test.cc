// Memory planner tests: exact offsets on graphs built in code, views sharing their input's bytes, constants
// outside the arena, and on every shared model an independent check that no two tensors alive at the
// same time share a byte.
#include "planner/planner.h"

#include <gtest/gtest.h>

#include <iostream>
#include <limits>

#include "importers/load_model.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// A float32 tensor of `floats` elements, shaped [1, floats].
Tensor F32(std::string name, int32_t floats) {
  Tensor t;
  t.name = std::move(name);
  t.dtype = DType::kF32;
  t.shape = {1, floats};
  return t;
}

Tensor Constant(std::string name, int32_t floats) {
  Tensor t = F32(std::move(name), floats);
  t.is_constant = true;
  t.data.assign(static_cast<size_t>(floats) * sizeof(float), 0);
  return t;
}

int Add(Graph& g, Tensor t) {
  g.tensors.push_back(std::move(t));
  return static_cast<int>(g.tensors.size()) - 1;
}

// ---------------------------------------------------------------------------------------------------
// An independent checker: lifetimes computed here from the graph alone, then every pair of tensors alive at
// the same op must occupy disjoint bytes unless one is a view of the other.

struct Life {
  int first = std::numeric_limits<int>::max();
  int last = std::numeric_limits<int>::min();
};

// Returns "" if the plan is sound, else what is wrong.
std::string CheckPlan(const Graph& g, const MemoryPlan& plan) {
  const size_t n = g.tensors.size();
  if (plan.offset.size() != n || plan.alias_of.size() != n) return "plan vectors do not match the tensor count";
  const int num_ops = static_cast<int>(g.ops.size());
  // Which tensor each view output may legitimately share: the root of its non-constant input.
  std::vector<int> root(n);
  for (size_t t = 0; t < n; ++t) root[t] = static_cast<int>(t);
  for (const Op& op : g.ops) {
    if (!IsViewOp(op.type) || op.inputs.empty() || op.inputs[0] < 0 || op.outputs.empty()) continue;
    if (g.tensor(op.inputs[0]).is_constant) continue;
    root[static_cast<size_t>(op.outputs[0])] = root[static_cast<size_t>(op.inputs[0])];
  }
  for (size_t t = 0; t < n; ++t) {
    if (g.tensors[t].is_constant) {
      if (plan.offset[t] != -1) return "constant '" + g.tensors[t].name + "' has an arena offset";
      continue;
    }
    if (plan.alias_of[t] != root[t]) {
      return "tensor '" + g.tensors[t].name + "' aliases " + std::to_string(plan.alias_of[t]) + ", expected " +
             std::to_string(root[t]);
    }
  }
  // Lifetime of each tensor's own use; a view keeps its root alive, so lifetimes are merged per root.
  std::vector<Life> life(n);
  auto touch = [&](int t, int when) {
    if (t < 0 || g.tensor(t).is_constant) return;
    Life& l = life[static_cast<size_t>(root[static_cast<size_t>(t)])];
    l.first = std::min(l.first, when);
    l.last = std::max(l.last, when);
  };
  for (int t : g.inputs) touch(t, -1);
  for (int i = 0; i < num_ops; ++i) {
    for (int t : g.ops[static_cast<size_t>(i)].inputs) touch(t, i);
    for (int t : g.ops[static_cast<size_t>(i)].outputs) touch(t, i);
  }
  for (int t : g.outputs) touch(t, num_ops);
  std::vector<size_t> used;
  for (size_t t = 0; t < n; ++t) {
    if (g.tensors[t].is_constant || root[t] != static_cast<int>(t) || life[t].first > life[t].last) continue;
    used.push_back(t);
  }
  // Every byte of every view lies inside its root's block.
  for (size_t t = 0; t < n; ++t) {
    if (g.tensors[t].is_constant || life[static_cast<size_t>(root[t])].first > life[static_cast<size_t>(root[t])].last) {
      continue;
    }
    const int64_t off = plan.offset[t];
    const int64_t bytes = g.tensors[t].num_bytes();
    const size_t r = static_cast<size_t>(root[t]);
    if (off < 0) return "live tensor '" + g.tensors[t].name + "' has no offset";
    if (off % kArenaAlignment != 0) return "tensor '" + g.tensors[t].name + "' is not 16-byte aligned";
    if (off + bytes > plan.arena_bytes) return "tensor '" + g.tensors[t].name + "' ends past the arena";
    if (r != t && (off != plan.offset[r] || bytes > g.tensors[r].num_bytes())) {
      return "view '" + g.tensors[t].name + "' does not lie inside '" + g.tensors[r].name + "'";
    }
  }
  for (size_t i = 0; i < used.size(); ++i) {
    for (size_t j = i + 1; j < used.size(); ++j) {
      const size_t a = used[i], b = used[j];
      if (life[a].last < life[b].first || life[b].last < life[a].first) continue;  // never alive together
      const int64_t a0 = plan.offset[a], a1 = a0 + g.tensors[a].num_bytes();
      const int64_t b0 = plan.offset[b], b1 = b0 + g.tensors[b].num_bytes();
      if (a0 < b1 && b0 < a1) {
        return "'" + g.tensors[a].name + "' [" + std::to_string(a0) + "," + std::to_string(a1) + ") and '" +
               g.tensors[b].name + "' [" + std::to_string(b0) + "," + std::to_string(b1) +
               ") overlap while both are alive (ops " + std::to_string(std::max(life[a].first, life[b].first)) +
               ".." + std::to_string(std::min(life[a].last, life[b].last)) + ")";
      }
    }
  }
  return "";
}

// ---------------------------------------------------------------------------------------------------
// Hand-built graphs.

// A [1,10] (40 bytes -> 48) -> op0 -> B [1,25] (100 bytes -> 112) -> op1 -> C [1,4] (16 bytes).
// Lifetimes: A [-1,0], B [0,1], C [1,2]. Largest first: B at 0; A overlaps B in time, so 112; C overlaps B
// but not A, so C takes A's place at 112. Arena 112 + 48.
TEST(Planner, ChainReusesDeadTensorsExactly) {
  Graph g;
  const int a = Add(g, F32("A", 10));
  const int b = Add(g, F32("B", 25));
  const int c = Add(g, F32("C", 4));
  g.inputs = {a};
  g.outputs = {c};
  g.ops.push_back(Op{OpType::kRelu, {a}, {b}, {}});
  g.ops.push_back(Op{OpType::kRelu, {b}, {c}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{112, 0, 112}));
  EXPECT_EQ(plan.alias_of, (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(plan.arena_bytes, 160);
  EXPECT_EQ(CheckPlan(g, plan), "");
}

// Kernel scratch is a block alive during its op only, 64-byte aligned: the same chain with 100 bytes of scratch
// for op0 (-> 128) and 10 for op1 (-> 64). Largest first: scratch0 at 0; B overlaps it in time, so 128; scratch1
// (op 1) overlaps only B, so 0; A overlaps scratch0 and B, so 240; C overlaps B and scratch1, so 64.
TEST(Planner, ScratchIsPlacedLikeATensorOfOneOp) {
  Graph g;
  const int a = Add(g, F32("A", 10));
  const int b = Add(g, F32("B", 25));
  const int c = Add(g, F32("C", 4));
  g.inputs = {a};
  g.outputs = {c};
  g.ops.push_back(Op{OpType::kRelu, {a}, {b}, {}});
  g.ops.push_back(Op{OpType::kRelu, {b}, {c}, {}});
  const MemoryPlan plan = PlanMemory(g, {100, 10});
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{240, 128, 64}));
  EXPECT_EQ(plan.scratch_offset, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(plan.scratch_peak, 128);
  EXPECT_EQ(plan.arena_bytes, 288);
  EXPECT_EQ(CheckPlan(g, plan), "");
  // No scratch: the plan is the one without it.
  const MemoryPlan none = PlanMemory(g, {0, 0});
  EXPECT_EQ(none.offset, (std::vector<int64_t>{112, 0, 112}));
  EXPECT_EQ(none.scratch_offset, (std::vector<int64_t>{-1, -1}));
  EXPECT_EQ(none.arena_bytes, 160);
}

// Four equal blocks in a chain of three ops: only two are ever alive together, so two slots suffice.
TEST(Planner, ChainOfEqualTensorsPingPongs) {
  Graph g;
  for (const char* name : {"t0", "t1", "t2", "t3"}) Add(g, F32(name, 8));  // 32 bytes each
  g.inputs = {0};
  g.outputs = {3};
  for (int i = 0; i < 3; ++i) g.ops.push_back(Op{OpType::kRelu, {i}, {i + 1}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, 32, 0, 32}));
  EXPECT_EQ(plan.arena_bytes, 64);
  EXPECT_EQ(CheckPlan(g, plan), "");
}

TEST(Planner, SizesRoundUpToSixteenBytes) {
  Graph g;
  Tensor x;
  x.name = "x";
  x.dtype = DType::kI8;
  x.shape = {1, 3};  // 3 bytes
  const int a = Add(g, x);
  x.name = "y";
  x.shape = {1, 17};  // 17 bytes -> 32
  const int b = Add(g, x);
  g.inputs = {a};
  g.outputs = {b};
  g.ops.push_back(Op{OpType::kRelu, {a}, {b}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{32, 0}));
  EXPECT_EQ(plan.arena_bytes, 48);
  EXPECT_EQ(CheckPlan(g, plan), "");
}

// x -> RELU -> r -> RESHAPE -> v -> RELU -> y. The view v shares r's bytes and keeps r alive until op 2, so
// y (written at op 2) cannot take r's place.
TEST(Planner, ReshapeOutputAliasesItsInput) {
  Graph g;
  const int x = Add(g, F32("x", 16));  // 64 bytes
  const int r = Add(g, F32("r", 16));
  Tensor v = F32("v", 16);
  v.shape = {4, 4};
  const int vi = Add(g, v);
  const int y = Add(g, F32("y", 16));
  const int shape = Add(g, Constant("shape", 2));
  g.inputs = {x};
  g.outputs = {y};
  g.ops.push_back(Op{OpType::kRelu, {x}, {r}, {}});
  g.ops.push_back(Op{OpType::kReshape, {r, shape}, {vi}, {}});
  g.ops.push_back(Op{OpType::kRelu, {vi}, {y}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.alias_of[static_cast<size_t>(vi)], r);
  EXPECT_EQ(plan.alias_of[static_cast<size_t>(r)], r);
  EXPECT_EQ(plan.offset[static_cast<size_t>(vi)], plan.offset[static_cast<size_t>(r)]);
  // x [-1,0] and the r/v block [0,2] overlap in time; y [2,3] overlaps r/v at op 2 but not x.
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, 64, 64, 0, -1}));
  EXPECT_EQ(plan.arena_bytes, 128);
  EXPECT_EQ(CheckPlan(g, plan), "");
}

// Chained views (RESHAPE then SQUEEZE, then EXPAND_DIMS) all resolve to the first non-view tensor.
TEST(Planner, ChainedViewsShareOneRoot) {
  Graph g;
  const int x = Add(g, F32("x", 4));
  const int a = Add(g, F32("a", 4));
  const int b = Add(g, F32("b", 4));
  const int c = Add(g, F32("c", 4));
  const int d = Add(g, F32("d", 4));
  g.inputs = {x};
  g.outputs = {d};
  g.ops.push_back(Op{OpType::kRelu, {x}, {a}, {}});
  g.ops.push_back(Op{OpType::kReshape, {a}, {b}, {}});
  g.ops.push_back(Op{OpType::kSqueeze, {b}, {c}, {}});
  g.ops.push_back(Op{OpType::kExpandDims, {c}, {d}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.alias_of, (std::vector<int>{0, 1, 1, 1, 1}));
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, 16, 16, 16, 16}));
  EXPECT_EQ(plan.arena_bytes, 32);
  EXPECT_EQ(CheckPlan(g, plan), "");
}

// A graph input that is itself reshaped into the graph output: no op writes anything, one block.
TEST(Planner, ReshapeOfGraphInputIntoGraphOutput) {
  Graph g;
  const int x = Add(g, F32("x", 6));
  const int y = Add(g, F32("y", 6));
  g.inputs = {x};
  g.outputs = {y};
  g.ops.push_back(Op{OpType::kReshape, {x}, {y}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.alias_of, (std::vector<int>{0, 0}));
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, 0}));
  EXPECT_EQ(plan.arena_bytes, 32);
}

// A RESHAPE of a constant copies: the output gets its own block, the constant stays outside the arena.
TEST(Planner, ReshapeOfConstantDoesNotAlias) {
  Graph g;
  const int k = Add(g, Constant("k", 4));
  const int x = Add(g, F32("x", 4));
  const int v = Add(g, F32("v", 4));
  const int y = Add(g, F32("y", 4));
  g.inputs = {x};
  g.outputs = {y};
  g.ops.push_back(Op{OpType::kReshape, {k}, {v}, {}});
  g.ops.push_back(Op{OpType::kAdd, {x, v}, {y}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.alias_of, (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(plan.offset[static_cast<size_t>(k)], -1);
  // x [-1,1], v [0,1], y [1,2]: all three meet at op 1.
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{-1, 0, 16, 32}));
  EXPECT_EQ(plan.arena_bytes, 48);
  EXPECT_EQ(CheckPlan(g, plan), "");
}

TEST(Planner, ConstantsGetNoOffset) {
  Graph g;
  const int x = Add(g, F32("x", 4));
  const int w = Add(g, Constant("w", 1000));
  const int bias = Add(g, Constant("bias", 4));
  const int y = Add(g, F32("y", 4));
  g.inputs = {x};
  g.outputs = {y};
  g.ops.push_back(Op{OpType::kFullyConnected, {x, w, bias}, {y}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, -1, -1, 16}));
  EXPECT_EQ(plan.arena_bytes, 32);  // the 4000 constant bytes are not in the arena
}

// Graph inputs are alive from before op 0 (even when first read late), graph outputs until after the last op
// (even when never read again). Here input x is read only by op 2 and output o is written by op 0; the
// temporaries t1 (op 0..1) and t2 (op 1..2) must avoid both.
TEST(Planner, GraphInputsAndOutputsStayLiveAcrossTheRun) {
  Graph g;
  const int x = Add(g, F32("x", 4));
  const int s = Add(g, F32("s", 4));
  const int o = Add(g, F32("o", 4));
  const int t1 = Add(g, F32("t1", 4));
  const int t2 = Add(g, F32("t2", 4));
  const int z = Add(g, F32("z", 4));
  g.inputs = {x, s};
  g.outputs = {o, z};
  g.ops.push_back(Op{OpType::kRelu, {s}, {o}, {}});
  g.ops.push_back(Op{OpType::kAdd, {s, o}, {t1}, {}});  // s read last here
  g.ops.push_back(Op{OpType::kRelu, {t1}, {t2}, {}});
  g.ops.push_back(Op{OpType::kAdd, {x, t2}, {z}, {}});
  const MemoryPlan plan = PlanMemory(g);
  ASSERT_EQ(CheckPlan(g, plan), "");
  auto disjoint = [&](int a, int b) {
    const int64_t a0 = plan.offset[static_cast<size_t>(a)], b0 = plan.offset[static_cast<size_t>(b)];
    return a0 + g.tensor(a).num_bytes() <= b0 || b0 + g.tensor(b).num_bytes() <= a0;
  };
  // x is alive from the start to op 3, o from op 0 to the end: nothing written in between may share them.
  for (int t : {s, o, t1, t2, z}) EXPECT_TRUE(disjoint(x, t)) << g.tensor(t).name;
  for (int t : {x, s, t1, t2, z}) EXPECT_TRUE(disjoint(o, t)) << g.tensor(t).name;
  // s dies at op 1, so t2 (from op 2) may take its place: exact plan, all blocks 16 bytes.
  // Order by first use: x(-1), s(-1), o(0), t1(1), t2(2), z(3).
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, 16, 32, 48, 16, 48}));
  EXPECT_EQ(plan.arena_bytes, 64);
}

TEST(Planner, UnusedTensorGetsNoOffset) {
  Graph g;
  const int x = Add(g, F32("x", 4));
  Add(g, F32("orphan", 4));
  const int y = Add(g, F32("y", 4));
  g.inputs = {x};
  g.outputs = {y};
  g.ops.push_back(Op{OpType::kRelu, {x}, {y}, {}});
  const MemoryPlan plan = PlanMemory(g);
  EXPECT_EQ(plan.offset, (std::vector<int64_t>{0, -1, 16}));
  EXPECT_EQ(plan.arena_bytes, 32);
}

TEST(Planner, CheckerCatchesAnOverlap) {
  Graph g;
  const int a = Add(g, F32("A", 4));
  const int b = Add(g, F32("B", 4));
  g.inputs = {a};
  g.outputs = {b};
  g.ops.push_back(Op{OpType::kRelu, {a}, {b}, {}});
  MemoryPlan plan = PlanMemory(g);
  ASSERT_EQ(CheckPlan(g, plan), "");
  plan.offset[1] = plan.offset[0];
  EXPECT_EQ(CheckPlan(g, plan), "'A' [0,16) and 'B' [0,16) overlap while both are alive (ops 0..0)");
}

TEST(Planner, ViewOps) {
  EXPECT_TRUE(IsViewOp(OpType::kReshape));
  EXPECT_TRUE(IsViewOp(OpType::kSqueeze));
  EXPECT_TRUE(IsViewOp(OpType::kExpandDims));
  EXPECT_FALSE(IsViewOp(OpType::kTranspose));
  EXPECT_FALSE(IsViewOp(OpType::kRelu));
}

// ---------------------------------------------------------------------------------------------------
// Shared models.

int64_t PlannedArena(const std::string& rel) {
  auto graph = LoadModel(test::SharedPath(rel));
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  if (!graph.ok()) return -1;
  const MemoryPlan plan = PlanMemory(graph.value());
  std::cout << "[planner] " << rel << ": arena " << plan.arena_bytes << " bytes\n";
  return plan.arena_bytes;
}

// TFLM's arena head for this model is 49152 bytes; the planner matches it exactly.
TEST(PlannerShared, PretrainedResnetQuantMatchesTflmHead) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  EXPECT_EQ(PlannedArena("models/tflite/mlperf-tiny/pretrainedResnet_quant.tflite"), 49152);
}

TEST(PlannerShared, Vww96Int8Arena) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  EXPECT_EQ(PlannedArena("models/tflite/mlperf-tiny/vww_96_int8.tflite"), 64512);
}

TEST(PlannerShared, NoLiveOverlapInAnySharedModel) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  const auto models = test::SharedTfliteModels();
  ASSERT_EQ(models.size(), 11u);
  for (const std::string& path : models) {
    auto graph = LoadModel(path);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    const MemoryPlan plan = PlanMemory(graph.value());
    EXPECT_EQ(CheckPlan(graph.value(), plan), "") << path;
    // The arena is never larger than keeping every non-constant tensor apart.
    int64_t all = 0;
    for (const Tensor& t : graph->tensors) {
      if (!t.is_constant) all += (t.num_bytes() + kArenaAlignment - 1) / kArenaAlignment * kArenaAlignment;
    }
    EXPECT_LE(plan.arena_bytes, all) << path;
    EXPECT_GT(plan.arena_bytes, 0) << path;
  }
}

}  // namespace
}  // namespace eb
