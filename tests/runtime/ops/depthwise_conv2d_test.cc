// DEPTHWISE_CONV_2D prepare, int16x8: the int64 kernel on every target; an int32 bias, which TFLM's int16 depthwise
// would misread, is refused.
#include <gtest/gtest.h>

#include "runtime/ops/op_graph_util.h"

namespace eb::test {
namespace {

// in [1,1,2,2] int16 (scale 1) -> 1x2 filter, depth multiplier 1 (scales 0.5, 0.25) -> out [1,1,1,2] (scale 1).
Graph Depthwise16(DType bias_type) {
  std::vector<Tensor> t;
  t.push_back(ActTensor("x", DType::kI16, {1, 1, 2, 2}, 1.0f));
  t.push_back(Constant<int8_t>("w", DType::kI8, {1, 1, 2, 2}, {1, 2, 3, -4}, Quant{{0.5f, 0.25f}, {0, 0}, 3}));
  if (bias_type == DType::kI64) t.push_back(Constant<int64_t>("b", DType::kI64, {2}, {1, int64_t{1} << 33}));
  else t.push_back(Constant<int32_t>("b", DType::kI32, {2}, {1, 0}));
  t.push_back(ActTensor("y", DType::kI16, {1, 1, 1, 2}, 1.0f));
  OpAttrs a;
  a.padding = Padding::kValid;
  return OneOpGraph(OpType::kDepthwiseConv2D, std::move(t), {0, 1, 2}, 3, a);
}

TEST(DepthwiseConv2dOp, Int16RunsTheInt64Kernel) {
  const std::vector<int16_t> in = {10, -20, 30, 40};  // pixel 0: (10, -20), pixel 1: (30, 40)
  for (const KernelTarget& target : {KernelTarget::C(), KernelTarget::Host(DetectIsa()).value()}) {
    auto rt = RunOnce(Depthwise16(DType::kI64), target, {Bytes(in)});
    ASSERT_TRUE(rt);
    EXPECT_EQ(Kernels(*rt), std::vector<std::string>{"eb_depthwise_conv2d_s16"});
    // Channel 0: (10 + 90 + 1) / 2 = 50.5 -> 51. Channel 1: (-40 - 160 + 2^33) / 4 = 2^31 - 50 (the int64 bias
    // kept whole) clamps at 32767.
    EXPECT_EQ(Output<int16_t>(*rt), (std::vector<int16_t>{51, 32767}));
  }
}

TEST(DepthwiseConv2dOp, Int16RefusesAnInt32Bias) {
  EXPECT_EQ(PrepareError(Depthwise16(DType::kI32)),
            "m: operator 0 (DEPTHWISE_CONV_2D): bias 'b' is int32, expected int64 for int16 activations");
}

}  // namespace
}  // namespace eb::test
