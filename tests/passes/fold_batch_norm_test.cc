// fold_batch_norm: MUL/ADD by per-channel constants fold exactly into the conv/dense before them.
#include "passes/fold_batch_norm.h"

#include <gtest/gtest.h>

#include <cmath>

#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

// Batch-norm parameters of `c` channels, lowered as the ONNX importer does: scale = gamma / sqrt(var + eps),
// shift = beta - mean * scale.
struct BatchNorm {
  std::vector<float> scale, shift;
};

BatchNorm MakeBatchNorm(int c, uint32_t seed) {
  const auto gamma = test::RandomFloats(static_cast<size_t>(c), seed, 0.5f, 1.5f);
  const auto beta = test::RandomFloats(static_cast<size_t>(c), seed + 1);
  const auto mean = test::RandomFloats(static_cast<size_t>(c), seed + 2);
  const auto var = test::RandomFloats(static_cast<size_t>(c), seed + 3, 0.1f, 2.0f);
  const float eps = 1e-5f;
  BatchNorm bn;
  for (size_t k = 0; k < static_cast<size_t>(c); ++k) {
    bn.scale.push_back(gamma[k] / std::sqrt(var[k] + eps));
    bn.shift.push_back(beta[k] - mean[k] * bn.scale.back());
  }
  return bn;
}

void ExpectClose(const std::vector<float>& got, const std::vector<float>& want, float tol) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], tol * std::max(1.0f, std::fabs(want[k]))) << k;
}

TEST(FoldBatchNorm, FoldsMulAndAddIntoConvExactly) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 5, 5, 3});
  const auto wv = test::RandomFloats(4 * 3 * 3 * 3, 10);
  const auto bv = test::RandomFloats(4, 11);
  const BatchNorm bn = MakeBatchNorm(4, 20);
  const int w = b.Const("w", {4, 3, 3, 3}, wv);
  const int bias = b.Const("b", {4}, bv);
  const int scale = b.Const("bn/scale", {4}, bn.scale);
  const int shift = b.Const("bn/shift", {1, 1, 1, 4}, bn.shift);
  const int c = b.Act("conv", {1, 5, 5, 4});
  const int m = b.Act("bn/mul", {1, 5, 5, 4});
  const int a = b.Act("bn/add", {1, 5, 5, 4});
  const int y = b.Act("y", {1, 5, 5, 4});
  b.Add(OpType::kConv2D, {x, w, bias}, {c}, test::ConvAttrs(Padding::kSame));
  b.Add(OpType::kMul, {c, scale}, {m});
  b.Add(OpType::kAdd, {shift, m}, {a});
  b.Add(OpType::kRelu, {a}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(75, 30);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(FoldBatchNorm(g, &report).ok());
  ASSERT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kConv2D, OpType::kRelu}));
  EXPECT_EQ(g.ops[0].outputs[0], a);
  const auto fw = test::TensorFloats(g, g.ops[0].inputs[1]);
  const auto fb = test::TensorFloats(g, g.ops[0].inputs[2]);
  for (size_t k = 0; k < wv.size(); ++k) EXPECT_EQ(fw[k], wv[k] * bn.scale[k / 27]) << k;
  for (size_t o = 0; o < 4; ++o) EXPECT_EQ(fb[o], bv[o] * bn.scale[o] + bn.shift[o]) << o;
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "folded operator 1 (MUL) (constant 'bn/scale') into operator 0 (CONV_2D)",
                                "folded operator 2 (ADD) (constant 'bn/shift') into operator 0 (CONV_2D)"}));
  EXPECT_EQ(report.Summary(), "fold_batch_norm: 2 changes; operators 4 -> 2, parameters 120 -> 112, "
                              "weight bytes 480 -> 448");
  ExpectClose(test::RunFloat(g, in), want, 1e-5f);
}

TEST(FoldBatchNorm, FoldsIntoDepthwiseWithMultiplier) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 4, 4, 2});
  const auto wv = test::RandomFloats(3 * 3 * 4, 12);
  const BatchNorm bn = MakeBatchNorm(4, 40);
  const int w = b.Const("w", {1, 3, 3, 4}, wv);
  const int scale = b.Const("scale", {1, 1, 1, 4}, bn.scale);
  const int shift = b.Const("shift", {4}, bn.shift);
  const int c = b.Act("dw", {1, 2, 2, 4});
  const int m = b.Act("m", {1, 2, 2, 4});
  const int y = b.Act("y", {1, 2, 2, 4});
  b.Add(OpType::kDepthwiseConv2D, {x, w, -1}, {c}, test::ConvAttrs(Padding::kValid, Activation::kNone, 1, 2));
  b.Add(OpType::kMul, {scale, c}, {m});
  b.Add(OpType::kAdd, {m, shift}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(32, 41);
  const auto want = test::RunFloat(g, in);
  ASSERT_TRUE(FoldBatchNorm(g).ok());
  ASSERT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kDepthwiseConv2D}));
  EXPECT_EQ(g.ops[0].outputs[0], y);  // the graph output keeps its tensor
  const auto fw = test::TensorFloats(g, g.ops[0].inputs[1]);
  for (size_t k = 0; k < wv.size(); ++k) EXPECT_EQ(fw[k], wv[k] * bn.scale[k % 4]) << k;
  // No bias before: the shift becomes the bias.
  ASSERT_EQ(g.ops[0].inputs.size(), 3u);
  EXPECT_EQ(test::TensorFloats(g, g.ops[0].inputs[2]), bn.shift);
  ExpectClose(test::RunFloat(g, in), want, 1e-5f);
}

TEST(FoldBatchNorm, FoldsIntoFullyConnectedAndMovesTheActivation) {
  GraphBuilder b;
  const int x = b.Input("x", {2, 6});
  const auto wv = test::RandomFloats(18, 13);
  const int w = b.Const("w", {3, 6}, wv);
  const int scale = b.Const("scale", {}, {0.5f});
  const int shift = b.Const("shift", {3}, {1, -2, 3});
  const int f = b.Act("fc", {2, 3});
  const int m = b.Act("m", {2, 3});
  const int y = b.Act("y", {2, 3});
  b.Add(OpType::kFullyConnected, {x, w}, {f});
  b.Add(OpType::kMul, {f, scale}, {m});
  b.Add(OpType::kSub, {m, shift}, {y}, test::WithActivation(Activation::kRelu6));
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(12, 14, -3, 3);
  const auto want = test::RunFloat(g, in);
  ASSERT_TRUE(FoldBatchNorm(g).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].attrs.activation, Activation::kRelu6);
  EXPECT_EQ(test::TensorFloats(g, g.ops[0].inputs[2]), (std::vector<float>{-1, 2, -3}));
  ExpectClose(test::RunFloat(g, in), want, 1e-5f);
}

TEST(FoldBatchNorm, LeavesWhatIsNotAPerChannelAffineAfterAnUnsharedOutput) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 3, 3, 2});
  const int w = b.Const("w", {2, 1, 1, 2}, {1, 2, 3, 4});
  const int along_w = b.Const("along_w", {1, 1, 3, 1}, {1, 2, 3});  // varies along W, not channels
  const int s = b.Const("s", {2}, {2, 3});
  const int c1 = b.Act("c1", {1, 3, 3, 2});
  const int m1 = b.Act("m1", {1, 3, 3, 2});
  const int c2 = b.Act("c2", {1, 3, 3, 2});
  const int m2 = b.Act("m2", {1, 3, 3, 2});
  const int m3 = b.Act("m3", {1, 3, 3, 2});
  const int c3 = b.Act("c3", {1, 3, 3, 2});
  const int m4 = b.Act("m4", {1, 3, 3, 2});
  b.Add(OpType::kConv2D, {x, w}, {c1});
  b.Add(OpType::kMul, {c1, along_w}, {m1});
  b.Add(OpType::kConv2D, {m1, w}, {c2});
  b.Add(OpType::kMul, {c2, s}, {m2});  // c2 has a second reader
  b.Add(OpType::kAdd, {c2, m2}, {m3});
  b.Add(OpType::kConv2D, {m3, w}, {c3}, test::WithActivation(Activation::kRelu));
  b.Add(OpType::kMul, {c3, s}, {m4});  // after the activation: not foldable
  b.Output(m4);
  Graph g = b.graph();
  const Graph before = g;
  PassReport report;
  ASSERT_TRUE(FoldBatchNorm(g, &report).ok());
  EXPECT_EQ(report.changes, 0);
  EXPECT_EQ(g.ops, before.ops);
  EXPECT_EQ(g.tensors, before.tensors);
}

TEST(FoldBatchNorm, CopiesASharedFilterBeforeScalingIt) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int w = b.Const("w", {2, 2}, {1, 2, 3, 4});
  const int s = b.Const("s", {2}, {10, 100});
  const int f1 = b.Act("f1", {1, 2});
  const int m = b.Act("m", {1, 2});
  const int f2 = b.Act("f2", {1, 2});
  b.Add(OpType::kFullyConnected, {x, w}, {f1});
  b.Add(OpType::kMul, {f1, s}, {m});
  b.Add(OpType::kFullyConnected, {m, w}, {f2});
  b.Output(f2);
  Graph g = b.graph();
  const auto want = test::RunFloat(g, {1, -1});
  ASSERT_TRUE(FoldBatchNorm(g).ok());
  ASSERT_EQ(g.ops.size(), 2u);
  EXPECT_EQ(test::TensorFloats(g, w), (std::vector<float>{1, 2, 3, 4}));  // the second FC's filter is untouched
  EXPECT_EQ(test::TensorFloats(g, g.ops[0].inputs[1]), (std::vector<float>{10, 20, 300, 400}));
  EXPECT_EQ(test::RunFloat(g, {1, -1}), want);
}

}  // namespace
}  // namespace eb
