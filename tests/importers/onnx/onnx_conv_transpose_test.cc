// ONNX ConvTranspose -> TRANSPOSE_CONV: explicit pads, output_padding, dilations, auto_pad and output_shape against
// a literal NCHW transposed convolution; the TFLite padding chosen and the zero taps added where TFLite's own
// padding would misplace the window; 1-D inputs; a round trip through the TFLite writer; exact refusals.
#include <gtest/gtest.h>

#include <random>

#include "exporters/tflite/tflite_writer.h"
#include "importers/onnx/onnx_test_util.h"
#include "importers/tflite/tflite_importer.h"

namespace eb::test {
namespace {

struct Spec {
  int n = 1, c = 1, h = 1, w = 1, o = 1, kh = 1, kw = 1;
  int sh = 1, sw = 1, dh = 1, dw = 1;
  int pt = 0, pl = 0, pb = 0, pr = 0, oph = 0, opw = 0;
  bool bias = true;
  int oh() const { return sh * (h - 1) + oph + (kh - 1) * dh + 1 - pt - pb; }
  int ow() const { return sw * (w - 1) + opw + (kw - 1) * dw + 1 - pl - pr; }
};

// The definition: input pixel (iy, ix) adds x * w over the output at (iy * s - pad + k * d); w is [C, O, kH, kW].
std::vector<float> RefConvTranspose(const Spec& s, const std::vector<float>& x, const std::vector<float>& w,
                                    const std::vector<float>& b) {
  std::vector<double> y(static_cast<size_t>(s.n) * s.o * s.oh() * s.ow(), 0.0);
  for (int in = 0; in < s.n; ++in)
    for (int oc = 0; oc < s.o; ++oc) {
      for (int i = 0; i < s.oh() * s.ow(); ++i) {
        y[static_cast<size_t>((in * s.o + oc) * s.oh() * s.ow() + i)] = s.bias ? b[oc] : 0;
      }
      for (int ic = 0; ic < s.c; ++ic)
        for (int iy = 0; iy < s.h; ++iy)
          for (int ix = 0; ix < s.w; ++ix)
            for (int ky = 0; ky < s.kh; ++ky)
              for (int kx = 0; kx < s.kw; ++kx) {
                const int oy = iy * s.sh - s.pt + ky * s.dh, ox = ix * s.sw - s.pl + kx * s.dw;
                if (oy < 0 || oy >= s.oh() || ox < 0 || ox >= s.ow()) continue;
                y[static_cast<size_t>(((in * s.o + oc) * s.oh() + oy) * s.ow() + ox)] +=
                    static_cast<double>(x[static_cast<size_t>(((in * s.c + ic) * s.h + iy) * s.w + ix)]) *
                    w[static_cast<size_t>(((ic * s.o + oc) * s.kh + ky) * s.kw + kx)];
              }
    }
  return std::vector<float>(y.begin(), y.end());
}

// A one-node model of `s` with explicit pads (as exporters write them); `attrs` may add or replace attributes.
OnnxBuilder Model(const Spec& s, const std::vector<float>& w, const std::vector<float>& b,
                  void (*attrs)(onnx::NodeProto&) = nullptr, bool explicit_pads = true) {
  OnnxBuilder m;
  m.Input("x", {s.n, s.c, s.h, s.w}).Output("y").Init("W", {s.c, s.o, s.kh, s.kw}, w);
  std::vector<std::string> in = {"x", "W"};
  if (s.bias) {
    m.Init("B", {s.o}, b);
    in.push_back("B");
  }
  auto& node = m.Node("ConvTranspose", in, {"y"}, "up");
  SetInts(node, "strides", {s.sh, s.sw});
  SetInts(node, "dilations", {s.dh, s.dw});
  if (explicit_pads) {
    SetInts(node, "pads", {s.pt, s.pl, s.pb, s.pr});
    SetInts(node, "output_padding", {s.oph, s.opw});
  }
  if (attrs) attrs(node);
  return m;
}

const Op& TheTransposeConv(const Graph& g) {
  for (const Op& op : g.ops) {
    if (op.type == OpType::kTransposeConv) return op;
  }
  static const Op none{};
  ADD_FAILURE() << "no TRANSPOSE_CONV";
  return none;
}

// Imports `s`, checks the TFLite padding and filter it became, and compares the run with the definition.
void Check(const Spec& s, Padding padding, std::vector<int32_t> filter_shape, uint32_t seed) {
  const auto x = Random(static_cast<size_t>(s.n) * s.c * s.h * s.w, seed);
  const auto w = Random(static_cast<size_t>(s.c) * s.o * s.kh * s.kw, seed + 1);
  const auto b = Random(static_cast<size_t>(s.o), seed + 2);
  auto g = Model(s, w, b).Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ(CountOps(*g, OpType::kTransposeConv), 1);
  const Op& op = TheTransposeConv(*g);
  EXPECT_EQ(op.attrs.padding, padding);
  EXPECT_EQ(g->tensor(op.inputs[1]).shape, filter_shape);
  ExpectNear(RunFloat(*g, {x}), RefConvTranspose(s, x, w, b));
}

TEST(OnnxConvTranspose, KernelFourStrideTwoPadOneIsTfliteSame) {
  Spec s;
  s.c = 3, s.h = 5, s.w = 4, s.o = 2, s.kh = s.kw = 4, s.sh = s.sw = 2, s.pt = s.pl = s.pb = s.pr = 1;
  Check(s, Padding::kSame, {2, 4, 4, 3}, 11);  // out 10 x 8: SAME pads (4 * 2 + 4 - 10) / 2 = 1, ONNX's own
}

TEST(OnnxConvTranspose, KernelThreeStrideTwoPadOneOutputPaddingOneGetsAZeroTapBehind) {
  // PyTorch's usual upsampler: out 2 * in. TFLite's SAME would pad (4 * 2 + 3 - 10) / 2 = 0, one short of ONNX's
  // 1; a zero tap after the window makes it (4 * 2 + 4 - 10) / 2 = 1.
  Spec s;
  s.c = 3, s.h = 5, s.w = 4, s.o = 2, s.kh = s.kw = 3, s.sh = s.sw = 2, s.pt = s.pl = s.pb = s.pr = 1;
  s.oph = s.opw = 1;
  Check(s, Padding::kSame, {2, 4, 4, 3}, 21);
}

TEST(OnnxConvTranspose, NoPadAtTheStartIsValidWhateverTheEnd) {
  // Dilation 2 spreads the 3 rows over 5 (zeros between); pads only at the end and output_padding crop and extend
  // the output, which VALID's unpadded scatter simply fills or drops.
  Spec s;
  s.n = 2, s.c = 2, s.h = 4, s.w = 3, s.o = 3, s.kh = 3, s.kw = 2, s.sh = 2, s.sw = 3, s.dh = 2;
  s.pb = 2, s.pr = 1, s.oph = 1, s.bias = false;
  Check(s, Padding::kValid, {3, 5, 2, 2}, 31);
}

TEST(OnnxConvTranspose, MixedPadsGetZeroTapsInFrontOrBehind) {
  // Stride 1. The columns (pads 3 and 0, a 5-tap window, out 7) make it SAME, whose pad (6 + 5 - 7) / 2 = 2 is one
  // short of 3: two zero taps behind give (6 + 7 - 7) / 2 = 3. The rows (no pads, 3 taps, out 5) would get SAME's
  // (4 + 3 - 5) / 2 = 1 where ONNX has 0: one zero tap in front moves the window back, (4 + 4 - 5) / 2 = 1 = 0 + 1.
  Spec s;
  s.c = 2, s.h = 3, s.w = 6, s.o = 2, s.kh = 3, s.kw = 5, s.pl = 3;
  Check(s, Padding::kSame, {2, 4, 7, 2}, 41);
}

TEST(OnnxConvTranspose, AutoPadAndOutputShapeDeriveThePads) {
  Spec s;
  s.c = 2, s.h = 3, s.w = 4, s.o = 2, s.kh = s.kw = 3, s.sh = s.sw = 2;
  const auto x = Random(24, 51), w = Random(36, 52), b = Random(2, 53);
  // SAME_UPPER: out = in * stride = 6 x 8 from a full 7 x 9; the odd pixel is cropped at the end.
  auto upper = Model(s, w, b, [](onnx::NodeProto& n) { SetString(n, "auto_pad", "SAME_UPPER"); }, false).Import();
  ASSERT_TRUE(upper.ok()) << upper.status().message();
  Spec want = s;
  want.pb = want.pr = 1;
  ExpectNear(RunFloat(*upper, {x}), RefConvTranspose(want, x, w, b));
  // SAME_LOWER crops it at the start.
  auto lower = Model(s, w, b, [](onnx::NodeProto& n) { SetString(n, "auto_pad", "SAME_LOWER"); }, false).Import();
  ASSERT_TRUE(lower.ok()) << lower.status().message();
  want = s;
  want.pt = want.pl = 1;
  ExpectNear(RunFloat(*lower, {x}), RefConvTranspose(want, x, w, b));
  // output_shape 5 x 7 of the full 7 x 9: 2 cropped on each axis, one at each end.
  auto shaped = Model(s, w, b, [](onnx::NodeProto& n) { SetInts(n, "output_shape", {5, 7}); }, false).Import();
  ASSERT_TRUE(shaped.ok()) << shaped.status().message();
  want = s;
  want.pt = want.pl = want.pb = want.pr = 1;
  ExpectNear(RunFloat(*shaped, {x}), RefConvTranspose(want, x, w, b));
  // 8 x 10: one more row and column (a total of -1: -1 - floor(-1 / 2) = 0 at the start), bias only, as
  // output_padding would give.
  auto larger = Model(s, w, b, [](onnx::NodeProto& n) { SetInts(n, "output_shape", {8, 10}); }, false).Import();
  ASSERT_TRUE(larger.ok()) << larger.status().message();
  EXPECT_EQ(TheTransposeConv(*larger).attrs.padding, Padding::kValid);
  want = s;
  want.oph = want.opw = 1;
  ExpectNear(RunFloat(*larger, {x}), RefConvTranspose(want, x, w, b));
  want.opw = 3;  // 8 x 12 from (0, 0)
  // SAME_UPPER with that output: the floored half of -1 is -1 at the start, a window one row later (a zero tap
  // in front); the columns' -3 puts -2 at the start.
  auto later = Model(s, w, b, [](onnx::NodeProto& n) {
                 SetString(n, "auto_pad", "SAME_UPPER");
                 SetInts(n, "output_shape", {8, 12});
               }, false).Import();
  ASSERT_TRUE(later.ok()) << later.status().message();
  const auto got = RunFloat(*later, {x});
  const auto full = RefConvTranspose(want, x, w, b);  // 8 x 12 from (0, 0); the later one is shifted by (1, 2)
  for (int oc = 0; oc < 2; ++oc)
    for (int y = 0; y < 8; ++y)
      for (int c = 0; c < 12; ++c) {
        const float v = y >= 1 && c >= 2 ? full[static_cast<size_t>((oc * 8 + y - 1) * 12 + c - 2)] : b[oc];
        ASSERT_NEAR(got[static_cast<size_t>((oc * 8 + y) * 12 + c)], v, 1e-4) << oc << " " << y << " " << c;
      }
}

TEST(OnnxConvTranspose, OneDimensionalInputsRunOnOneRow) {
  OnnxBuilder m;
  const auto x = Random(2 * 3 * 7, 61), w = Random(3 * 4 * 3, 62), b = Random(4, 63);
  m.Input("x", {2, 3, 7}).Output("y").Init("W", {3, 4, 3}, w).Init("B", {4}, b);
  auto& node = m.Node("ConvTranspose", {"x", "W", "B"}, {"y"});
  SetInts(node, "strides", {3});
  SetInts(node, "pads", {2, 1});
  auto g = m.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  Spec s;
  s.n = 2, s.c = 3, s.w = 7, s.o = 4, s.kw = 3, s.sw = 3, s.pl = 2, s.pr = 1;
  const auto got = RunFloat(*g, {x});
  EXPECT_EQ(got.size(), static_cast<size_t>(2 * 4 * s.ow()));
  ExpectNear(got, RefConvTranspose(s, x, w, b));
}

TEST(OnnxConvTranspose, RandomGeometriesMatchTheDefinition) {
  std::mt19937 rng(2024);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int iter = 0; iter < 40; ++iter) {
    Spec s;
    s.n = uni(1, 2), s.c = uni(1, 4), s.h = uni(1, 5), s.w = uni(1, 5), s.o = uni(1, 4);
    s.kh = uni(1, 4), s.kw = uni(1, 4), s.sh = uni(1, 3), s.sw = uni(1, 3), s.dh = uni(1, 2), s.dw = uni(1, 2);
    s.pt = uni(0, s.kh - 1), s.pl = uni(0, s.kw - 1), s.pb = uni(0, s.kh - 1), s.pr = uni(0, s.kw - 1);
    s.oph = uni(0, s.sh - 1), s.opw = uni(0, s.sw - 1), s.bias = uni(0, 1) == 1;
    if (s.oh() < 1 || s.ow() < 1) continue;
    const auto x = Random(static_cast<size_t>(s.n) * s.c * s.h * s.w, 100 + iter);
    const auto w = Random(static_cast<size_t>(s.c) * s.o * s.kh * s.kw, 200 + iter);
    const auto b = Random(static_cast<size_t>(s.o), 300 + iter);
    auto g = Model(s, w, b).Import();
    ASSERT_TRUE(g.ok()) << g.status().message();
    SCOPED_TRACE(testing::Message() << "iteration " << iter);
    ExpectNear(RunFloat(*g, {x}), RefConvTranspose(s, x, w, b));
  }
}

TEST(OnnxConvTranspose, RoundTripsThroughTheTfliteWriter) {
  Spec s;
  s.c = 2, s.h = 3, s.w = 3, s.o = 3, s.kh = s.kw = 3, s.sh = s.sw = 2, s.pt = s.pl = s.pb = s.pr = 1;
  s.oph = s.opw = 1;
  const auto x = Random(18, 71), w = Random(54, 72), b = Random(3, 73);
  auto g = Model(s, w, b).Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  auto bytes = ExportTflite(*g);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "roundtrip.tflite");
  ASSERT_TRUE(back.ok()) << back.status().message();
  const Op& op = TheTransposeConv(*back);
  EXPECT_EQ(op.attrs.padding, Padding::kSame);
  EXPECT_EQ(op.attrs.stride_h, 2);
  EXPECT_EQ(op.attrs.stride_w, 2);
  EXPECT_EQ(RunFloat(*back, {x}), RunFloat(*g, {x}));
}

std::string ErrorOf(const OnnxBuilder& b) {
  auto g = b.Import();
  return g.ok() ? std::string("(imported)") : g.status().message();
}

TEST(OnnxConvTranspose, RefusalsSayWhy) {
  {
    OnnxBuilder b;
    b.Input("x", {1, 4, 3, 3}).Output("y").Init("W", {4, 1, 2, 2}, std::vector<float>(16, 1.0f));
    SetInt(b.Node("ConvTranspose", {"x", "W"}, {"y"}, "up"), "group", 2);
    EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 'up' (ConvTranspose): grouped ConvTranspose (group 2) is not supported");
  }
  {
    OnnxBuilder b;
    b.Input("x", {1, 1, 2, 2, 2}).Output("y").Init("W", {1, 1, 2, 2, 2}, std::vector<float>(8, 1.0f));
    b.Node("ConvTranspose", {"x", "W"}, {"y"});
    EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (ConvTranspose): input 'x' has rank 5; 1-D and 2-D ConvTranspose "
                          "(inputs of rank 3 or 4) are supported");
  }
  {
    OnnxBuilder b;
    b.Input("x", {1, 3, 2, 2}).Output("y").Init("W", {2, 1, 2, 2}, std::vector<float>(8, 1.0f));
    b.Node("ConvTranspose", {"x", "W"}, {"y"});
    EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (ConvTranspose): weight [2,1,2,2] does not fit an input with 3 channels");
  }
  {
    OnnxBuilder b;
    b.Input("x", {1, 1, 2, 2}).Output("y").Init("W", {1, 1, 2, 2}, std::vector<float>(4, 1.0f));
    SetInts(b.Node("ConvTranspose", {"x", "W"}, {"y"}), "output_shape", {3, 0});
    EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (ConvTranspose): an output of 0 along spatial axis 1 is outside 1..65536");
  }
  {
    OnnxBuilder b;
    b.Input("x", {1, 1, 2, 2}).Input("W", {1, 1, 2, 2}).Output("y");
    b.Node("ConvTranspose", {"x", "W"}, {"y"});
    EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (ConvTranspose): the weight 'W' must be a constant (an initializer or "
                          "computable at import)");
  }
}

}  // namespace
}  // namespace eb::test
