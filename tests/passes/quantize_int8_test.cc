// quantize_int8 and calibrate: exact TFLite quantisation parameters on a small conv -> dense -> softmax
// graph, the float32 boundary, errors, and an int8 graph whose output stays close to the float one.
#include "passes/quantize_int8.h"

#include <gtest/gtest.h>

#include <cmath>

#include "datasets/dataset.h"
#include "datasets/preprocess.h"
#include "passes/calibrate.h"
#include "passes/pass_test_util.h"

namespace eb {
namespace {

using test::GraphBuilder;

struct Net {
  Graph g;
  int in, conv_w, conv_b, conv_out, flat, fc_w, fc_b, logits, probs;
};

// input [1,4,4,2] -> CONV_2D 1x1 (3 channels, fused RELU) -> RESHAPE [1,48] -> FULLY_CONNECTED 10 -> SOFTMAX
Net MakeNet() {
  GraphBuilder b;
  Net n;
  n.in = b.Input("in", {1, 4, 4, 2});
  n.conv_w = b.Const("conv/w", {3, 1, 1, 2}, {0.5f, -0.25f, 1.0f, 0.1f, -0.2f, 0.4f});
  n.conv_b = b.Const("conv/b", {3}, {0.1f, -0.2f, 0.05f});
  n.conv_out = b.Act("conv/out", {1, 4, 4, 3});
  b.Add(OpType::kConv2D, {n.in, n.conv_w, n.conv_b}, {n.conv_out}, test::ConvAttrs(Padding::kValid, Activation::kRelu));
  const int shape = b.ConstI32("shape", {2}, {1, 48});
  n.flat = b.Act("flat", {1, 48});
  OpAttrs r;
  r.new_shape = {1, 48};
  b.Add(OpType::kReshape, {n.conv_out, shape}, {n.flat}, r);
  n.fc_w = b.Const("fc/w", {10, 48}, test::RandomFloats(480, 7, -0.5f, 0.5f));
  n.fc_b = b.Const("fc/b", {10}, test::RandomFloats(10, 8, -0.1f, 0.1f));
  n.logits = b.Act("logits", {1, 10});
  b.Add(OpType::kFullyConnected, {n.flat, n.fc_w, n.fc_b}, {n.logits});
  n.probs = b.Act("probs", {1, 10});
  b.Add(OpType::kSoftmax, {n.logits}, {n.probs});
  b.Output(n.probs);
  n.g = b.graph();
  return n;
}

// Hand-set ranges: input [0,1], conv [0,2], reshape (shared), logits [-4,4].
std::vector<TensorRange> Ranges(const Net& n) {
  std::vector<TensorRange> r(n.g.tensors.size());
  r[static_cast<size_t>(n.in)] = {true, 0.0f, 1.0f};
  r[static_cast<size_t>(n.conv_out)] = {true, 0.0f, 2.0f};
  r[static_cast<size_t>(n.flat)] = {true, 0.0f, 2.0f};
  r[static_cast<size_t>(n.logits)] = {true, -4.0f, 4.0f};
  r[static_cast<size_t>(n.probs)] = {true, 0.0f, 1.0f};
  return r;
}

TEST(ActivationQuant, IncludesZeroAndFollowsTflite) {
  EXPECT_EQ(ActivationQuant(0.0f, 1.0f), (Quant{{1.0f / 255.0f}, {-128}, 0}));
  // zero point round(-128 + 127.5) = round(-0.5): half away from zero, as TFLite's ChooseQuantizationParams
  EXPECT_EQ(ActivationQuant(-4.0f, 4.0f), (Quant{{8.0f / 255.0f}, {-1}, 0}));
  EXPECT_EQ(ActivationQuant(2.0f, 3.0f), (Quant{{3.0f / 255.0f}, {-128}, 0}));  // widened to [0,3]
  EXPECT_EQ(ActivationQuant(-2.0f, -1.0f), (Quant{{2.0f / 255.0f}, {127}, 0}));
}

TEST(QuantizeInt8, ExactParameters) {
  Net n = MakeNet();
  PassReport report;
  ASSERT_TRUE(QuantizeInt8(n.g, Ranges(n), {}, &report).ok());
  const Tensor& w = n.g.tensor(n.conv_w);
  EXPECT_EQ(w.dtype, DType::kI8);
  EXPECT_EQ(w.quant.axis, 0);
  EXPECT_EQ(w.quant.scale, (std::vector<float>{0.5f / 127, 1.0f / 127, 0.4f / 127}));
  EXPECT_EQ(w.quant.zero_point, (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(std::vector<int8_t>(w.as<int8_t>(), w.as<int8_t>() + 6), (std::vector<int8_t>{127, -64, 127, 13, -64, 127}));
  const Tensor& b = n.g.tensor(n.conv_b);
  EXPECT_EQ(b.dtype, DType::kI32);
  const float in_scale = 1.0f / 255.0f;
  EXPECT_EQ(b.quant.scale, (std::vector<float>{in_scale * (0.5f / 127), in_scale * (1.0f / 127), in_scale * (0.4f / 127)}));
  EXPECT_EQ(b.as<int32_t>()[0], static_cast<int32_t>(std::round(0.1 / (in_scale * (0.5f / 127)))));
  EXPECT_EQ(n.g.tensor(n.in).quant, (Quant{{1.0f / 255.0f}, {-128}, 0}));
  EXPECT_EQ(n.g.tensor(n.conv_out).quant, (Quant{{2.0f / 255.0f}, {-128}, 0}));
  EXPECT_EQ(n.g.tensor(n.flat).quant, n.g.tensor(n.conv_out).quant);  // RESHAPE shares its input's
  EXPECT_EQ(n.g.tensor(n.fc_w).quant.scale.size(), 1u);                // per-tensor dense weights
  EXPECT_EQ(n.g.tensor(n.fc_b).quant.scale[0], (2.0f / 255.0f) * n.g.tensor(n.fc_w).quant.scale[0]);
  EXPECT_EQ(n.g.tensor(n.logits).quant, (Quant{{8.0f / 255.0f}, {-1}, 0}));
  EXPECT_EQ(n.g.tensor(n.probs).quant, (Quant{{1.0f / 256.0f}, {-128}, 0}));
  EXPECT_EQ(n.g.tensor(n.probs).dtype, DType::kI8);
  EXPECT_EQ(report.pass, "quantize_int8");
  EXPECT_EQ(report.changes, 2 + 5);  // two weight tensors, five activations
  EXPECT_TRUE(Runtime::Create(n.g).ok());
}

TEST(QuantizeInt8, PerChannelDense) {
  Net n = MakeNet();
  ASSERT_TRUE(QuantizeInt8(n.g, Ranges(n), {.int8_io = true, .per_channel_dense = true}).ok());
  EXPECT_EQ(n.g.tensor(n.fc_w).quant.scale.size(), 10u);
  EXPECT_EQ(n.g.tensor(n.fc_b).quant.scale.size(), 10u);
  EXPECT_TRUE(Runtime::Create(n.g).ok());
}

TEST(QuantizeInt8, FloatBoundary) {
  Net n = MakeNet();
  ASSERT_TRUE(QuantizeInt8(n.g, Ranges(n), {.int8_io = false}).ok());
  EXPECT_EQ(n.g.ops.front().type, OpType::kQuantize);
  EXPECT_EQ(n.g.ops.back().type, OpType::kDequantize);
  EXPECT_EQ(n.g.tensor(n.g.inputs[0]).dtype, DType::kF32);
  EXPECT_EQ(n.g.tensor(n.g.outputs[0]).dtype, DType::kF32);
  EXPECT_EQ(n.g.tensor(n.g.outputs[0]).name, "probs");
  EXPECT_EQ(n.g.tensor(n.g.ops.front().outputs[0]).quant, (Quant{{1.0f / 255.0f}, {-128}, 0}));
  EXPECT_TRUE(Runtime::Create(n.g).ok());
}

TEST(QuantizeInt8, UnsupportedOpIsNamed) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 4});
  const int y = b.Const("y", {1, 4}, {1, 2, 3, 4});
  const int z = b.Act("z", {1, 4});
  b.Add(OpType::kDiv, {x, y}, {z});
  b.Output(z);
  const Status s = QuantizeInt8(b.graph(), std::vector<TensorRange>(3, TensorRange{true, -1, 1}), {});
  EXPECT_EQ(s.message(), "int8 quantisation: operator 0 (DIV) has no int8 kernel");
}

TEST(QuantizeInt8, MissingRangeIsNamed) {
  Net n = MakeNet();
  std::vector<TensorRange> r = Ranges(n);
  r[static_cast<size_t>(n.logits)] = {};
  EXPECT_EQ(QuantizeInt8(n.g, r, {}).message(),
            "int8 quantisation: operator 2 (FULLY_CONNECTED): no calibrated range for 'logits' [1,10]");
}

// 40 synthetic 4x4x2 images, 4 classes.
Dataset SyntheticSet() {
  Dataset ds;
  ds.kind = "synthetic";
  ds.height = ds.width = 4;
  ds.channels = 2;
  ds.class_names = {"a", "b", "c", "d"};
  for (int i = 0; i < 40; ++i) {
    ds.labels.push_back(static_cast<uint8_t>(i % 4));
    for (int p = 0; p < 32; ++p) ds.pixels.push_back(static_cast<uint8_t>((p * 37 + i * 91 + p * i) % 256));
  }
  return ds;
}

TEST(BalancedSample, RoundRobinOverClassesAndBounds) {
  const Dataset ds = SyntheticSet();
  auto s = BalancedSample(ds, 8);
  ASSERT_TRUE(s.ok());
  std::vector<int> per_class(4, 0);
  for (size_t i : s.value()) ++per_class[ds.labels[i]];
  EXPECT_EQ(per_class, (std::vector<int>{2, 2, 2, 2}));
  EXPECT_EQ(BalancedSample(ds, 8).value(), s.value());  // seeded
  EXPECT_EQ(BalancedSample(ds, 0).status().message(),
            "calibration needs between 1 and 40 samples (the synthetic test split's size), got 0");
  EXPECT_FALSE(BalancedSample(ds, 41).ok());
}

TEST(CalibrateRanges, MinMaxOfInputAndActivations) {
  const Net n = MakeNet();
  const Dataset ds = SyntheticSet();
  std::vector<size_t> all(ds.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  auto r = CalibrateRanges(n.g, ds, all, Preprocess{}, RangeMethod::kMinMax);
  ASSERT_TRUE(r.ok()) << r.status().message();
  uint8_t lo = 255, hi = 0;
  for (uint8_t p : ds.pixels) lo = std::min(lo, p), hi = std::max(hi, p);
  EXPECT_FLOAT_EQ(r.value()[static_cast<size_t>(n.in)].min, lo / 255.0f);
  EXPECT_FLOAT_EQ(r.value()[static_cast<size_t>(n.in)].max, hi / 255.0f);
  EXPECT_GE(r.value()[static_cast<size_t>(n.conv_out)].min, 0.0f);  // after the fused RELU
  EXPECT_FALSE(r.value()[static_cast<size_t>(n.conv_w)].valid);
  for (RangeMethod m : {RangeMethod::kPercentile, RangeMethod::kMse}) {
    auto c = CalibrateRanges(n.g, ds, all, Preprocess{}, m, 99.0);
    ASSERT_TRUE(c.ok());
    const TensorRange& t = c.value()[static_cast<size_t>(n.logits)];
    EXPECT_GE(t.min, r.value()[static_cast<size_t>(n.logits)].min - 1e-3f);  // clipping only narrows
    EXPECT_LE(t.max, r.value()[static_cast<size_t>(n.logits)].max + 1e-3f);
  }
}

TEST(QuantizeInt8, OutputCloseToFloat) {
  const Net n = MakeNet();
  const Dataset ds = SyntheticSet();
  std::vector<size_t> all(ds.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  auto ranges = CalibrateRanges(n.g, ds, all, Preprocess{}, RangeMethod::kMinMax);
  ASSERT_TRUE(ranges.ok());
  Graph q = n.g;
  ASSERT_TRUE(QuantizeInt8(q, ranges.value(), {}).ok());
  auto rf = Runtime::Create(n.g);
  auto rq = Runtime::Create(q);
  ASSERT_TRUE(rf.ok() && rq.ok());
  auto ff = InputFiller::Create(rf.value()->input_tensor(0), Preprocess{}, 4, 4, 2);
  auto fq = InputFiller::Create(rq.value()->input_tensor(0), Preprocess{}, 4, 4, 2);
  ASSERT_TRUE(ff.ok() && fq.ok());
  for (size_t i = 0; i < ds.size(); ++i) {
    ff->Fill(ds.image(i), rf.value()->input(0));
    fq->Fill(ds.image(i), rq.value()->input(0));
    rf.value()->Invoke();
    rq.value()->Invoke();
    const float* f = reinterpret_cast<const float*>(rf.value()->output(0));
    const int8_t* v = reinterpret_cast<const int8_t*>(rq.value()->output(0));
    for (int k = 0; k < 10; ++k) EXPECT_NEAR((v[k] + 128) / 256.0f, f[k], 0.02f) << "image " << i << " class " << k;
  }
}

// int16x8: symmetric int16 activations, int8 weights, int64 biases; SOFTMAX has no int16 kernel, so it stays a
// float32 island behind a DEQUANTIZE; the quantised graph runs and stays close to the float one.
TEST(QuantizeInt16x8, ExactParametersAndAFencedSoftmax) {
  Net n = MakeNet();
  PassReport report;
  ASSERT_TRUE(QuantizeInt8(n.g, Ranges(n), {.int8_io = true, .per_channel_dense = false, .int16x8 = true}, &report).ok())
      << report.Summary();
  EXPECT_EQ(report.pass, "quantize_int16x8");
  EXPECT_EQ(n.g.tensor(n.in).dtype, DType::kI16);
  EXPECT_EQ(n.g.tensor(n.in).quant, (Quant{{1.0f / 32767.0f}, {0}, 0}));
  EXPECT_EQ(n.g.tensor(n.conv_out).quant, (Quant{{2.0f / 32767.0f}, {0}, 0}));
  EXPECT_EQ(n.g.tensor(n.logits).quant, (Quant{{4.0f / 32767.0f}, {0}, 0}));
  EXPECT_EQ(n.g.tensor(n.conv_w).dtype, DType::kI8);
  EXPECT_EQ(n.g.tensor(n.conv_b).dtype, DType::kI64);
  EXPECT_EQ(n.g.tensor(n.fc_b).dtype, DType::kI64);
  const float in_scale = 1.0f / 32767.0f;
  EXPECT_EQ(n.g.tensor(n.conv_b).as<int64_t>()[0], static_cast<int64_t>(std::round(0.1 / (in_scale * (0.5f / 127)))));
  // The softmax reads a float copy of the logits and writes the float32 output.
  const Op& last = n.g.ops.back();
  ASSERT_EQ(last.type, OpType::kSoftmax);
  const Op& fence = n.g.ops[n.g.ops.size() - 2];
  EXPECT_EQ(fence.type, OpType::kDequantize);
  EXPECT_EQ(fence.inputs[0], n.logits);
  EXPECT_EQ(last.inputs[0], fence.outputs[0]);
  EXPECT_EQ(n.g.tensor(n.probs).dtype, DType::kF32);
  EXPECT_TRUE(Runtime::Create(n.g).ok());
}

TEST(QuantizeInt16x8, OutputCloseToFloat) {
  const Net n = MakeNet();
  const Dataset ds = SyntheticSet();
  std::vector<size_t> all(ds.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  auto ranges = CalibrateRanges(n.g, ds, all, Preprocess{}, RangeMethod::kMinMax);
  ASSERT_TRUE(ranges.ok());
  Graph q = n.g;
  ASSERT_TRUE(QuantizeInt8(q, ranges.value(), {.int8_io = false, .per_channel_dense = false, .int16x8 = true}).ok());
  auto rf = Runtime::Create(n.g);
  auto rq = Runtime::Create(q);
  ASSERT_TRUE(rf.ok()) << rf.status().message();
  ASSERT_TRUE(rq.ok()) << rq.status().message();
  auto ff = InputFiller::Create(rf.value()->input_tensor(0), Preprocess{}, 4, 4, 2);
  ASSERT_TRUE(ff.ok());
  for (size_t i = 0; i < ds.size(); ++i) {
    ff->Fill(ds.image(i), rf.value()->input(0));
    ff->Fill(ds.image(i), rq.value()->input(0));
    rf.value()->Invoke();
    rq.value()->Invoke();
    const float* f = reinterpret_cast<const float*>(rf.value()->output(0));
    const float* v = reinterpret_cast<const float*>(rq.value()->output(0));
    for (int k = 0; k < 10; ++k) EXPECT_NEAR(v[k], f[k], 2e-3f) << "image " << i << " class " << k;
  }
}

}  // namespace
}  // namespace eb
