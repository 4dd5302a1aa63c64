// CONV_2D prepare, int16x8: the bias's type picks TFLM's accumulator (int64, or int32 with an int32 bias or none),
// the portable kernel runs on every target, and exact refusals for what TFLM's int16 kernels cannot compute.
#include <gtest/gtest.h>

#include "runtime/ops/op_graph_util.h"

namespace eb::test {
namespace {

// in [1,2,2,1] int16 (scale 0.5) -> 2x2 filter, two channels (scales 0.25, 0.5) -> out [1,1,1,2] int16 (scale 1).
// Rescales 0.125 and 0.25.
Graph Conv16(DType bias_type, int64_t out_zp = 0, float out_scale = 1.0f) {
  std::vector<Tensor> t;
  t.push_back(ActTensor("x", DType::kI16, {1, 2, 2, 1}, 0.5f));
  t.push_back(
      Constant<int8_t>("w", DType::kI8, {2, 2, 2, 1}, {1, 2, 3, 4, -1, -1, -1, -1}, Quant{{0.25f, 0.5f}, {0, 0}, 0}));
  if (bias_type == DType::kI64) t.push_back(Constant<int64_t>("b", DType::kI64, {2}, {4, -3}));
  else if (bias_type == DType::kI32) t.push_back(Constant<int32_t>("b", DType::kI32, {2}, {4, -3}));
  else t.push_back(Constant<int8_t>("b", DType::kI8, {2}, {4, -3}));
  t.push_back(ActTensor("y", DType::kI16, {1, 1, 1, 2}, out_scale, out_zp));
  return OneOpGraph(OpType::kConv2D, std::move(t), {0, 1, 2}, 3);
}

const std::vector<int16_t> kIn = {100, -200, 300, 400};

TEST(Conv2dOp, Int16RunsThePortableKernelOfTheBiasType) {
  // Sums 2200 + 4 and -600 - 3: 275.5 and -150.75. Both roundings give 276 and -151 here.
  for (const KernelTarget& target : {KernelTarget::C(), KernelTarget::Host(DetectIsa()).value()}) {
    auto r64 = RunOnce(Conv16(DType::kI64), target, {Bytes(kIn)});
    ASSERT_TRUE(r64);
    EXPECT_EQ(Kernels(*r64), std::vector<std::string>{"eb_conv2d_s16"});
    EXPECT_EQ(Output<int16_t>(*r64), (std::vector<int16_t>{276, -151}));
    auto r32 = RunOnce(Conv16(DType::kI32), target, {Bytes(kIn)});
    ASSERT_TRUE(r32);
    EXPECT_EQ(Kernels(*r32), std::vector<std::string>{"eb_conv2d_s16_acc32"});
    EXPECT_EQ(Output<int16_t>(*r32), (std::vector<int16_t>{276, -151}));
  }
}

TEST(Conv2dOp, Int16WithoutBiasSumsInInt32AsTflmDoes) {
  Graph g = Conv16(DType::kI64);
  g.ops[0].inputs[2] = -1;
  auto rt = RunOnce(std::move(g), KernelTarget::C(), {Bytes(kIn)});
  ASSERT_TRUE(rt);
  EXPECT_EQ(Kernels(*rt), std::vector<std::string>{"eb_conv2d_s16_acc32"});
  EXPECT_EQ(Output<int16_t>(*rt), (std::vector<int16_t>{275, -150}));  // 275 exactly, -150 exactly
}

TEST(Conv2dOp, Int16RefusalsNameTheTensorAndTheRule) {
  EXPECT_EQ(PrepareError(Conv16(DType::kI8)),
            "m: operator 0 (CONV_2D): bias 'b' is int8, expected int64 or int32 for int16 activations");
  EXPECT_EQ(PrepareError(Conv16(DType::kI64, 3)),
            "m: operator 0 (CONV_2D): output 'y' has zero point 3; int16 activations must be symmetric (zero point 0)");
  // 0.5 * 0.5 / 0.001 = 250 does not fit the int64 requantisation's shift; the int32 one takes it.
  EXPECT_EQ(PrepareError(Conv16(DType::kI64, 0, 0.001f)),
            "m: operator 0 (CONV_2D): channel 1 rescales by 250 (input scale * filter scale / output scale); the "
            "int16 kernels need less than 128");
  EXPECT_EQ(PrepareError(Conv16(DType::kI32, 0, 0.001f)), "");
  Graph g = Conv16(DType::kI64);
  g.tensors[1].quant.zero_point = {0, 2};
  EXPECT_EQ(PrepareError(std::move(g)),
            "m: operator 0 (CONV_2D): filter 'w' has zero point 2; int8 weights must be symmetric");
  Graph h = Conv16(DType::kI64);
  h.tensors[3].dtype = DType::kI8;
  EXPECT_EQ(PrepareError(std::move(h)), "m: operator 0 (CONV_2D): output 'y' is int8, expected int16");
}

}  // namespace
}  // namespace eb::test
