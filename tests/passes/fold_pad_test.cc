// fold_pad: PAD -> VALID conv becomes a SAME conv exactly when SAME reads the same pixels.
#include "passes/fold_pad.h"

#include <gtest/gtest.h>

#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

struct Geometry {
  int h, w;                       // input
  int pt, pb, pl, pr;             // explicit paddings
  int k, stride, dilation;
  bool depthwise = false;
};

// x [1,h,w,2] -> PAD -> conv (k x k, VALID) -> y.
Graph PadConv(const Geometry& s) {
  GraphBuilder b;
  const int c = 2, out_c = s.depthwise ? 2 : 3;
  const int x = b.Input("x", {1, s.h, s.w, c});
  const int pads = b.ConstI32("pads", {4, 2}, {0, 0, s.pt, s.pb, s.pl, s.pr, 0, 0});
  const int ph = s.h + s.pt + s.pb, pw = s.w + s.pl + s.pr;
  const int eff = (s.k - 1) * s.dilation + 1;
  const int oh = (ph - eff) / s.stride + 1, ow = (pw - eff) / s.stride + 1;
  const int p = b.Act("padded", {1, ph, pw, c});
  const std::vector<int32_t> fshape =
      s.depthwise ? std::vector<int32_t>{1, s.k, s.k, out_c} : std::vector<int32_t>{out_c, s.k, s.k, c};
  const size_t n = static_cast<size_t>(s.k * s.k * out_c * (s.depthwise ? 1 : c));
  const int w = b.Const("w", fshape, test::RandomFloats(n, 7));
  const int bias = b.Const("b", {out_c}, test::RandomFloats(static_cast<size_t>(out_c), 8));
  const int y = b.Act("y", {1, oh, ow, out_c});
  b.Add(OpType::kPad, {x, pads}, {p});
  OpAttrs a;
  a.stride_h = a.stride_w = s.stride;
  a.dilation_h = a.dilation_w = s.dilation;
  b.Add(s.depthwise ? OpType::kDepthwiseConv2D : OpType::kConv2D, {p, w, bias}, {y}, a);
  b.Output(y);
  return b.graph();
}

void ExpectFolds(const Geometry& s, bool folds) {
  Graph g = PadConv(s);
  const auto in = test::RandomFloats(test::InputElements(g), 9);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(FoldPad(g, &report).ok());
  ASSERT_EQ(g.ops.size(), folds ? 1u : 2u);
  EXPECT_EQ(report.changes, folds ? 1 : 0);
  if (folds) {
    EXPECT_EQ(g.ops[0].inputs[0], g.inputs[0]);
    EXPECT_EQ(g.ops[0].attrs.padding, s.pt + s.pb + s.pl + s.pr ? Padding::kSame : Padding::kValid);
  }
  // Skipping a zero contribution or adding it gives the same float sums.
  EXPECT_EQ(test::RunFloat(g, in), want);
}

TEST(FoldPad, FoldsSymmetricSamePadding) { ExpectFolds({5, 5, 1, 1, 1, 1, 3, 1, 1}, true); }
TEST(FoldPad, FoldsIntoDepthwise) { ExpectFolds({6, 4, 1, 1, 1, 1, 3, 1, 1, true}, true); }
TEST(FoldPad, FoldsTensorFlowStyleAsymmetricStride2) { ExpectFolds({6, 6, 0, 1, 0, 1, 3, 2, 1}, true); }
TEST(FoldPad, FoldsExtraBottomPaddingNoWindowReads) { ExpectFolds({5, 5, 1, 2, 1, 2, 3, 2, 1}, true); }
TEST(FoldPad, FoldsDilatedSamePadding) { ExpectFolds({6, 6, 2, 2, 2, 2, 3, 1, 2}, true); }
TEST(FoldPad, AllZeroPaddingKeepsValid) { ExpectFolds({4, 4, 0, 0, 0, 0, 3, 1, 1}, true); }
TEST(FoldPad, LeavesPaddingSameWouldNotUse) { ExpectFolds({6, 6, 1, 1, 1, 1, 3, 2, 1}, false); }
TEST(FoldPad, LeavesOneSidedPaddingAtStride1) { ExpectFolds({5, 5, 2, 0, 2, 0, 3, 1, 1}, false); }

TEST(FoldPad, ReportsWhySamePaddingDiffers) {
  Graph g = PadConv({6, 6, 1, 1, 1, 1, 3, 2, 1});
  PassReport report;
  ASSERT_TRUE(FoldPad(g, &report).ok());
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 0 (PAD) into operator 1 (CONV_2D): paddings (top 1, left 1, output "
                                "3x3) differ from SAME's (top 0, left 0, output 3x3)"}));
}

TEST(FoldPad, LeavesNonZeroPadValueAndKeepsPadForOtherReaders) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 3, 3, 1});
  const int pads = b.ConstI32("pads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int one = b.Const("one", {}, {1.0f});
  const int zero = b.Const("zero", {}, {0.0f});
  const int w = b.Const("w", {1, 3, 3, 1}, test::RandomFloats(9, 3));
  const int p1 = b.Act("p1", {1, 5, 5, 1});
  const int p2 = b.Act("p2", {1, 5, 5, 1});
  const int y1 = b.Act("y1", {1, 3, 3, 1});
  const int y2 = b.Act("y2", {1, 3, 3, 1});
  const int r = b.Act("r", {1, 5, 5, 1});
  b.Add(OpType::kPadV2, {x, pads, one}, {p1});
  b.Add(OpType::kConv2D, {p1, w}, {y1});
  b.Add(OpType::kPadV2, {x, pads, zero}, {p2});
  b.Add(OpType::kConv2D, {p2, w}, {y2});
  b.Add(OpType::kRelu, {p2}, {r});
  b.Output(y1);
  b.Output(y2);
  b.Output(r);
  Graph g = b.graph();
  const auto in = test::RandomFloats(9, 4);
  const auto want = test::RunFloat(g, in);
  PassReport report;
  ASSERT_TRUE(FoldPad(g, &report).ok());
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kPadV2, OpType::kConv2D, OpType::kPadV2,
                                                   OpType::kConv2D, OpType::kRelu}));
  EXPECT_EQ(g.ops[3].inputs[0], x);
  EXPECT_EQ(g.ops[3].attrs.padding, Padding::kSame);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 0 (PADV2): the pad value is not the convolution's implicit zero",
                                "folded operator 2 (PADV2) into operator 3 (CONV_2D) (padding SAME)"}));
  EXPECT_EQ(test::RunFloat(g, in), want);
}

// int8: PAD fills with the input zero point, which is what an int8 SAME conv pads with; bytes identical.
TEST(FoldPad, FoldsInt8PadWithZeroPointExactly) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 5, 5, 2}, DType::kI8);
  b.SetQuant(x, 0.05f, -7);
  const int pads = b.ConstI32("pads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int p = b.Act("p", {1, 7, 7, 2}, DType::kI8);
  b.SetQuant(p, 0.05f, -7);
  std::vector<int8_t> wv(3 * 3 * 3 * 2);
  for (size_t k = 0; k < wv.size(); ++k) wv[k] = static_cast<int8_t>(static_cast<int>(k * 29 % 255) - 127);
  const int w = b.ConstI8("w", {3, 3, 3, 2}, wv);
  b.graph().tensor(w).quant = Quant{{0.01f, 0.02f, 0.015f}, {0, 0, 0}, 0};
  const std::vector<int32_t> bv = {100, -200, 300};
  const int bias = b.Raw("b", {3}, DType::kI32, bv.data(), 12);
  const int y = b.Act("y", {1, 5, 5, 3}, DType::kI8);
  b.SetQuant(y, 0.02f, 4);
  b.Add(OpType::kPad, {x, pads}, {p});
  b.Add(OpType::kConv2D, {p, w, bias}, {y});
  b.Output(y);
  Graph g = b.graph();
  std::vector<uint8_t> in(50);
  for (size_t k = 0; k < in.size(); ++k) in[k] = static_cast<uint8_t>(k * 53 + 5);
  const auto want = test::RunBytes(g, in);
  ASSERT_TRUE(FoldPad(g).ok());
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].attrs.padding, Padding::kSame);
  EXPECT_EQ(test::RunBytes(g, in), want);
}

}  // namespace
}  // namespace eb
