// Preprocessing: where the values come from (defaults, metadata, flags) and exactly what lands in the
// model input for each type and layout.
#include "datasets/preprocess.h"

#include <gtest/gtest.h>

#include <cstring>

namespace eb {
namespace {

Tensor Input(DType t, std::vector<int32_t> shape, float scale = 0, int64_t zp = 0) {
  Tensor x;
  x.name = "in";
  x.dtype = t;
  x.shape = std::move(shape);
  if (scale > 0) x.quant = Quant{{scale}, {zp}, 0};
  return x;
}

Graph GraphWithInput(Tensor in) {
  Graph g;
  g.name = "m.tflite";
  g.tensors.push_back(std::move(in));
  g.inputs = {0};
  g.outputs = {0};
  return g;
}

std::vector<uint8_t> Fill(const Tensor& in, const Preprocess& pp, int h, int w, int c, const std::vector<uint8_t>& img) {
  auto f = InputFiller::Create(in, pp, h, w, c);
  EXPECT_TRUE(f.ok()) << f.status().message();
  std::vector<uint8_t> out(static_cast<size_t>(in.num_bytes()));
  if (f.ok()) f->Fill(img, out.data());
  return out;
}

std::vector<float> AsFloats(const std::vector<uint8_t>& b) {
  std::vector<float> v(b.size() / 4);
  std::memcpy(v.data(), b.data(), b.size());
  return v;
}

TEST(Preprocess, ParsesTheMetadataJson) {
  auto pp = ParsePreprocessJson(R"({"scale":0.00392156862745098,"mean":[0.4914,0.4822,0.4465],"std":[0.247,0.243,0.261]})",
                                "m");
  ASSERT_TRUE(pp.ok()) << pp.status().message();
  EXPECT_EQ(pp->scale, 0.00392156862745098);
  EXPECT_EQ(pp->mean, (std::vector<float>{0.4914f, 0.4822f, 0.4465f}));
  EXPECT_EQ(pp->std, (std::vector<float>{0.247f, 0.243f, 0.261f}));
  pp = ParsePreprocessJson(R"({"mean":0.5,"std":0.25})", "m");  // one value for every channel; scale default
  ASSERT_TRUE(pp.ok());
  EXPECT_EQ(pp->scale, 1.0 / 255.0);
  EXPECT_EQ(pp->mean, std::vector<float>{0.5f});
  EXPECT_EQ(pp->std, std::vector<float>{0.25f});
}

TEST(Preprocess, RoundTripsThroughJson) {
  Preprocess pp{.scale = 1.0 / 255.0, .mean = {0.5f, 0.25f, 0.125f}, .std = {2.0f}};
  auto back = ParsePreprocessJson(PreprocessToJson(pp), "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->scale, pp.scale);
  EXPECT_EQ(back->mean, pp.mean);
  EXPECT_EQ(back->std, pp.std);
}

TEST(Preprocess, MetadataErrors) {
  EXPECT_EQ(ParsePreprocessJson("{scale:1}", "m.tflite: metadata").status().message(),
            "m.tflite: metadata: not a JSON object: {scale:1}");
  EXPECT_EQ(ParsePreprocessJson(R"({"scale":"1/255"})", "m").status().message(), "m: \"scale\" must be a number");
  EXPECT_EQ(ParsePreprocessJson(R"({"mean":[]})", "m").status().message(),
            "m: \"mean\" must be a number or a non-empty array of numbers");
  EXPECT_EQ(ParsePreprocessJson(R"({"std":[1,"x"]})", "m").status().message(), "m: \"std\" holds a non-number");
}

TEST(Preprocess, DefaultsDependOnTheInputType) {
  auto f = ResolvePreprocess(GraphWithInput(Input(DType::kF32, {1, 2, 2, 1})), {});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->pp.scale, 1.0 / 255.0);
  EXPECT_TRUE(f->pp.mean.empty());
  EXPECT_TRUE(f->pp.std.empty());
  EXPECT_EQ(f->origin, "default for a float32 input");
  auto q = ResolvePreprocess(GraphWithInput(Input(DType::kI8, {1, 2, 2, 1}, 0.5f, -3)), {});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->pp.scale, 0.5);
  EXPECT_EQ(q->origin, "default for an int8 input: real = pixel * input scale");
}

TEST(Preprocess, MetadataThenFlagsFieldByField) {
  Graph g = GraphWithInput(Input(DType::kI8, {1, 2, 2, 1}, 0.5f, -3));
  g.metadata[kPreprocessMetadataKey] = R"({"scale":0.1,"mean":[1,2,3],"std":[4,5,6]})";
  auto r = ResolvePreprocess(g, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pp.scale, 0.1);
  EXPECT_EQ(r->pp.mean, (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(r->origin, "model metadata");
  r = ResolvePreprocess(g, PreprocessOverrides{.scale = 1.0, .mean = std::nullopt, .std = std::vector<float>{2}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pp.scale, 1.0);
  EXPECT_EQ(r->pp.mean, (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(r->pp.std, std::vector<float>{2});
  EXPECT_EQ(r->origin, "model metadata, overridden by flags");
  g.metadata[kPreprocessMetadataKey] = "[]";
  EXPECT_EQ(ResolvePreprocess(g, {}).status().message(),
            "m.tflite: metadata edgebench.preprocess: not a JSON object: []");
}

// MLPerf Tiny's convention: int8 input with scale 1, zero point -128 receives pixel - 128.
TEST(InputFiller, Int8ScaleOneIsPixelMinus128) {
  const Tensor in = Input(DType::kI8, {1, 16, 16, 1}, 1.0f, -128);
  const Preprocess pp{.scale = 1.0, .mean = {}, .std = {}};
  std::vector<uint8_t> img(256);
  for (int i = 0; i < 256; ++i) img[static_cast<size_t>(i)] = static_cast<uint8_t>(i);
  auto out = Fill(in, pp, 16, 16, 1, img);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(static_cast<int8_t>(out[static_cast<size_t>(i)]), i - 128) << i;
}

// vww_96_int8's input: scale 0.00392156886 (float 1/255), zero point -128: the default real = pixel * scale
// still gives exactly pixel - 128 for every pixel value.
TEST(InputFiller, Int8DefaultWithScaleOneOver255IsExact) {
  const Tensor in = Input(DType::kI8, {1, 16, 16, 1}, 0.00392156886f, -128);
  auto pp = ResolvePreprocess(GraphWithInput(in), {});
  ASSERT_TRUE(pp.ok());
  std::vector<uint8_t> img(256);
  for (int i = 0; i < 256; ++i) img[static_cast<size_t>(i)] = static_cast<uint8_t>(i);
  auto out = Fill(in, pp->pp, 16, 16, 1, img);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(static_cast<int8_t>(out[static_cast<size_t>(i)]), i - 128) << i;
}

// An MNIST model whose input is raw uint8 [1,28,28] without quantisation (then CAST to float inside): the
// default preprocessing passes each pixel byte through unchanged.
TEST(InputFiller, PlainUint8InputGetsThePixelBytes) {
  const Tensor in = Input(DType::kU8, {1, 28, 28});
  auto pp = ResolvePreprocess(GraphWithInput(in), {});
  ASSERT_TRUE(pp.ok()) << pp.status().message();
  EXPECT_EQ(pp->pp.scale, 1.0);
  EXPECT_EQ(pp->origin, "default for a plain uint8 input: the pixel bytes as they are");
  std::vector<uint8_t> img(28 * 28);
  for (size_t i = 0; i < img.size(); ++i) img[i] = static_cast<uint8_t>(i * 7);
  EXPECT_EQ(Fill(in, pp->pp, 28, 28, 1, img), img);
}

TEST(InputFiller, QuantisedValuesRoundAndClamp) {
  // real = pixel / 4; int8 scale 0.5, zp 10: q = round(pixel / 2) + 10, clamped to [-128, 127].
  const Tensor in = Input(DType::kI8, {1, 1, 4, 1}, 0.5f, 10);
  const Preprocess pp{.scale = 0.25, .mean = {}, .std = {}};
  auto out = Fill(in, pp, 1, 4, 1, {0, 3, 5, 255});
  EXPECT_EQ(static_cast<int8_t>(out[0]), 10);
  EXPECT_EQ(static_cast<int8_t>(out[1]), 12);   // 1.5 rounds away from zero
  EXPECT_EQ(static_cast<int8_t>(out[2]), 13);   // 2.5 -> 3
  EXPECT_EQ(static_cast<int8_t>(out[3]), 127);  // 138 clamped
  // uint8, zero point 0: negative reals clamp to 0.
  const Tensor u = Input(DType::kU8, {1, 1, 2, 1}, 1.0f, 0);
  const Preprocess centred{.scale = 1.0, .mean = {128}, .std = {}};
  auto uo = Fill(u, centred, 1, 2, 1, {0, 200});
  EXPECT_EQ(uo[0], 0);
  EXPECT_EQ(uo[1], 72);
}

TEST(InputFiller, FloatPerChannelMeanAndStd) {
  const Tensor in = Input(DType::kF32, {1, 1, 2, 3});
  const Preprocess pp{.scale = 1.0 / 255.0, .mean = {0.5f, 0.25f, 0.0f}, .std = {0.5f, 0.25f, 2.0f}};
  auto v = AsFloats(Fill(in, pp, 1, 2, 3, {255, 0, 51, 0, 255, 102}));
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[0], 1.0f);                                                   // (1 - 0.5) / 0.5
  EXPECT_EQ(v[1], -1.0f);                                                  // (0 - 0.25) / 0.25
  EXPECT_EQ(v[2], static_cast<float>(51.0 / 255.0 / 2.0));                 // 0.1
  EXPECT_EQ(v[3], -1.0f);
  EXPECT_EQ(v[4], 3.0f);                                                   // (1 - 0.25) / 0.25
  EXPECT_EQ(v[5], static_cast<float>(102.0 / 255.0 / 2.0));
}

TEST(InputFiller, NchwTransposesAndFlatKeepsOrder) {
  // A 2x2 RGB image: pixel p has R = p, G = 10 + p, B = 20 + p.
  const std::vector<uint8_t> img = {0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23};
  const Preprocess raw{.scale = 1.0, .mean = {}, .std = {}};
  const Tensor nchw = Input(DType::kF32, {1, 3, 2, 2});
  auto f = InputFiller::Create(nchw, raw, 2, 2, 3);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->layout(), InputFiller::Layout::kNCHW);
  EXPECT_EQ(AsFloats(Fill(nchw, raw, 2, 2, 3, img)),
            (std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}));
  const Tensor flat = Input(DType::kF32, {1, 12});
  EXPECT_EQ(InputFiller::Create(flat, raw, 2, 2, 3)->layout(), InputFiller::Layout::kFlat);
  EXPECT_EQ(AsFloats(Fill(flat, raw, 2, 2, 3, img)),
            (std::vector<float>{0, 10, 20, 1, 11, 21, 2, 12, 22, 3, 13, 23}));
  // A one-channel image also fits [1,H,W].
  EXPECT_EQ(InputFiller::Create(Input(DType::kF32, {1, 28, 28}), raw, 28, 28, 1)->layout(),
            InputFiller::Layout::kFlat);
  // 3x3x3 fits both NHWC and NCHW: NHWC, the IR's own layout, wins.
  EXPECT_EQ(InputFiller::Create(Input(DType::kF32, {1, 3, 3, 3}), raw, 3, 3, 3)->layout(),
            InputFiller::Layout::kNHWC);
}

TEST(InputFiller, Errors) {
  const Preprocess raw{.scale = 1.0, .mean = {}, .std = {}};
  EXPECT_EQ(InputFiller::Create(Input(DType::kI8, {1, 96, 96, 3}, 1.0f, 0), raw, 28, 28, 1).status().message(),
            "model input 'in' int8 [1,96,96,3] does not fit 28x28x1 images (HxWxC; images are not resized): expected "
            "[1,28,28,1], [1,1,28,28] or [1,784]");
  const Tensor rgb = Input(DType::kF32, {1, 2, 2, 3});
  EXPECT_EQ(InputFiller::Create(rgb, Preprocess{.scale = 1, .mean = {1, 2}, .std = {}}, 2, 2, 3).status().message(),
            "preprocessing scale=1 mean=[1,2] std=1: mean has 2 values but the images have 3 channels");
  EXPECT_EQ(InputFiller::Create(rgb, Preprocess{.scale = 1, .mean = {}, .std = {1, 0, 1}}, 2, 2, 3).status().message(),
            "preprocessing std [1,0,1] holds 0 or a non-finite value");
  EXPECT_EQ(InputFiller::Create(rgb, Preprocess{.scale = 0, .mean = {}, .std = {}}, 2, 2, 3).status().message(),
            "preprocessing scale 0 is not a finite non-zero number");
  EXPECT_EQ(InputFiller::Create(Input(DType::kI8, {1, 2, 2, 3}), raw, 2, 2, 3).status().message(),
            "model input 'in' int8 [1,2,2,3]: a quantised image input needs one positive scale (per-tensor "
            "quantisation)");
  EXPECT_EQ(InputFiller::Create(Input(DType::kI32, {1, 2, 2, 3}), raw, 2, 2, 3).status().message(),
            "model input 'in' int32 [1,2,2,3]: only float32, int8, uint8 and int16 image inputs are supported");
}

}  // namespace
}  // namespace eb
