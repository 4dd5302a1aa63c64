// fold_constants: operators on constants become constants, computed by the engine's own kernels.
#include "passes/fold_constants.h"

#include <gtest/gtest.h>

#include "passes/convert_float16.h"
#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

TEST(FoldConstants, FoldsAChainOfConstantOpsIntoFilterValues) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 3});
  // A [3,2] weight stored transposed and scaled: filter = transpose(wt) * 2, then an FC reads it.
  const int wt = b.Const("wt", {3, 2}, {1, 2, 3, 4, 5, 6});
  const int perm = b.ConstI32("perm", {2}, {1, 0});
  const int two = b.Const("two", {}, {2});
  const int w = b.Act("w", {2, 3});
  const int w2 = b.Act("w2", {2, 3});
  const int y = b.Act("y", {1, 2});
  b.Add(OpType::kTranspose, {wt, perm}, {w});
  b.Add(OpType::kMul, {w, two}, {w2});
  b.Add(OpType::kFullyConnected, {x, w2, -1}, {y});
  b.Output(y);
  Graph g = b.graph();
  const std::vector<float> in = {1, -1, 0.5f};
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(FoldConstants(g, &report).ok());
  ASSERT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kFullyConnected}));
  EXPECT_TRUE(g.tensor(w2).is_constant);
  EXPECT_EQ(test::TensorFloats(g, w2), (std::vector<float>{2, 6, 10, 4, 8, 12}));
  EXPECT_EQ(report.details, (std::vector<std::string>{"folded operator 0 (TRANSPOSE) into constant 'w' [2,3]",
                                                      "folded operator 1 (MUL) into constant 'w2' [2,3]"}));
  EXPECT_EQ(report.Summary(), "fold_constants: 2 changes; operators 3 -> 1, parameters 7 -> 6, weight bytes 28 -> 24");
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(FoldConstants, LeavesFloat16DequantizeUnlessAsked) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const uint16_t half[2] = {FloatToHalf(1.5f), FloatToHalf(-2.0f)};
  const int h = b.Raw("h", {2}, DType::kF16, half, sizeof half);
  const int d = b.Act("d", {2});
  const int y = b.Act("y", {1, 2});
  b.Add(OpType::kDequantize, {h}, {d});
  b.Add(OpType::kMul, {x, d}, {y});
  b.Output(y);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(FoldConstants(g, &report).ok());
  EXPECT_EQ(g.ops.size(), 2u);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 0 (DEQUANTIZE): weights stored compressed stay compressed"}));
  ASSERT_TRUE(FoldConstants(g, nullptr, FoldConstantsOptions{.fold_dequantize = true}).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(test::TensorFloats(g, d), (std::vector<float>{1.5f, -2.0f}));
}

TEST(FoldConstants, KeepsOpsWritingGraphOutputs) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int c = b.Const("c", {2}, {1, 2});
  const int y = b.Act("y", {1, 2});
  const int k = b.Act("k", {2});
  b.Add(OpType::kRelu, {x}, {y});
  b.Add(OpType::kRelu, {c}, {k});
  b.Output(y);
  b.Output(k);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(FoldConstants(g, &report).ok());
  EXPECT_EQ(g.ops.size(), 2u);
  EXPECT_EQ(report.details,
            (std::vector<std::string>{"skipped: operator 1 (RELU): it writes graph output 'k'"}));
}

TEST(FoldConstants, LeavesBroadcastsThatWouldBloatTheModel) {
  GraphBuilder b;
  const int x = b.Input("x", {700, 700});
  const int col = b.Const("col", {700, 1}, std::vector<float>(700, 1.0f));
  const int row = b.Const("row", {1, 700}, std::vector<float>(700, 2.0f));
  const int grid = b.Act("grid", {700, 700});
  const int y = b.Act("y", {700, 700});
  b.Add(OpType::kAdd, {col, row}, {grid});
  b.Add(OpType::kMul, {x, grid}, {y});
  b.Output(y);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(FoldConstants(g, &report).ok());
  EXPECT_EQ(g.ops.size(), 2u);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 0 (ADD): its results (1,960,000 bytes) would be much larger than "
                                "its inputs (5,600 bytes)"}));
}

TEST(FoldConstants, FoldsInt8OpsWithTheirQuantisation) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int c = b.Const("c", {2}, {0.5f, -1.0f});
  const int q = b.Act("q", {2}, DType::kI8);
  b.SetQuant(q, 0.25f, 3);
  const int y = b.Act("y", {1, 2});
  const int d = b.Act("d", {2});
  b.Add(OpType::kQuantize, {c}, {q});
  b.Add(OpType::kDequantize, {q}, {d});
  b.Add(OpType::kAdd, {x, d}, {y});
  b.Output(y);
  Graph g = b.graph();
  ASSERT_TRUE(FoldConstants(g, nullptr, FoldConstantsOptions{.fold_dequantize = true}).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  ASSERT_TRUE(g.tensor(q).is_constant);
  EXPECT_EQ(g.tensor(q).data, (std::vector<uint8_t>{5, static_cast<uint8_t>(-1)}));  // 0.5/0.25+3, -1/0.25+3
  EXPECT_EQ(test::TensorFloats(g, d), (std::vector<float>{0.5f, -1.0f}));
}

}  // namespace
}  // namespace eb
