// ADD and SUB prepare on int16 (TFLM's int16x8 scheme): graphs built in code run, and the zero point
// requirement and the ops without an int16 kernel are refused by name.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/runtime.h"

namespace eb {
namespace {

Tensor S16(const std::string& name, float scale, int64_t zp = 0) {
  Tensor t;
  t.name = name;
  t.dtype = DType::kI16;
  t.shape = {1, 4};
  t.quant = Quant{{scale}, {zp}, 0};
  return t;
}

Graph BinaryGraph(OpType type, int64_t out_zp = 0) {
  Graph g;
  g.name = "binary16";
  g.tensors = {S16("a", 0.5f), S16("b", 1.0f), S16("out", 1.0f, out_zp)};
  g.inputs = {0, 1};
  g.outputs = {2};
  g.ops.push_back(Op{type, {0, 1}, {2}, {}});
  return g;
}

std::vector<int16_t> RunS16(Graph g) {
  auto rt = Runtime::Create(std::move(g), RuntimeOptions{KernelTarget::C(), 1});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  const int16_t a[4] = {7, -7, 1000, -32768}, b[4] = {3, -3, -2000, -32768};
  std::memcpy(rt.value()->input(0), a, sizeof a);
  std::memcpy(rt.value()->input(1), b, sizeof b);
  rt.value()->Invoke();
  const auto* out = reinterpret_cast<const int16_t*>(rt.value()->output(0));
  return std::vector<int16_t>(out, out + 4);
}

TEST(BinaryInt16, AddAndSubRun) {
  // a at 0.5, b at 1, out at 1: 3.5 + 3 = 6.5 -> 7; 500 - 2000; -16384 - 32768 saturates.
  EXPECT_EQ(RunS16(BinaryGraph(OpType::kAdd)), (std::vector<int16_t>{7, -7, -1500, -32768}));
  EXPECT_EQ(RunS16(BinaryGraph(OpType::kSub)), (std::vector<int16_t>{1, -1, 2500, 16384}));
}

TEST(BinaryInt16, RefusesNonZeroZeroPoints) {
  auto rt = Runtime::Create(BinaryGraph(OpType::kAdd, 3));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(), "binary16: operator 0 (ADD): int16 output 'out' has zero point 3, expected 0");
}

TEST(BinaryInt16, MulHasNoInt16Kernel) {
  auto rt = Runtime::Create(BinaryGraph(OpType::kMul));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(), "binary16: operator 0 (MUL): input type int16 is not supported");
}

}  // namespace
}  // namespace eb
