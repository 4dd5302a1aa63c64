// FULLY_CONNECTED prepare, int16x8: per-tensor and per-channel filters on the int64 kernel, on every target; exact
// refusals of an int32 bias and of asymmetric activations.
#include <gtest/gtest.h>

#include "runtime/ops/op_graph_util.h"

namespace eb::test {
namespace {

// in [1,3] int16 (scale 0.5) -> filter [2,3] (scale 0.5, or 0.5 and 0.25 per row) -> out [1,2] int16 (scale 1).
Graph Fc16(bool per_channel, DType bias_type = DType::kI64, int64_t in_zp = 0) {
  std::vector<Tensor> t;
  t.push_back(ActTensor("x", DType::kI16, {1, 3}, 0.5f, in_zp));
  const Quant q = per_channel ? Quant{{0.5f, 0.25f}, {0, 0}, 0} : Quant{{0.5f}, {0}, 0};
  t.push_back(Constant<int8_t>("w", DType::kI8, {2, 3}, {1, 2, 3, -1, 0, 1}, q));
  if (bias_type == DType::kI64) t.push_back(Constant<int64_t>("b", DType::kI64, {2}, {2, -1}));
  else t.push_back(Constant<int32_t>("b", DType::kI32, {2}, {2, -1}));
  t.push_back(ActTensor("y", DType::kI16, {1, 2}, 1.0f));
  return OneOpGraph(OpType::kFullyConnected, std::move(t), {0, 1, 2}, 3);
}

TEST(FullyConnectedOp, Int16PerTensorAndPerChannel) {
  const std::vector<int16_t> in = {100, -7, 33};
  for (const KernelTarget& target : {KernelTarget::C(), KernelTarget::Host(DetectIsa()).value()}) {
    // Sums 100 - 14 + 99 + 2 = 187 and -100 + 33 - 1 = -68, rescaled by 0.25: 46.75 -> 47, -17.
    auto tensor = RunOnce(Fc16(false), target, {Bytes(in)});
    ASSERT_TRUE(tensor);
    EXPECT_EQ(Kernels(*tensor), std::vector<std::string>{"eb_fully_connected_s16"});
    EXPECT_EQ(Output<int16_t>(*tensor), (std::vector<int16_t>{47, -17}));
    // Row 1 rescaled by 0.125 instead: -8.5 ties upward to -8.
    auto channel = RunOnce(Fc16(true), target, {Bytes(in)});
    ASSERT_TRUE(channel);
    EXPECT_EQ(Output<int16_t>(*channel), (std::vector<int16_t>{47, -8}));
  }
}

TEST(FullyConnectedOp, Int16Refusals) {
  EXPECT_EQ(PrepareError(Fc16(false, DType::kI32)),
            "m: operator 0 (FULLY_CONNECTED): bias 'b' is int32, expected int64 for int16 activations");
  EXPECT_EQ(PrepareError(Fc16(false, DType::kI64, 5)),
            "m: operator 0 (FULLY_CONNECTED): input 'x' has zero point 5; int16 activations must be symmetric (zero "
            "point 0)");
}

}  // namespace
}  // namespace eb::test
