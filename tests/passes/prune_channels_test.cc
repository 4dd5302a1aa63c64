// prune_channels: low-L1 conv output channels are removed for real, downstream tensors shrink to match.
#include "passes/prune_channels.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

// Random values with the given output channels (rows of `per` values) set to zero.
std::vector<float> RowsWithZeros(int rows, int per, const std::vector<int>& zero_rows, uint32_t seed) {
  auto v = test::RandomFloats(static_cast<size_t>(rows * per), seed, 0.1f, 1.0f);
  for (int r : zero_rows) std::fill(v.begin() + r * per, v.begin() + (r + 1) * per, 0.0f);
  return v;
}

// Values of `v` ([outer, n, inner] row-major) keeping indices `keep` of the middle axis.
std::vector<float> Slice(const std::vector<float>& v, int outer, int n, int inner, const std::vector<int>& keep) {
  std::vector<float> out;
  for (int o = 0; o < outer; ++o) {
    for (int k : keep) out.insert(out.end(), v.begin() + (o * n + k) * inner, v.begin() + (o * n + k + 1) * inner);
  }
  return out;
}

std::vector<int32_t> Ints(const Graph& g, int t) {
  const Tensor& x = g.tensor(t);
  return std::vector<int32_t>(x.as<int32_t>(), x.as<int32_t>() + x.num_elements());
}

// x [1,6,6,2] -> conv1 3x3 SAME 2->4 (relu) -> conv2 3x3 VALID 4->6 -> reshape [-1,96] -> FC 96->3.
// conv1 channels 1 and 3 and conv2 channels 0, 2 and 5 have zero weights and biases.
TEST(PruneChannels, ConvConvFcChainShrinksExactlyAndKeepsOutputs) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 6, 6, 2});
  const auto w1v = RowsWithZeros(4, 18, {1, 3}, 1);
  const auto w2v = RowsWithZeros(6, 36, {0, 2, 5}, 2);
  const auto fcv = test::RandomFloats(288, 3);
  const int w1 = b.Const("conv1/w", {4, 3, 3, 2}, w1v);
  const int b1 = b.Const("conv1/b", {4}, {0.1f, 0, 0.2f, 0});
  const int w2 = b.Const("conv2/w", {6, 3, 3, 4}, w2v);
  const int b2 = b.Const("conv2/b", {6}, {0, 0.3f, 0, -0.1f, 0.2f, 0});
  const int shape = b.ConstI32("shape", {2}, {-1, 96});
  const int fw = b.Const("fc/w", {3, 96}, fcv);
  const int fb = b.Const("fc/b", {3}, {1, 2, 3});
  const int c1 = b.Act("c1", {1, 6, 6, 4});
  const int c2 = b.Act("c2", {1, 4, 4, 6});
  const int f = b.Act("f", {1, 96});
  const int y = b.Act("y", {1, 3});
  b.Add(OpType::kConv2D, {x, w1, b1}, {c1}, test::ConvAttrs(Padding::kSame, Activation::kRelu));
  b.Add(OpType::kConv2D, {c1, w2, b2}, {c2});
  b.Add(OpType::kReshape, {c2, shape}, {f}, test::Attrs([](OpAttrs& at) { at.new_shape = {-1, 96}; }));
  b.Add(OpType::kFullyConnected, {f, fw, fb}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(72, 4);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(PruneChannels(g, 0.5, &report).ok());

  EXPECT_EQ(g.tensor(w1).shape, (std::vector<int32_t>{2, 3, 3, 2}));
  EXPECT_EQ(test::TensorFloats(g, w1), Slice(w1v, 1, 4, 18, {0, 2}));
  EXPECT_EQ(test::TensorFloats(g, b1), (std::vector<float>{0.1f, 0.2f}));
  EXPECT_EQ(g.tensor(c1).shape, (std::vector<int32_t>{1, 6, 6, 2}));
  EXPECT_EQ(g.tensor(w2).shape, (std::vector<int32_t>{3, 3, 3, 2}));
  EXPECT_EQ(test::TensorFloats(g, w2), Slice(Slice(w2v, 1, 6, 36, {1, 3, 4}), 27, 4, 1, {0, 2}));
  EXPECT_EQ(test::TensorFloats(g, b2), (std::vector<float>{0.3f, -0.1f, 0.2f}));
  EXPECT_EQ(g.tensor(c2).shape, (std::vector<int32_t>{1, 4, 4, 3}));
  EXPECT_EQ(g.tensor(f).shape, (std::vector<int32_t>{1, 48}));
  EXPECT_EQ(Ints(g, shape), (std::vector<int32_t>{-1, 48}));
  EXPECT_EQ(g.ops[2].attrs.new_shape, (std::vector<int32_t>{-1, 48}));
  EXPECT_EQ(g.tensor(fw).shape, (std::vector<int32_t>{3, 48}));
  // Flattened NHWC: column (h * 4 + w) * 6 + c keeps c in {1, 3, 4} at each of the 16 positions.
  EXPECT_EQ(test::TensorFloats(g, fw), Slice(fcv, 3 * 16, 6, 1, {1, 3, 4}));

  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "operator 0 (CONV_2D) 'c1' [1,6,6,2]: 4 -> 2 output channels (removed 1,3)",
                                "operator 1 (CONV_2D) 'c2' [1,4,4,3]: 6 -> 3 output channels (removed 0,2,5)"}));
  // MACs: conv1 144*18 -> 72*18, conv2 96*36 -> 48*18, FC 3*96 -> 3*48.
  EXPECT_EQ(report.before.macs, 2592 + 3456 + 288);
  EXPECT_EQ(report.after.macs, 1296 + 864 + 144);
  EXPECT_EQ(report.Summary(), "prune_channels: 2 changes; parameters 589 -> 242, weight bytes 2,356 -> 968, "
                              "MACs 6,336 -> 2,304");
  // The removed channels were all zero, so the outputs are the same.
  EXPECT_EQ(test::RunFloat(g, in), want);
}

// conv -> MUL/ADD (batch norm left unfolded) -> depthwise (multiplier 2) -> MEAN over H, W -> FC.
TEST(PruneChannels, FollowsPerChannelConstantsDepthwiseAndMean) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 4, 4, 2});
  const int w = b.Const("conv/w", {4, 1, 1, 2}, RowsWithZeros(4, 2, {2}, 5));
  const int bias = b.Const("conv/b", {4}, {0.5f, -0.5f, 0, 0.25f});
  const int scale = b.Const("scale", {4}, {1, 2, 3, 4});
  const int shift = b.Const("shift", {1, 1, 1, 4}, {0.1f, 0.2f, 0, 0.4f});
  const auto dwv = test::RandomFloats(72, 6);
  const int dw = b.Const("dw/w", {1, 3, 3, 8}, dwv);
  const int dwb = b.Const("dw/b", {8}, {1, 2, 3, 4, 0, 0, 7, 8});
  const int axes = b.ConstI32("axes", {2}, {1, 2});
  const auto fcv = test::RandomFloats(16, 7);
  const int fw = b.Const("fc/w", {2, 8}, fcv);
  const int c = b.Act("c", {1, 4, 4, 4});
  const int m = b.Act("m", {1, 4, 4, 4});
  const int a = b.Act("a", {1, 4, 4, 4});
  const int d = b.Act("d", {1, 4, 4, 8});
  const int mean = b.Act("mean", {1, 8});
  const int y = b.Act("y", {1, 2});
  b.Add(OpType::kConv2D, {x, w, bias}, {c});
  b.Add(OpType::kMul, {scale, c}, {m});
  b.Add(OpType::kAdd, {m, shift}, {a});
  b.Add(OpType::kDepthwiseConv2D, {a, dw, dwb}, {d}, test::ConvAttrs(Padding::kSame, Activation::kNone, 1, 2));
  b.Add(OpType::kMean, {d, axes}, {mean});
  b.Add(OpType::kFullyConnected, {mean, fw, -1}, {y});
  b.Output(y);
  Graph g = b.graph();
  const auto in = test::RandomFloats(32, 8);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(PruneChannels(g, 0.25, &report).ok());
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "operator 0 (CONV_2D) 'c' [1,4,4,3]: 4 -> 3 output channels (removed 2)"}));
  EXPECT_EQ(test::TensorFloats(g, scale), (std::vector<float>{1, 2, 4}));
  EXPECT_EQ(g.tensor(shift).shape, (std::vector<int32_t>{1, 1, 1, 3}));
  EXPECT_EQ(test::TensorFloats(g, shift), (std::vector<float>{0.1f, 0.2f, 0.4f}));
  EXPECT_EQ(g.tensor(dw).shape, (std::vector<int32_t>{1, 3, 3, 6}));
  EXPECT_EQ(test::TensorFloats(g, dw), Slice(dwv, 9, 8, 1, {0, 1, 2, 3, 6, 7}));
  EXPECT_EQ(test::TensorFloats(g, dwb), (std::vector<float>{1, 2, 3, 4, 7, 8}));
  EXPECT_EQ(g.tensor(d).shape, (std::vector<int32_t>{1, 4, 4, 6}));
  EXPECT_EQ(g.tensor(mean).shape, (std::vector<int32_t>{1, 6}));
  EXPECT_EQ(test::TensorFloats(g, fw), Slice(fcv, 2, 8, 1, {0, 1, 2, 3, 6, 7}));
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(PruneChannels, FlattensImplicitlyIntoFullyConnected) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 2, 1});
  const int w = b.Const("w", {4, 1, 1, 1}, {0, 1, 0, 2});
  const auto fcv = test::RandomFloats(48, 9);
  const int fw = b.Const("fc/w", {3, 16}, fcv);
  const int c = b.Act("c", {1, 2, 2, 4});
  const int y = b.Act("y", {1, 3});
  b.Add(OpType::kConv2D, {x, w}, {c});
  b.Add(OpType::kFullyConnected, {c, fw}, {y});
  b.Output(y);
  Graph g = b.graph();
  const std::vector<float> in = {1, -2, 3, 0.5f};
  const auto want = test::RunFloat(g, in);
  ASSERT_TRUE(PruneChannels(g, 0.5).ok());
  EXPECT_EQ(test::TensorFloats(g, w), (std::vector<float>{1, 2}));
  EXPECT_EQ(test::TensorFloats(g, fw), Slice(fcv, 3 * 4, 4, 1, {1, 3}));
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(PruneChannels, SkipsResidualsConcatenationsAndGraphOutputsWithReasons) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2, 2, 2});
  const int w = b.Const("w", {2, 1, 1, 2}, {1, 2, 3, 4});
  const int t = b.Act("t", {1, 2, 2, 2});
  const int u = b.Act("u", {1, 2, 2, 2});
  const int v = b.Act("v", {1, 2, 2, 2});
  const int q = b.Act("q", {1, 2, 2, 2});
  const int k = b.Act("k", {1, 2, 2, 4});
  const int o = b.Act("o", {1, 2, 2, 2});
  b.Add(OpType::kConv2D, {x, w}, {t});
  b.Add(OpType::kConv2D, {t, w}, {u});
  b.Add(OpType::kAdd, {t, u}, {v});  // residual
  b.Add(OpType::kConv2D, {v, w}, {q});
  b.Add(OpType::kConcatenation, {q, v}, {k}, test::Attrs([](OpAttrs& at) { at.axis = 3; }));
  b.Add(OpType::kConv2D, {v, w}, {o});
  b.Output(k);
  b.Output(o);
  Graph g = b.graph();
  const Graph before = g;
  PassReport report;
  ASSERT_TRUE(PruneChannels(g, 0.5, &report).ok());
  EXPECT_EQ(g.tensors, before.tensors);
  EXPECT_EQ(report.changes, 0);
  EXPECT_EQ(report.details,
            (std::vector<std::string>{
                "skipped: operator 0 (CONV_2D): read by operator 2 (ADD) together with another activation (both would "
                "have to be pruned alike)",
                "skipped: operator 1 (CONV_2D): read by operator 2 (ADD) together with another activation (both would "
                "have to be pruned alike)",
                "skipped: operator 3 (CONV_2D): read by operator 4 (CONCATENATION), which channel pruning does not "
                "follow",
                "skipped: operator 5 (CONV_2D): 'o' is a graph output"}));
}

TEST(PruneChannels, RoundsDownAndKeepsAtLeastOneChannel) {
  for (const auto& [channels, fraction, kept] :
       {std::tuple{3, 0.5, 2}, std::tuple{2, 0.99, 1}, std::tuple{1, 0.9, 1}, std::tuple{10, 0.35, 7}}) {
    GraphBuilder b;
    const int x = b.Input("x", {1, 1, 1, 1});
    const int w = b.Const("w", {channels, 1, 1, 1}, test::RandomFloats(static_cast<size_t>(channels), 10));
    const int fw = b.Const("fc/w", {1, channels}, test::RandomFloats(static_cast<size_t>(channels), 11));
    const int c = b.Act("c", {1, 1, 1, channels});
    const int y = b.Act("y", {1, 1});
    b.Add(OpType::kConv2D, {x, w}, {c});
    b.Add(OpType::kFullyConnected, {c, fw}, {y});
    b.Output(y);
    Graph g = b.graph();
    ASSERT_TRUE(PruneChannels(g, fraction).ok());
    EXPECT_EQ(g.tensor(c).shape.back(), kept) << channels << " " << fraction;
    EXPECT_EQ(g.tensor(fw).shape, (std::vector<int32_t>{1, kept}));
  }
}

TEST(PruneChannels, PrunesTheSmallestL1NormsLowerIndexFirstOnTies) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 1, 1, 2});
  // L1 norms: 3, 1, 2, 1, 5 -> prune two: channels 1 and 3 (tie at 1, both go); at 0.6: 1, 3 and 2.
  const int w = b.Const("w", {5, 1, 1, 2}, {1, -2, 0.5f, -0.5f, 1, 1, -1, 0, 2.5f, 2.5f});
  const int fw = b.Const("fc/w", {1, 5}, {1, 1, 1, 1, 1});
  const int c = b.Act("c", {1, 1, 1, 5});
  const int y = b.Act("y", {1, 1});
  b.Add(OpType::kConv2D, {x, w}, {c});
  b.Add(OpType::kFullyConnected, {c, fw}, {y});
  b.Output(y);
  Graph g = b.graph();
  Graph g2 = g;
  ASSERT_TRUE(PruneChannels(g, 0.4).ok());
  EXPECT_EQ(test::TensorFloats(g, w), (std::vector<float>{1, -2, 1, 1, 2.5f, 2.5f}));
  PassReport report;
  ASSERT_TRUE(PruneChannels(g2, 0.2, &report).ok());  // one channel: the tie goes to the lower index, 1
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "operator 0 (CONV_2D) 'c' [1,1,1,4]: 5 -> 4 output channels (removed 1)"}));
}

TEST(PruneChannels, RejectsFractionOutsideZeroToOne) {
  Graph g;
  EXPECT_EQ(PruneChannels(g, 1.0).message(),
            "prune_channels: the fraction of channels to prune must be in [0, 1), got 1");
}

}  // namespace
}  // namespace eb
