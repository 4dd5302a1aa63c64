// Layout exactness: graphs whose inputs and outputs are NCHW run inside in NHWC. Each result is checked
// against an NCHW reference computed here the obvious way, and the op lists show that transposes appear
// only where a consumer needs the other layout.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "importers/onnx/onnx_test_util.h"

namespace eb::test {
namespace {

// NCHW helpers over [n, c, h, w] vectors.
size_t At(int c, int h, int w, int in, int ic, int y, int x) { return static_cast<size_t>(((in * c + ic) * h + y) * w + x); }

std::vector<float> RefMaxPool(const std::vector<float>& x, int n, int c, int h, int w, int k, int s, int pt, int pl,
                              int pb, int pr, int* oh, int* ow) {
  *oh = (h + pt + pb - k) / s + 1;
  *ow = (w + pl + pr - k) / s + 1;
  std::vector<float> y(static_cast<size_t>(n * c * *oh * *ow));
  for (int in = 0; in < n; ++in)
    for (int ic = 0; ic < c; ++ic)
      for (int oy = 0; oy < *oh; ++oy)
        for (int ox = 0; ox < *ow; ++ox) {
          float m = -FLT_MAX;
          for (int ky = 0; ky < k; ++ky)
            for (int kx = 0; kx < k; ++kx) {
              const int iy = oy * s - pt + ky, ix = ox * s - pl + kx;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) m = std::max(m, x[At(c, h, w, in, ic, iy, ix)]);
            }
          y[At(c, *oh, *ow, in, ic, oy, ox)] = m;
        }
  return y;
}

TEST(OnnxLayout, ClassifierChainMatchesNchwReferenceWithOneTranspose) {
  const int n = 2, c = 3, h = 6, w = 5, o = 4, classes = 3;
  const auto wt = Random(o * c * 9, 1), bias = Random(o, 2), x = Random(n * c * h * w, 3);
  const std::vector<float> scale = {1.5f, 0.5f, -1.0f, 2.0f}, shift = {0.1f, -0.2f, 0.3f, 0.0f},
                           mean = {0.05f, -0.1f, 0.2f, 0.0f}, var = {1.0f, 0.25f, 4.0f, 0.5f};
  const auto add = Random(o, 4), fc = Random(classes * o, 5), fcb = Random(classes, 6);
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Output("prob");
  b.Init("W", {o, c, 3, 3}, wt).Init("B", {o}, bias).Init("s", {o}, scale).Init("sh", {o}, shift);
  b.Init("m", {o}, mean).Init("v", {o}, var).Init("a", {o, 1, 1}, add).Init("fc", {classes, o}, fc).Init("fcb", {classes}, fcb);
  SetInts(b.Node("Conv", {"x", "W", "B"}, {"c1"}), "pads", {1, 1, 1, 1});
  SetFloat(b.Node("BatchNormalization", {"c1", "s", "sh", "m", "v"}, {"bn"}), "epsilon", 1e-3f);
  b.Node("Relu", {"bn"}, {"r"});
  b.Node("Add", {"r", "a"}, {"ad"});
  auto& mp = b.Node("MaxPool", {"ad"}, {"mp"});
  SetInts(mp, "kernel_shape", {2, 2});
  SetInts(mp, "strides", {2, 2});
  b.Node("GlobalAveragePool", {"mp"}, {"gap"});
  b.Node("Flatten", {"gap"}, {"flat"});
  SetInt(b.Node("Gemm", {"flat", "fc", "fcb"}, {"logits"}), "transB", 1);
  b.Node("Softmax", {"logits"}, {"prob"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kTranspose), 1);  // NCHW -> NHWC at the input, nothing else moves
  EXPECT_EQ(CountOps(*g, OpType::kConv2D), 1);
  EXPECT_EQ(CountOps(*g, OpType::kFullyConnected), 1);
  EXPECT_EQ(g->tensor(g->inputs[0]).shape, (std::vector<int32_t>{n, c, h, w}));
  EXPECT_EQ(g->tensor(g->outputs[0]).name, "prob");
  const auto got = RunFloat(*g, {x});

  int oh = 0, ow = 0;
  auto y = RefConv(x, n, c, h, w, wt, o, 3, 3, bias, 1, 1, 1, 1, 1, 1, &oh, &ow);
  for (int in = 0; in < n; ++in)
    for (int ic = 0; ic < o; ++ic)
      for (int i = 0; i < oh * ow; ++i) {
        float& v = y[static_cast<size_t>((in * o + ic) * oh * ow + i)];
        v = (v - mean[ic]) / std::sqrt(var[ic] + 1e-3f) * scale[ic] + shift[ic];
        v = std::max(v, 0.0f) + add[ic];
      }
  int ph = 0, pw = 0;
  const auto p = RefMaxPool(y, n, o, oh, ow, 2, 2, 0, 0, 0, 0, &ph, &pw);
  std::vector<float> want;
  for (int in = 0; in < n; ++in) {
    std::vector<double> logits(classes);
    for (int k = 0; k < classes; ++k) {
      double acc = fcb[k];
      for (int ic = 0; ic < o; ++ic) {
        double s = 0;
        for (int i = 0; i < ph * pw; ++i) s += p[static_cast<size_t>((in * o + ic) * ph * pw + i)];
        acc += s / (ph * pw) * fc[static_cast<size_t>(k * o + ic)];
      }
      logits[static_cast<size_t>(k)] = acc;
    }
    const double mx = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (double& l : logits) sum += (l = std::exp(l - mx));
    for (double l : logits) want.push_back(static_cast<float>(l / sum));
  }
  ExpectNear(got, want);
}

TEST(OnnxLayout, FlattenOfSpatialNhwcGoesBackToNchwOrder) {
  const int n = 1, c = 2, h = 3, w = 4, o = 3;
  const auto wt = Random(o * c, 7), x = Random(n * c * h * w, 8);
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Output("f").Init("W", {o, c, 1, 1}, wt);
  b.Node("Conv", {"x", "W"}, {"y"});
  b.Node("Flatten", {"y"}, {"f"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kTranspose), 2);  // into NHWC for the conv, back to NCHW for Flatten
  int oh = 0, ow = 0;
  const auto want = RefConv(x, n, c, h, w, wt, o, 1, 1, {}, 1, 0, 0, 0, 0, 1, &oh, &ow);
  ExpectNear(RunFloat(*g, {x}), want);  // [1, 3*3*4] in C, H, W order
}

TEST(OnnxLayout, DepthwiseWithMultiplierAndAsymmetricPadsUsesExplicitPad) {
  const int n = 1, c = 3, h = 7, w = 6, o = 6;
  const auto wt = Random(o * 9, 9), bias = Random(o, 10), x = Random(n * c * h * w, 11);
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Output("y").Init("W", {o, 1, 3, 3}, wt).Init("B", {o}, bias);
  auto& conv = b.Node("Conv", {"x", "W", "B"}, {"y"});
  SetInt(conv, "group", c);
  SetInts(conv, "pads", {0, 1, 2, 1});
  SetInts(conv, "strides", {2, 2});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kDepthwiseConv2D), 1);
  EXPECT_EQ(CountOps(*g, OpType::kPad), 1);
  int oh = 0, ow = 0;
  const auto want = RefConv(x, n, c, h, w, wt, o, 3, 3, bias, 2, 0, 1, 2, 1, c, &oh, &ow);
  ExpectNear(RunFloat(*g, {x}), want);
}

TEST(OnnxLayout, PadsEqualToSameNeedNoPadOp) {
  OnnxBuilder b;
  b.Input("x", {1, 2, 5, 5}).Output("y").Init("W", {2, 2, 3, 3}, Random(36, 12));
  auto& conv = b.Node("Conv", {"x", "W"}, {"y"});
  SetInts(conv, "pads", {1, 1, 1, 1});
  SetInts(conv, "strides", {2, 2});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kPad), 0);
  for (const Op& op : g->ops) {
    if (op.type == OpType::kConv2D) EXPECT_EQ(op.attrs.padding, Padding::kSame);
  }
}

TEST(OnnxLayout, MaxPoolPadsWithTheLowestFloatNotZero) {
  // 6x6, window 3, stride 2, pads 1: TFLite's SAME would pad (0, 1), so an explicit PADV2 is needed;
  // with all inputs negative, zero padding would win every border window.
  const int n = 1, c = 2, h = 6, w = 6;
  const auto x = Random(n * c * h * w, 13, -2.0f, -1.0f);
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Output("y");
  auto& mp = b.Node("MaxPool", {"x"}, {"y"});
  SetInts(mp, "kernel_shape", {3, 3});
  SetInts(mp, "strides", {2, 2});
  SetInts(mp, "pads", {1, 1, 1, 1});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kPadV2), 1);
  int oh = 0, ow = 0;
  const auto want = RefMaxPool(x, n, c, h, w, 3, 2, 1, 1, 1, 1, &oh, &ow);
  ExpectNear(RunFloat(*g, {x}), want, 0.0);
}

TEST(OnnxLayout, AveragePoolCountingPadsUsesZeroPad) {
  const int n = 1, c = 1, h = 4, w = 4;
  const auto x = Random(n * c * h * w, 14);
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Output("y");
  auto& ap = b.Node("AveragePool", {"x"}, {"y"});
  SetInts(ap, "kernel_shape", {3, 3});
  SetInts(ap, "pads", {1, 1, 1, 1});
  SetInt(ap, "count_include_pad", 1);
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  std::vector<float> want(16);
  for (int y = 0; y < 4; ++y)
    for (int xx = 0; xx < 4; ++xx) {
      double s = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
          if (y + dy >= 0 && y + dy < 4 && xx + dx >= 0 && xx + dx < 4) s += x[static_cast<size_t>((y + dy) * 4 + xx + dx)];
      want[static_cast<size_t>(y * 4 + xx)] = static_cast<float>(s / 9);
    }
  ExpectNear(RunFloat(*g, {x}), want);
}

TEST(OnnxLayout, BroadcastOperandsFollowTheNhwcSide) {
  // conv(x) (NHWC inside) + z (an NCHW graph input) * [C,1,1] + [W] row.
  const int n = 1, c = 2, h = 3, w = 4;
  const auto wt = Random(c * c, 15), x = Random(n * c * h * w, 16), z = Random(n * c * h * w, 17);
  const std::vector<float> per_c = {2.0f, -3.0f}, row = {1.0f, 2.0f, 3.0f, 4.0f};
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Input("z", {n, c, h, w}).Output("y");
  b.Init("W", {c, c, 1, 1}, wt).Init("pc", {c, 1, 1}, per_c).Init("row", {w}, row);
  b.Node("Conv", {"x", "W"}, {"cv"});
  b.Node("Mul", {"cv", "pc"}, {"m"});
  b.Node("Add", {"m", "z"}, {"s"});
  b.Node("Sub", {"s", "row"}, {"y"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kTranspose), 3);  // x and z in, y out
  int oh = 0, ow = 0;
  auto want = RefConv(x, n, c, h, w, wt, c, 1, 1, {}, 1, 0, 0, 0, 0, 1, &oh, &ow);
  for (int ic = 0; ic < c; ++ic)
    for (int y = 0; y < h; ++y)
      for (int xx = 0; xx < w; ++xx) {
        float& v = want[At(c, h, w, 0, ic, y, xx)];
        v = v * per_c[ic] + z[At(c, h, w, 0, ic, y, xx)] - row[xx];
      }
  ExpectNear(RunFloat(*g, {x, z}), want);
}

TEST(OnnxLayout, ChannelAxisOpsStayNhwc) {
  // Concat on channels, Softmax over channels, ReduceMean over H and W: no transpose between the convs
  // and the [N, C] output, since a [N, C, 1, 1] NHWC tensor has NCHW's bytes.
  const int n = 2, c = 2, h = 3, w = 3;
  const auto w1 = Random(2 * c, 18), w2 = Random(3 * c, 19), x = Random(n * c * h * w, 20);
  OnnxBuilder b;
  b.Input("x", {n, c, h, w}).Output("r").Init("W1", {2, c, 1, 1}, w1).Init("W2", {3, c, 1, 1}, w2);
  b.Node("Conv", {"x", "W1"}, {"a"});
  b.Node("Conv", {"x", "W2"}, {"bb"});
  SetInt(b.Node("Concat", {"a", "bb"}, {"cat"}), "axis", 1);
  SetInt(b.Node("Softmax", {"cat"}, {"sm"}), "axis", 1);
  auto& rm = b.Node("ReduceMean", {"sm"}, {"r"});
  SetInts(rm, "axes", {2, 3});
  SetInt(rm, "keepdims", 0);
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kTranspose), 1);
  int oh = 0, ow = 0;
  const auto ya = RefConv(x, n, c, h, w, w1, 2, 1, 1, {}, 1, 0, 0, 0, 0, 1, &oh, &ow);
  const auto yb = RefConv(x, n, c, h, w, w2, 3, 1, 1, {}, 1, 0, 0, 0, 0, 1, &oh, &ow);
  std::vector<float> want(static_cast<size_t>(n * 5), 0.0f);
  for (int in = 0; in < n; ++in)
    for (int p = 0; p < h * w; ++p) {
      double v[5], sum = 0;
      for (int k = 0; k < 5; ++k) {
        v[k] = k < 2 ? ya[static_cast<size_t>((in * 2 + k) * h * w + p)] : yb[static_cast<size_t>((in * 3 + k - 2) * h * w + p)];
      }
      const double mx = *std::max_element(v, v + 5);
      for (double& e : v) sum += (e = std::exp(e - mx));
      for (int k = 0; k < 5; ++k) want[static_cast<size_t>(in * 5 + k)] += static_cast<float>(v[k] / sum / (h * w));
    }
  ExpectNear(RunFloat(*g, {x}), want);
}

TEST(OnnxLayout, TransposeToNhwcOfAnNhwcValueIsFree) {
  const auto x = Random(1 * 2 * 3 * 4, 21);
  OnnxBuilder b;
  b.Input("x", {1, 2, 3, 4}).Output("t").Init("W", {2, 2, 1, 1}, {1, 0, 0, 1});
  b.Node("Conv", {"x", "W"}, {"y"});
  SetInts(b.Node("Transpose", {"y"}, {"t"}), "perm", {0, 2, 3, 1});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kTranspose), 1);
  std::vector<float> want;
  for (int y = 0; y < 3; ++y)
    for (int xx = 0; xx < 4; ++xx)
      for (int ic = 0; ic < 2; ++ic) want.push_back(x[At(2, 3, 4, 0, ic, y, xx)]);
  ExpectNear(RunFloat(*g, {x}), want, 0.0);
}

TEST(OnnxLayout, Conv1dRunsAs2d) {
  const int n = 2, c = 3, l = 9, o = 4;
  const auto wt = Random(o * c * 3, 22), x = Random(n * c * l, 23);
  OnnxBuilder b;
  b.Input("x", {n, c, l}).Output("y").Init("W", {o, c, 3}, wt);
  auto& conv = b.Node("Conv", {"x", "W"}, {"y"});
  SetInts(conv, "pads", {2, 0});
  SetInts(conv, "strides", {2});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  int oh = 0, ow = 0;
  const auto want = RefConv(x, n, c, 1, l, wt, o, 1, 3, {}, 2, 0, 2, 0, 0, 1, &oh, &ow);
  EXPECT_EQ(g->tensor(g->outputs[0]).shape, (std::vector<int32_t>{n, o, ow}));
  ExpectNear(RunFloat(*g, {x}), want);
}

TEST(OnnxLayout, MatMulOfTwoActivationsAndOfAWeight) {
  const auto a = Random(2 * 3 * 4, 24), bm = Random(2 * 4 * 5, 25), w = Random(5 * 2, 26);
  OnnxBuilder b;
  b.Input("a", {2, 3, 4}).Input("b", {2, 4, 5}).Output("y").Init("w", {5, 2}, w);
  b.Node("MatMul", {"a", "b"}, {"ab"});
  b.Node("MatMul", {"ab", "w"}, {"y"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kBatchMatMul), 1);
  EXPECT_EQ(CountOps(*g, OpType::kFullyConnected), 1);
  std::vector<float> want;
  for (int bi = 0; bi < 2; ++bi)
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 2; ++j) {
        double acc = 0;
        for (int m = 0; m < 5; ++m) {
          double ab = 0;
          for (int k = 0; k < 4; ++k) ab += a[static_cast<size_t>((bi * 3 + i) * 4 + k)] * bm[static_cast<size_t>((bi * 4 + k) * 5 + m)];
          acc += ab * w[static_cast<size_t>(m * 2 + j)];
        }
        want.push_back(static_cast<float>(acc));
      }
  ExpectNear(RunFloat(*g, {a, bm}), want);
}

}  // namespace
}  // namespace eb::test
