// remove_identity (freeze): no-op operators go, readers and graph outputs are rewired, real work stays.
#include "passes/remove_identity.h"

#include <gtest/gtest.h>

#include "passes/remove_unused_tensors.h"
#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

TEST(RemoveIdentity, RemovesSameShapeReshapeAndCastBetweenOps) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 2, 3});
  const int r = b.Act("r", {1, 2, 2, 3});
  const int s = b.Act("s", {1, 2, 2, 3});
  const int c = b.Act("c", {1, 2, 2, 3});
  const int y = b.Act("y", {1, 2, 2, 3});
  const int shape = b.ConstI32("shape", {4}, {1, 2, 2, 3});
  b.Add(OpType::kRelu, {x}, {r});
  b.Add(OpType::kReshape, {r, shape}, {s});
  b.Add(OpType::kCast, {s}, {c});
  b.Add(OpType::kTanh, {c}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(12, 1);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kRelu, OpType::kTanh}));
  EXPECT_EQ(g.ops[1].inputs, (std::vector<int>{r}));
  EXPECT_EQ(report.changes, 2);
  EXPECT_EQ(report.details, (std::vector<std::string>{"removed operator 1 (RESHAPE): same shape [1,2,2,3]",
                                                      "removed operator 2 (CAST): cast to its own type"}));
  EXPECT_EQ(report.Summary(), "remove_identity: 2 changes; operators 4 -> 2");
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(RemoveIdentity, KeepsTheGraphOutputNameWhenTheNoOpWritesIt) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 4});
  const int r = b.Act("r", {1, 4});
  const int out = b.Act("out", {1, 4});
  b.Add(OpType::kRelu, {x}, {r});
  b.Add(OpType::kReshape, {r}, {out});
  b.Output(out);
  Graph g = b.graph();
  ASSERT_TRUE(RemoveIdentity(g).ok());
  ASSERT_TRUE(RemoveUnusedTensors(g).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].type, OpType::kRelu);
  EXPECT_EQ(g.tensor(g.ops[0].outputs[0]).name, "out");
  EXPECT_EQ(g.tensor(g.outputs[0]).name, "out");
  EXPECT_EQ(g.tensors.size(), 2u);
  EXPECT_EQ(test::RunFloat(g, {-1, 2, -3, 4}), (std::vector<float>{0, 2, 0, 4}));
}

TEST(RemoveIdentity, KeepsANoOpFromGraphInputToGraphOutput) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 4});
  const int out = b.Act("out", {1, 4});
  b.Add(OpType::kReshape, {x}, {out});
  b.Output(out);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  EXPECT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(report.changes, 0);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 0 (RESHAPE) (same shape [1,4]) connects 'x' straight to graph "
                                "output 'out'"}));
}

TEST(RemoveIdentity, RemovesIdentityAndCancellingTransposes) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 3, 4});
  const int id = b.ConstI32("id", {4}, {0, 1, 2, 3});
  const int to_nchw = b.ConstI32("to_nchw", {4}, {0, 3, 1, 2});
  const int to_nhwc = b.ConstI32("to_nhwc", {4}, {0, 2, 3, 1});
  const int a = b.Act("a", {1, 2, 3, 4});
  const int t0 = b.Act("t0", {1, 2, 3, 4});
  const int t1 = b.Act("t1", {1, 4, 2, 3});
  const int t2 = b.Act("t2", {1, 2, 3, 4});
  b.Add(OpType::kRelu, {x}, {a});
  b.Add(OpType::kTranspose, {a, id}, {t0});
  b.Add(OpType::kTranspose, {t0, to_nchw}, {t1});
  b.Add(OpType::kTranspose, {t1, to_nhwc}, {t2});
  b.Output(t2);
  Graph g = b.graph();
  const auto in = test::RandomFloats(24, 2);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  // The RELU now writes the graph output itself.
  ASSERT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kRelu}));
  EXPECT_EQ(g.ops[0].outputs[0], t2);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "removed operator 1 (TRANSPOSE): identity permutation",
                                "removed operator 3 (TRANSPOSE): undoes operator 2 (TRANSPOSE)",
                                "removed operator 2 (TRANSPOSE): its output 't1' is never read"}));
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(RemoveIdentity, KeepsTransposesThatDoNotCancel) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 3, 4});
  const int p = b.ConstI32("p", {4}, {0, 3, 1, 2});
  const int t1 = b.Act("t1", {1, 4, 2, 3});
  const int t2 = b.Act("t2", {1, 3, 4, 2});
  b.Add(OpType::kTranspose, {x, p}, {t1});
  b.Add(OpType::kTranspose, {t1, p}, {t2});
  b.Output(t2);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  EXPECT_EQ(g.ops.size(), 2u);
  EXPECT_EQ(report.changes, 0);
}

TEST(RemoveIdentity, RemovesNeutralArithmeticButNotBroadcasts) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 3});
  const int zero = b.Const("zero", {3}, {0, 0, 0});
  const int one = b.Const("one", {1}, {1});
  const int wide_zero = b.Const("wide_zero", {2, 3}, {0, 0, 0, 0, 0, 0});
  const int half = b.Const("half", {1}, {0.5f});
  const int a = b.Act("a", {1, 3});
  const int m = b.Act("m", {1, 3});
  const int d = b.Act("d", {1, 3});
  const int h = b.Act("h", {1, 3});
  const int w = b.Act("w", {2, 3});
  b.Add(OpType::kAdd, {zero, x}, {a});       // x + 0
  b.Add(OpType::kMul, {a, one}, {m});        // * 1
  b.Add(OpType::kDiv, {m, one}, {d});        // / 1
  b.Add(OpType::kMul, {d, half}, {h});       // real work
  b.Add(OpType::kAdd, {h, wide_zero}, {w});  // broadcasts [1,3] to [2,3]: not a no-op
  b.Output(w);
  Graph g = b.graph();
  const auto want = test::RunFloat(g, {1, -2, 3});
  ASSERT_TRUE(RemoveIdentity(g).ok());
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kMul, OpType::kAdd}));
  EXPECT_EQ(g.ops[0].inputs, (std::vector<int>{x, half}));
  EXPECT_EQ(test::RunFloat(g, {1, -2, 3}), want);
}

TEST(RemoveIdentity, SubOfZeroOnlyWhenZeroIsSubtracted) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int zero = b.Const("zero", {}, {0});
  const int neg = b.Act("neg", {1, 2});
  const int y = b.Act("y", {1, 2});
  b.Add(OpType::kSub, {zero, x}, {neg});  // 0 - x: real work
  b.Add(OpType::kSub, {neg, zero}, {y});  // - 0: a no-op
  b.Output(y);
  Graph g = b.graph();
  ASSERT_TRUE(RemoveIdentity(g).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].inputs, (std::vector<int>{zero, x}));
  EXPECT_EQ(test::RunFloat(g, {1, -2}), (std::vector<float>{-1, 2}));
}

TEST(RemoveIdentity, RemovesZeroPadsSingleConcatAndUnitPools) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 2, 1});
  const int pads = b.ConstI32("pads", {4, 2}, {0, 0, 0, 0, 0, 0, 0, 0});
  const int p = b.Act("p", {1, 2, 2, 1});
  const int c = b.Act("c", {1, 2, 2, 1});
  const int m = b.Act("m", {1, 2, 2, 1});
  const int y = b.Act("y", {1, 2, 2, 1});
  b.Add(OpType::kPad, {x, pads}, {p});
  b.Add(OpType::kConcatenation, {p}, {c}, test::Attrs([](OpAttrs& at) { at.axis = 3; }));
  b.Add(OpType::kMaxPool2D, {c}, {m});  // 1x1 window, stride 1 (the defaults)
  b.Add(OpType::kRelu, {m}, {y});
  b.Output(y);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  EXPECT_EQ(report.changes, 3);
  ASSERT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kRelu}));
  EXPECT_EQ(g.ops[0].inputs, (std::vector<int>{x}));
  EXPECT_EQ(test::RunFloat(g, {-1, 2, -3, 4}), (std::vector<float>{0, 2, 0, 4}));
}

TEST(RemoveIdentity, ReshapeOfReshapeReadsTheFirstInput) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 3});
  const int a = b.Act("a", {1, 6});
  const int r = b.Act("r", {6});
  const int y = b.Act("y", {6});
  const int s6 = b.ConstI32("s6", {1}, {6});
  b.Add(OpType::kReshape, {x}, {a});
  b.Add(OpType::kReshape, {a, s6}, {r});
  b.Add(OpType::kRelu, {r}, {y});
  b.Output(y);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  EXPECT_EQ(report.details,
            (std::vector<std::string>{"operator 1 (RESHAPE) reads 'x' directly instead of through operator 0 (RESHAPE)",
                                      "removed operator 0 (RESHAPE): its output 'a' is never read"}));
  ASSERT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kReshape, OpType::kRelu}));
  EXPECT_EQ(g.ops[0].inputs[0], x);
  EXPECT_EQ(test::RunFloat(g, {1, -2, 3, -4, 5, -6}), (std::vector<float>{1, 0, 3, 0, 5, 0}));
}

TEST(RemoveIdentity, RemovesDeadChainsButNotOutputs) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int d1 = b.Act("d1", {1, 2});
  const int d2 = b.Act("d2", {1, 2});
  const int y = b.Act("y", {1, 2});
  b.Add(OpType::kTanh, {x}, {d1});
  b.Add(OpType::kLogistic, {d1}, {d2});
  b.Add(OpType::kRelu, {x}, {y});
  b.Output(y);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(RemoveIdentity(g, &report).ok());
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kRelu}));
  EXPECT_EQ(report.details, (std::vector<std::string>{"removed operator 1 (LOGISTIC): its output 'd2' is never read",
                                                      "removed operator 0 (TANH): its output 'd1' is never read"}));
}

TEST(RemoveUnusedTensors, CompactsAndRenumbers) {
  GraphBuilder b;
  b.Const("unused_w", {2}, {1, 2});
  const int x = b.Input("x", {1, 2});
  b.Act("orphan", {3});
  const int y = b.Act("y", {1, 2});
  b.Add(OpType::kRelu, {x}, {y});
  b.Output(y);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(RemoveUnusedTensors(g, &report).ok());
  ASSERT_EQ(g.tensors.size(), 2u);
  EXPECT_EQ(g.tensors[0].name, "x");
  EXPECT_EQ(g.tensors[1].name, "y");
  EXPECT_EQ(g.inputs, (std::vector<int>{0}));
  EXPECT_EQ(g.outputs, (std::vector<int>{1}));
  EXPECT_EQ(g.ops[0].inputs, (std::vector<int>{0}));
  EXPECT_EQ(g.ops[0].outputs, (std::vector<int>{1}));
  EXPECT_EQ(report.changes, 2);
  EXPECT_EQ(report.details, (std::vector<std::string>{"removed 2 unused tensors (8 constant bytes)"}));
  EXPECT_EQ(report.Summary(), "remove_unused_tensors: 2 changes; tensors 4 -> 2");
}

}  // namespace
}  // namespace eb
