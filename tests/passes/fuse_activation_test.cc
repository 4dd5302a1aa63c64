// fuse_activation: clamps after conv/dense/add move into the producer; outputs stay identical.
#include "passes/fuse_activation.h"

#include <gtest/gtest.h>

#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

TEST(FuseActivation, FusesReluIntoConv) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 4, 4, 2});
  const int w = b.Const("w", {3, 3, 3, 2}, test::RandomFloats(54, 1));
  const int bias = b.Const("b", {3}, {0.1f, -0.2f, 0.3f});
  const int c = b.Act("c", {1, 4, 4, 3});
  const int y = b.Act("y", {1, 4, 4, 3});
  b.Add(OpType::kConv2D, {x, w, bias}, {c}, test::ConvAttrs(Padding::kSame));
  b.Add(OpType::kRelu, {c}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(32, 2);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(FuseActivation(g, &report).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].attrs.activation, Activation::kRelu);
  EXPECT_EQ(g.ops[0].outputs[0], y);
  EXPECT_EQ(report.details,
            (std::vector<std::string>{"fused operator 1 (RELU) into operator 0 (CONV_2D) (activation RELU)"}));
  EXPECT_EQ(report.Summary(), "fuse_activation: 1 change; operators 2 -> 1");
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(FuseActivation, FusesRelu6IntoAdd) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 8});
  const int k = b.Const("k", {8}, {1, 2, 3, 4, 5, 6, 7, 8});
  const int a = b.Act("a", {1, 8});
  const int y = b.Act("y", {1, 8});
  b.Add(OpType::kAdd, {x, k}, {a});
  b.Add(OpType::kRelu6, {a}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(8, 3, -9, 9);
  const auto want = test::RunFloat(g, in);
  ASSERT_TRUE(FuseActivation(g).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].attrs.activation, Activation::kRelu6);
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(FuseActivation, FusesClipAsMaximumThenMinimum) {
  for (const auto& [lo, hi, want_act] : {std::tuple{0.0f, 6.0f, Activation::kRelu6},
                                         std::tuple{-1.0f, 1.0f, Activation::kReluN1To1}}) {
    GraphBuilder b;
    const int x = b.Input("x", {1, 4});
    const int w = b.Const("w", {5, 4}, test::RandomFloats(20, 4, -4, 4));
    const int lo_t = b.Const("lo", {}, {lo});
    const int hi_t = b.Const("hi", {1}, {hi});
    const int f = b.Act("f", {1, 5});
    const int m = b.Act("m", {1, 5});
    const int y = b.Act("y", {1, 5});
    b.Add(OpType::kFullyConnected, {x, w, -1}, {f});
    b.Add(OpType::kMaximum, {f, lo_t}, {m});
    b.Add(OpType::kMinimum, {hi_t, m}, {y});
    b.Output(y);
    Graph g = b.graph();
    const auto in = test::RandomFloats(4, 5, -2, 2);
    const auto want = test::RunFloat(g, in);
    PassReport report;
    ASSERT_TRUE(FuseActivation(g, &report).ok());
    ASSERT_EQ(g.ops.size(), 1u);
    EXPECT_EQ(g.ops[0].attrs.activation, want_act);
    EXPECT_EQ(report.changes, 2);
    EXPECT_EQ(test::RunFloat(g, in), want);
  }
}

TEST(FuseActivation, LeavesSharedOutputsUnrepresentableClampsAndTanh) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int five = b.Const("five", {}, {5});
  const int k = b.Const("k", {2}, {1, 1});
  const int a = b.Act("a", {1, 2});
  const int r = b.Act("r", {1, 2});
  const int s = b.Act("s", {1, 2});
  const int t = b.Act("t", {1, 2});
  const int u = b.Act("u", {1, 2});
  const int v = b.Act("v", {1, 2});
  b.Add(OpType::kAdd, {x, k}, {a});
  b.Add(OpType::kRelu, {a}, {r});
  b.Add(OpType::kMul, {a, r}, {s});  // `a` has two readers
  b.Add(OpType::kMinimum, {s, five}, {t});
  b.Add(OpType::kSub, {t, k}, {u}, test::WithActivation(Activation::kTanh));
  b.Add(OpType::kRelu, {u}, {v});
  b.Output(v);
  Graph g = b.graph();
  const Graph before = g;
  PassReport report;
  ASSERT_TRUE(FuseActivation(g, &report).ok());
  EXPECT_EQ(g.ops, before.ops);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 3 (MINIMUM) after operator 2 (MUL): the combined clamp is not a "
                                "fused activation"}));
}

// int8: a RELU whose input and output share quantisation fuses into the ADD with identical bytes; one
// that requantises does not fuse.
TEST(FuseActivation, FusesInt8ReluOnlyWithoutRequantisation) {
  for (const bool same_quant : {true, false}) {
    GraphBuilder b;
    const int x = b.Input("x", {1, 16}, DType::kI8);
    const int z = b.Input("z", {1, 16}, DType::kI8);
    const int a = b.Act("a", {1, 16}, DType::kI8);
    const int y = b.Act("y", {1, 16}, DType::kI8);
    b.SetQuant(x, 0.05f, -3);
    b.SetQuant(z, 0.1f, 7);
    b.SetQuant(a, 0.08f, 5);
    b.SetQuant(y, same_quant ? 0.08f : 0.04f, same_quant ? 5 : -128);
    b.Add(OpType::kAdd, {x, z}, {a});
    b.Add(OpType::kRelu, {a}, {y});
    b.Output(y);
    Graph g = b.graph();
    std::vector<uint8_t> in(32);
    for (size_t k = 0; k < in.size(); ++k) in[k] = static_cast<uint8_t>(k * 37 + 11);
    const auto want = test::RunBytes(g, in);
    ASSERT_TRUE(FuseActivation(g).ok());
    EXPECT_EQ(g.ops.size(), same_quant ? 1u : 2u);
    EXPECT_EQ(test::RunBytes(g, in), want);
  }
}

}  // namespace
}  // namespace eb
