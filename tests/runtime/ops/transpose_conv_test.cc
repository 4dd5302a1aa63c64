// TRANSPOSE_CONV prepare: the output_shape operand (a constant must match the output; a graph input is never read),
// TFLM's padding from the output size, float32 with its fused activation, int8 and int16 without one (as TFLM
// computes them), the bias types of int16, and exact refusals.
#include <gtest/gtest.h>

#include "runtime/ops/op_graph_util.h"

namespace eb::test {
namespace {

// output_shape -> filter [1,1,3,1] -> input [1,1,2,1], stride 2, SAME -> output [1,1,4,1]: SAME pads
// ((2 - 1) * 2 + 3 - 4) / 2 = 0, so input x scatters over columns 2x .. 2x + 2 (the last one dropped).
struct Spec {
  DType type = DType::kF32;
  DType bias = DType::kF32;
  bool shape_constant = true;
  std::vector<int32_t> shape_value = {1, 1, 4, 1};
  Activation activation = Activation::kNone;
};

Graph TransposeConv(const Spec& s) {
  const bool q = s.type != DType::kF32;
  std::vector<Tensor> t;
  if (s.shape_constant) t.push_back(Constant<int32_t>("shape", DType::kI32, {4}, s.shape_value));
  else t.push_back(ActTensor("shape", DType::kI32, {4}));
  if (q) t.push_back(Constant<int8_t>("w", DType::kI8, {1, 1, 3, 1}, {1, 2, -3}, Quant{{0.5f}, {0}, 0}));
  else t.push_back(Constant<float>("w", DType::kF32, {1, 1, 3, 1}, {1, 2, -3}));
  t.push_back(q ? ActTensor("x", s.type, {1, 1, 2, 1}, 1.0f) : ActTensor("x", DType::kF32, {1, 1, 2, 1}));
  if (s.bias == DType::kF32) t.push_back(Constant<float>("b", DType::kF32, {1}, {0.5f}));
  else if (s.bias == DType::kI64) t.push_back(Constant<int64_t>("b", DType::kI64, {1}, {1}));
  else if (s.bias == DType::kI16) t.push_back(Constant<int16_t>("b", DType::kI16, {1}, {1}));
  else t.push_back(Constant<int32_t>("b", DType::kI32, {1}, {1}));
  t.push_back(q ? ActTensor("y", s.type, {1, 1, 4, 1}, 0.5f) : ActTensor("y", DType::kF32, {1, 1, 4, 1}));
  OpAttrs a;
  a.padding = Padding::kSame;
  a.stride_w = 2;
  a.activation = s.activation;
  return OneOpGraph(OpType::kTransposeConv, std::move(t), {0, 1, 2, 3}, 4, a);
}

TEST(TransposeConvOp, Float32ScattersWithTflmPaddingAndClamps) {
  // Input (2, -1): columns 2, 4, -6 and -1, -2, 3 from column 2 on: 2, 4, -7, -2, plus 0.5; ReLU.
  Spec s;
  s.activation = Activation::kRelu;
  auto rt = RunOnce(TransposeConv(s), KernelTarget::C(), {Bytes(std::vector<float>{2, -1})});
  ASSERT_TRUE(rt);
  EXPECT_EQ(Kernels(*rt), std::vector<std::string>{"eb_transpose_conv_f32"});
  EXPECT_EQ(Output<float>(*rt), (std::vector<float>{2.5f, 4.5f, 0.0f, 0.0f}));
}

TEST(TransposeConvOp, AnOutputShapeGivenAtRunTimeIsNeverRead) {
  Spec s;
  s.shape_constant = false;
  const std::vector<float> in = {2, -1};
  auto right = RunOnce(TransposeConv(s), KernelTarget::C(), {Bytes(std::vector<int32_t>{1, 1, 4, 1}), Bytes(in)});
  auto wrong =
      RunOnce(TransposeConv(s), KernelTarget::C(), {Bytes(std::vector<int32_t>{9, -5, 1 << 30, 0}), Bytes(in)});
  ASSERT_TRUE(right && wrong);
  EXPECT_EQ(Output<float>(*right), (std::vector<float>{2.5f, 4.5f, -6.5f, -1.5f}));
  EXPECT_EQ(Output<float>(*wrong), Output<float>(*right));
}

TEST(TransposeConvOp, QuantisedOutputsIgnoreTheFusedActivationAsTflmDoes) {
  // int8: sums 2, 4, -7, -2 (+1) rescaled by 1 * 0.5 / 0.5: 3, 5, -6, -1; a ReLU would have clamped the last two.
  Spec s8{DType::kI8, DType::kI32};
  s8.activation = Activation::kRelu;
  auto r8 = RunOnce(TransposeConv(s8), KernelTarget::C(), {Bytes(std::vector<int8_t>{2, -1})});
  ASSERT_TRUE(r8);
  EXPECT_EQ(Kernels(*r8), std::vector<std::string>{"eb_transpose_conv_s8"});
  EXPECT_EQ(Output<int8_t>(*r8), (std::vector<int8_t>{3, 5, -6, -1}));
  // int16 with either of its biases, on both targets.
  for (DType bias : {DType::kI64, DType::kI16}) {
    for (const KernelTarget& target : {KernelTarget::C(), KernelTarget::Host(DetectIsa()).value()}) {
      Spec s16{DType::kI16, bias};
      s16.activation = Activation::kRelu6;
      auto r16 = RunOnce(TransposeConv(s16), target, {Bytes(std::vector<int16_t>{2, -1})});
      ASSERT_TRUE(r16);
      EXPECT_EQ(Kernels(*r16), std::vector<std::string>{bias == DType::kI64 ? "eb_transpose_conv_s16"
                                                                          : "eb_transpose_conv_s16_b16"});
      EXPECT_EQ(Output<int16_t>(*r16), (std::vector<int16_t>{3, 5, -6, -1}));
    }
  }
}

TEST(TransposeConvOp, RefusalsNameTheOperandAndTheRule) {
  Spec mismatch;
  mismatch.shape_value = {1, 1, 5, 1};
  EXPECT_EQ(PrepareError(TransposeConv(mismatch)),
            "m: operator 0 (TRANSPOSE_CONV): output_shape 'shape' holds [1,1,5,1], but the output 'y' is [1,1,4,1]");
  Graph wide = TransposeConv(Spec{});
  wide.tensors[0] = Constant<int64_t>("shape", DType::kI64, {4}, {1, 1, 4, 1});
  EXPECT_EQ(PrepareError(std::move(wide)),
            "m: operator 0 (TRANSPOSE_CONV): output_shape 'shape' is int64, expected int32");
  EXPECT_EQ(PrepareError(TransposeConv(Spec{DType::kI16, DType::kI32})),
            "m: operator 0 (TRANSPOSE_CONV): bias 'b' is int32, expected int64 or int16 for int16 activations");
  EXPECT_EQ(PrepareError(TransposeConv(Spec{DType::kI8, DType::kI64})),
            "m: operator 0 (TRANSPOSE_CONV): bias 'b' is int64, expected int32");
  Graph channels = TransposeConv(Spec{});
  channels.tensors[2].shape = {1, 1, 2, 3};
  EXPECT_EQ(PrepareError(std::move(channels)),
            "m: operator 0 (TRANSPOSE_CONV): filter 'w' [1,1,3,1] expects 1 input channels, the input has 3");
  Graph batch = TransposeConv(Spec{});
  batch.tensors[4].shape = {2, 1, 4, 1};
  batch.tensors[0] = Constant<int32_t>("shape", DType::kI32, {4}, {2, 1, 4, 1});
  EXPECT_EQ(PrepareError(std::move(batch)),
            "m: operator 0 (TRANSPOSE_CONV): output 'y' [2,1,4,1] does not fit the input [1,1,2,1] and filter "
            "[1,1,3,1] (expected batch 1 and 1 channels)");
  Spec tanh;
  tanh.activation = Activation::kTanh;
  EXPECT_EQ(PrepareError(TransposeConv(tanh)),
            "m: operator 0 (TRANSPOSE_CONV): fused activation TANH is not supported");
}

}  // namespace
}  // namespace eb::test
