// QUANTIZE and PAD prepare on int16 and int32: graphs built in code run the new type pairs, PAD fills int16
// with 0 as TFLM does, and a pair TFLM lacks is refused by name.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/runtime.h"

namespace eb {
namespace {

Tensor Q(const std::string& name, DType t, std::vector<int32_t> shape, float scale, int64_t zp = 0) {
  Tensor x;
  x.name = name;
  x.dtype = t;
  x.shape = std::move(shape);
  x.quant = Quant{{scale}, {zp}, 0};
  return x;
}

Graph QuantizeGraph(DType from, DType to, float in_scale, float out_scale) {
  Graph g;
  g.name = "q";
  g.tensors = {Q("in", from, {4}, in_scale), Q("out", to, {4}, out_scale)};
  if (from == DType::kF32) g.tensors[0].quant = {};
  g.inputs = {0};
  g.outputs = {1};
  g.ops.push_back(Op{OpType::kQuantize, {0}, {1}, {}});
  return g;
}

TEST(QuantizeOp, Int32ToInt16AndBack) {
  auto down = Runtime::Create(QuantizeGraph(DType::kI32, DType::kI16, 1.0f / 1024, 0.25f), {KernelTarget::C(), 1});
  ASSERT_TRUE(down.ok()) << down.status().message();
  const int32_t in[4] = {1024, -384, 1 << 30, -(1 << 30)};  // 1.0, -0.375, far out of range both ways
  std::memcpy(down.value()->input(0), in, sizeof in);
  down.value()->Invoke();
  const auto* o16 = reinterpret_cast<const int16_t*>(down.value()->output(0));
  EXPECT_EQ(std::vector<int16_t>(o16, o16 + 4), (std::vector<int16_t>{4, -2, 32767, -32768}));

  auto up = Runtime::Create(QuantizeGraph(DType::kI16, DType::kI32, 0.25f, 1.0f / 1024), {KernelTarget::C(), 1});
  ASSERT_TRUE(up.ok()) << up.status().message();
  const int16_t in16[4] = {4, -2, 32767, -32768};
  std::memcpy(up.value()->input(0), in16, sizeof in16);
  up.value()->Invoke();
  const auto* o32 = reinterpret_cast<const int32_t*>(up.value()->output(0));
  EXPECT_EQ(std::vector<int32_t>(o32, o32 + 4), (std::vector<int32_t>{1024, -512, 32767 * 256, -32768 * 256}));
}

TEST(QuantizeOp, RefusesPairsTflmLacks) {
  auto rt = Runtime::Create(QuantizeGraph(DType::kF32, DType::kI32, 1.0f, 1.0f));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(), "q: operator 0 (QUANTIZE): quantising float32 to int32 is not supported");
}

TEST(PadOp, Int16PadsWithZeroWhateverTheZeroPoint) {
  Graph g;
  g.name = "pad16";
  Tensor pads;
  pads.name = "pads";
  pads.dtype = DType::kI32;
  pads.shape = {1, 2};
  pads.is_constant = true;
  const int32_t pv[2] = {1, 2};
  pads.data.assign(reinterpret_cast<const uint8_t*>(pv), reinterpret_cast<const uint8_t*>(pv) + 8);
  g.tensors = {Q("in", DType::kI16, {2}, 0.5f, 3), pads, Q("out", DType::kI16, {5}, 0.5f, 3)};
  g.inputs = {0};
  g.outputs = {2};
  g.ops.push_back(Op{OpType::kPad, {0, 1}, {2}, {}});
  auto rt = Runtime::Create(std::move(g), {KernelTarget::C(), 1});
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const int16_t in[2] = {-300, 300};
  std::memcpy(rt.value()->input(0), in, sizeof in);
  rt.value()->Invoke();
  const auto* out = reinterpret_cast<const int16_t*>(rt.value()->output(0));
  EXPECT_EQ(std::vector<int16_t>(out, out + 5), (std::vector<int16_t>{0, -300, 300, 0, 0}));
}

}  // namespace
}  // namespace eb
