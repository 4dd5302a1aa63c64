// prune_magnitude: the globally smallest weights become exactly zero, deterministically.
#include "passes/prune_magnitude.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

// x [1,2,2,1] -> conv 1x1 (4 channels, 4 weights) -> reshape [1,16] -> FC 16->1 (16 weights); biases too.
Graph TwoFilters(const std::vector<float>& conv_w, const std::vector<float>& fc_w) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 2, 1});
  const int w1 = b.Const("conv/w", {4, 1, 1, 1}, conv_w);
  const int b1 = b.Const("conv/b", {4}, {0.001f, 0.001f, 0.001f, 0.001f});
  const int w2 = b.Const("fc/w", {1, 16}, fc_w);
  const int b2 = b.Const("fc/b", {1}, {0.0f});
  const int c = b.Act("c", {1, 2, 2, 4});
  const int f = b.Act("f", {1, 16});
  const int y = b.Act("y", {1, 1});
  b.Add(OpType::kConv2D, {x, w1, b1}, {c});
  b.Add(OpType::kReshape, {c}, {f});
  b.Add(OpType::kFullyConnected, {f, w2, b2}, {y});
  b.Output(y);
  return b.graph();
}

TEST(PruneMagnitude, ZeroesTheGloballySmallestWithDeterministicTies) {
  const std::vector<float> conv_w = {0.5f, -0.1f, 0.3f, -0.2f};
  std::vector<float> fc_w(16);
  for (size_t k = 0; k < 16; ++k) fc_w[k] = (k % 2 ? -1.0f : 1.0f) * 0.05f * static_cast<float>(k + 1);
  fc_w[7] = 0.1f;   // ties conv_w[1] (|-0.1|): the conv filter comes first, so it goes first
  fc_w[9] = -0.1f;  // a third 0.1
  Graph g = TwoFilters(conv_w, fc_w);
  PassReport report;
  // 20 weights, 0.3 -> 6 zeros: 0.05, 0.1 (conv[1]), 0.1 (fc[1]), 0.1 (fc[7]), 0.1 (fc[9]), 0.15 (fc[2]).
  ASSERT_TRUE(PruneMagnitude(g, 0.3, &report).ok());
  EXPECT_EQ(test::TensorFloats(g, 1), (std::vector<float>{0.5f, 0.0f, 0.3f, -0.2f}));
  const auto f = test::TensorFloats(g, 3);
  for (size_t k : {0u, 1u, 2u, 7u, 9u}) EXPECT_EQ(f[k], 0.0f) << k;
  EXPECT_EQ(std::count(f.begin(), f.end(), 0.0f), 5);
  EXPECT_FALSE(std::signbit(f[1]));  // exactly +0.0
  EXPECT_EQ(test::TensorFloats(g, 2), (std::vector<float>{0.001f, 0.001f, 0.001f, 0.001f}));  // biases untouched
  EXPECT_EQ(report.changes, 6);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "'conv/w' [4,1,1,1]: 1 of 4 zero (25.00 %)",
                                "'fc/w' [1,16]: 5 of 16 zero (31.25 %)",
                                "overall: 6 of 20 weights zero (30.00 %, target 30.00 %) in 2 filters"}));
}

TEST(PruneMagnitude, TieBreakKeepsTheLaterOfEqualWeights) {
  // Four equal magnitudes in the first filter and 2 of 20 weights to prune: the first two (by index) go.
  Graph g = TwoFilters({1, -1, 1, -1}, std::vector<float>(16, 2.0f));
  ASSERT_TRUE(PruneMagnitude(g, 0.1, nullptr).ok());  // ceil(2.0) = 2
  EXPECT_EQ(test::TensorFloats(g, 1), (std::vector<float>{0, 0, 1, -1}));
}

TEST(PruneMagnitude, ReachesTheTargetOnRandomWeightsAndKeepsTheGraphRunning) {
  for (const double s : {0.0, 0.25, 0.5, 0.9, 0.95}) {
    Graph g = TwoFilters(test::RandomFloats(4, 1), test::RandomFloats(16, 2));
    ASSERT_TRUE(PruneMagnitude(g, s).ok());
    const auto a = test::TensorFloats(g, 1), b = test::TensorFloats(g, 3);
    const int64_t zeros = std::count(a.begin(), a.end(), 0.0f) + std::count(b.begin(), b.end(), 0.0f);
    EXPECT_EQ(zeros, static_cast<int64_t>(std::ceil(s * 20 - 1e-9))) << s;
    EXPECT_EQ(test::RunFloat(g, {1, 2, 3, 4}).size(), 1u);
  }
}

TEST(PruneMagnitude, RejectsSparsityOutsideZeroToOne) {
  Graph g = TwoFilters({1, 2, 3, 4}, std::vector<float>(16, 1.0f));
  EXPECT_EQ(PruneMagnitude(g, 1.0).message(), "prune_magnitude: the target sparsity must be in [0, 1), got 1");
  EXPECT_EQ(PruneMagnitude(g, -0.1).message(), "prune_magnitude: the target sparsity must be in [0, 1), got -0.1");
  EXPECT_EQ(PruneMagnitude(g, NAN).message(), "prune_magnitude: the target sparsity must be in [0, 1), got nan");
}

}  // namespace
}  // namespace eb
