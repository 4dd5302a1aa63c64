// convert_float16: IEEE half conversion, exact weight-byte halving, float32-close outputs, TFLite layout.
#include "passes/convert_float16.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>

#include "exporters/tflite/tflite_writer.h"
#include "importers/tflite/tflite_importer.h"
#include "ir/stats.h"
#include "passes/pass_test_util.h"

#include "dequantize.h"

namespace eb {
namespace {

using test::GraphBuilder;

float HalfToFloat(uint16_t h) {
  eb_dequantize_params p{};
  p.count = 1;
  float f;
  eb_dequantize_f16_f32(&p, &h, &f);
  return f;
}

float Bits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

TEST(FloatToHalf, RoundsToNearestEvenAtTheEdges) {
  EXPECT_EQ(FloatToHalf(0.0f), 0x0000);
  EXPECT_EQ(FloatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(FloatToHalf(1.0f), 0x3C00);
  EXPECT_EQ(FloatToHalf(1.0f / 3.0f), 0x3555);
  EXPECT_EQ(FloatToHalf(-2.5f), 0xC100);
  EXPECT_EQ(FloatToHalf(65504.0f), 0x7BFF);                  // the largest half
  EXPECT_EQ(FloatToHalf(Bits(0x477FEFFF)), 0x7BFF);          // just below the midpoint 65520
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7C00);                  // the midpoint: ties to even, which is inf
  EXPECT_EQ(FloatToHalf(1e10f), 0x7C00);
  EXPECT_EQ(FloatToHalf(-INFINITY), 0xFC00);
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -14)), 0x0400);     // smallest normal
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -24)), 0x0001);     // smallest subnormal
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -25)), 0x0000);     // half of it: tie to even zero
  EXPECT_EQ(FloatToHalf(std::ldexp(1.5f, -25)), 0x0001);
  EXPECT_EQ(FloatToHalf(std::ldexp(3.0f, -25)), 0x0002);     // 1.5 units: tie to even 2
  EXPECT_EQ(FloatToHalf(std::ldexp(1023.5f, -24)), 0x0400);  // rounds up out of the subnormals
  EXPECT_EQ(FloatToHalf(1.0f + std::ldexp(1.0f, -11)), 0x3C00);  // tie, even stays
  EXPECT_EQ(FloatToHalf(1.0f + std::ldexp(3.0f, -11)), 0x3C02);  // tie, odd rounds up
  const uint16_t nan = FloatToHalf(NAN);
  EXPECT_EQ(nan & 0x7C00, 0x7C00);
  EXPECT_NE(nan & 0x03FF, 0);
}

TEST(FloatToHalf, EveryHalfRoundTrips) {
  for (uint32_t h = 0; h <= 0xFFFF; ++h) {
    const float f = HalfToFloat(static_cast<uint16_t>(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(FloatToHalf(f), h) << std::hex << h;
  }
}

#ifdef __FLT16_MAX__
// The compiler's own conversion (IEEE round to nearest even) agrees on a million random bit patterns.
TEST(FloatToHalf, AgreesWithTheCompilersFloat16) {
  std::mt19937 rng(123);
  for (int i = 0; i < 1000000; ++i) {
    const float f = Bits(rng());
    if (std::isnan(f)) continue;
    const _Float16 h = static_cast<_Float16>(f);
    uint16_t want;
    std::memcpy(&want, &h, 2);
    ASSERT_EQ(FloatToHalf(f), want) << std::hex << std::bit_cast<uint32_t>(f);
  }
}
#endif

// x [1,8,8,3] -> conv 3x3x3->8 (SAME, relu) -> depthwise 3x3 (stride 2) -> flatten -> FC 128->10.
Graph SmallConvNet() {
  GraphBuilder b("small-conv-net");
  const int x = b.Input("x", {1, 8, 8, 3});
  const int w1 = b.Const("conv/w", {8, 3, 3, 3}, test::RandomFloats(216, 1, -0.5f, 0.5f));
  const int b1 = b.Const("conv/b", {8}, test::RandomFloats(8, 2));
  const int w2 = b.Const("dw/w", {1, 3, 3, 8}, test::RandomFloats(72, 3, -0.5f, 0.5f));
  const int b2 = b.Const("dw/b", {8}, test::RandomFloats(8, 4));
  const int w3 = b.Const("fc/w", {10, 128}, test::RandomFloats(1280, 5, -0.2f, 0.2f));
  const int b3 = b.Const("fc/b", {10}, test::RandomFloats(10, 6));
  const int shape = b.ConstI32("flat", {2}, {1, 128});
  const int c1 = b.Act("c1", {1, 8, 8, 8});
  const int c2 = b.Act("c2", {1, 4, 4, 8});
  const int f = b.Act("f", {1, 128});
  const int y = b.Act("y", {1, 10});
  b.Add(OpType::kConv2D, {x, w1, b1}, {c1}, test::ConvAttrs(Padding::kSame, Activation::kRelu));
  b.Add(OpType::kDepthwiseConv2D, {c1, w2, b2}, {c2},
        test::ConvAttrs(Padding::kSame, Activation::kRelu6, 2));
  b.Add(OpType::kReshape, {c2, shape}, {f});
  b.Add(OpType::kFullyConnected, {f, w3, b3}, {y});
  b.Output(y);
  return b.graph();
}

TEST(ConvertFloat16, HalvesWeightBytesAndStaysCloseToFloat32) {
  Graph g = SmallConvNet();
  const auto in = test::RandomFloats(192, 7);
  const auto want = test::RunFloat(g, in);
  const GraphStats before = ComputeStats(g);
  PassReport report;
  ASSERT_TRUE(ConvertFloat16(g, &report).ok());
  const GraphStats after = ComputeStats(g);
  // Filters: 216 + 72 + 1280 = 1568 values, 6272 -> 3136 bytes; biases 26 values stay 104 bytes.
  EXPECT_EQ(before.weight_bytes, 6272 + 104);
  EXPECT_EQ(after.weight_bytes, 3136 + 104);
  EXPECT_EQ(after.parameters, before.parameters);
  EXPECT_EQ(after.macs, before.macs);
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kDequantize, OpType::kConv2D, OpType::kDequantize,
                                                   OpType::kDepthwiseConv2D, OpType::kReshape, OpType::kDequantize,
                                                   OpType::kFullyConnected}));
  const Tensor& half = g.tensor(g.ops[0].inputs[0]);
  EXPECT_EQ(half.name, "conv/w/float16");
  EXPECT_EQ(half.dtype, DType::kF16);
  EXPECT_EQ(half.data.size(), 432u);
  EXPECT_EQ(g.tensor(g.ops[1].inputs[1]).name, "conv/w");
  EXPECT_FALSE(g.tensor(g.ops[1].inputs[1]).is_constant);
  EXPECT_EQ(g.tensor(g.ops[1].inputs[2]).dtype, DType::kF32);  // bias stays float32
  EXPECT_EQ(report.details, (std::vector<std::string>{"'conv/w' [8,3,3,3]: 864 -> 432 bytes",
                                                      "'dw/w' [1,3,3,8]: 288 -> 144 bytes",
                                                      "'fc/w' [10,128]: 5,120 -> 2,560 bytes"}));
  EXPECT_EQ(report.Summary(), "convert_float16: 3 changes; operators 4 -> 7, tensors 12 -> 15, "
                              "weight bytes 6,376 -> 3,240");
  const auto got = test::RunFloat(g, in);
  ASSERT_EQ(got.size(), want.size());
  float max_abs = 0;
  for (float v : want) max_abs = std::max(max_abs, std::fabs(v));
  for (size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-3f * max_abs) << k;
  // The dequantised filters are exactly the rounded weights.
  Graph original = SmallConvNet();
  const auto w = test::TensorFloats(original, 1);
  for (size_t k = 0; k < w.size(); ++k) {
    uint16_t h;
    std::memcpy(&h, half.data.data() + 2 * k, 2);
    EXPECT_EQ(h, FloatToHalf(w[k]));
  }
}

TEST(ConvertFloat16, WritesATfliteFileThatReadsBackAndRuns) {
  Graph g = SmallConvNet();
  const auto in = test::RandomFloats(192, 8);
  ASSERT_TRUE(ConvertFloat16(g).ok());
  const auto want = test::RunFloat(g, in);
  auto bytes = ExportTflite(g);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "float16");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(test::OpTypes(back.value()), test::OpTypes(g));
  EXPECT_EQ(test::RunFloat(back.value(), in), want);
}

TEST(ConvertFloat16, SharedFilterGetsOneDequantizeAndOtherUsesAreLeft) {
  GraphBuilder b;
  const int x = b.Input("x", {1, 2});
  const int w = b.Const("w", {2, 2}, {1, 2, 3, 4});
  const int k = b.Const("k", {2, 2}, {0.5f, 0.25f, 1, 2});
  const int f1 = b.Act("f1", {1, 2});
  const int f2 = b.Act("f2", {1, 2});
  const int f3 = b.Act("f3", {1, 2});
  const int s = b.Act("s", {2, 2});
  b.Add(OpType::kFullyConnected, {x, w}, {f1});
  b.Add(OpType::kFullyConnected, {f1, w}, {f2});
  b.Add(OpType::kFullyConnected, {f2, k}, {f3});
  b.Add(OpType::kAdd, {k, k}, {s});  // `k` is also read as an ADD operand
  b.Output(f3);
  b.Output(s);
  Graph g = b.graph();
  PassReport report;
  ASSERT_TRUE(ConvertFloat16(g, &report).ok());
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kDequantize, OpType::kFullyConnected,
                                                   OpType::kFullyConnected, OpType::kFullyConnected, OpType::kAdd}));
  EXPECT_EQ(g.ops[0].outputs[0], w);
  EXPECT_TRUE(g.tensor(k).is_constant);
  EXPECT_EQ(report.details, (std::vector<std::string>{
                                "skipped: operator 2 (FULLY_CONNECTED): 'k' [2,2] is also read as something other "
                                "than a filter",
                                "'w' [2,2]: 16 -> 8 bytes"}));
  EXPECT_EQ(test::RunFloat(g, {1, -1}).size(), 6u);
}

}  // namespace
}  // namespace eb
