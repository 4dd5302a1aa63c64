// STRIDED_SLICE prepare: a graph built in code slices int16 and float32 tensors (shrink, masks, a backward
// stride) on the runtime, and every refusal names what it found.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/runtime.h"

namespace eb {
namespace {

Tensor Indices(const std::string& name, std::vector<int32_t> v) {
  Tensor t;
  t.name = name;
  t.dtype = DType::kI32;
  t.shape = {static_cast<int32_t>(v.size())};
  t.is_constant = true;
  t.data.resize(v.size() * 4);
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

// input [3, 4] -> STRIDED_SLICE(begin, end, strides, attrs) -> output of `out_shape`.
Graph SliceGraph(DType t, std::vector<int32_t> out_shape, std::vector<int32_t> begin, std::vector<int32_t> end,
                 std::vector<int32_t> strides, OpAttrs attrs = {}) {
  Graph g;
  g.name = "slice";
  Tensor in;
  in.name = "in";
  in.dtype = t;
  in.shape = {3, 4};
  if (t == DType::kI16) in.quant = Quant{{0.5f}, {0}, 0};
  Tensor out = in;
  out.name = "out";
  out.shape = std::move(out_shape);
  g.tensors = {in, Indices("begin", begin), Indices("end", end), Indices("strides", strides), out};
  g.inputs = {0};
  g.outputs = {4};
  g.ops.push_back(Op{OpType::kStridedSlice, {0, 1, 2, 3}, {4}, attrs});
  return g;
}

std::string PrepareError(Graph g) {
  auto rt = Runtime::Create(std::move(g), RuntimeOptions{KernelTarget::C(), 1});
  return rt.ok() ? "(prepared)" : rt.status().message();
}

TEST(StridedSliceOp, SlicesInt16WithShrinkAndBackwardStride) {
  OpAttrs a;
  a.shrink_axis_mask = 1;  // row 2 only, dropped from the shape
  a.end_mask = 2;
  auto rt = Runtime::Create(SliceGraph(DType::kI16, {2}, {-1, 3}, {0, 0}, {1, -2}, a), {KernelTarget::C(), 1});
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const int16_t in[12] = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
  std::memcpy(rt.value()->input(0), in, sizeof in);
  rt.value()->Invoke();
  const auto* out = reinterpret_cast<const int16_t*>(rt.value()->output(0));
  EXPECT_EQ(out[0], 23);  // columns 3, 1
  EXPECT_EQ(out[1], 21);
}

TEST(StridedSliceOp, SlicesFloatWithBeginMask) {
  OpAttrs a;
  a.begin_mask = 1;
  auto rt = Runtime::Create(SliceGraph(DType::kF32, {2, 2}, {2, 1}, {2, 4}, {1, 2}, a));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  float in[12];
  for (int i = 0; i < 12; ++i) in[i] = static_cast<float>(i);
  std::memcpy(rt.value()->input(0), in, sizeof in);
  rt.value()->Invoke();
  const auto* out = reinterpret_cast<const float*>(rt.value()->output(0));
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], 3.0f);
  EXPECT_EQ(out[2], 5.0f);
  EXPECT_EQ(out[3], 7.0f);
}

TEST(StridedSliceOp, RefusesWhatTflmIgnores) {
  OpAttrs a;
  a.new_axis_mask = 2;
  EXPECT_EQ(PrepareError(SliceGraph(DType::kF32, {3, 4}, {0, 0}, {3, 4}, {1, 1}, a)),
            "slice: operator 0 (STRIDED_SLICE): ellipsis_mask 0, new_axis_mask 2 and offset 0 are not supported "
            "(TFLM's reference ignores them; only 0 is)");
}

TEST(StridedSliceOp, RefusesBadIndexOperands) {
  EXPECT_EQ(PrepareError(SliceGraph(DType::kF32, {3, 4}, {0}, {3, 4}, {1, 1})),
            "slice: operator 0 (STRIDED_SLICE): begin 'begin' has 1 values, expected 2 (one per input axis)");
  EXPECT_EQ(PrepareError(SliceGraph(DType::kF32, {3, 4}, {0, 0}, {3, 4}, {1, 0})),
            "slice: operator 0 (STRIDED_SLICE): the stride of axis 1 is 0");
  Graph g = SliceGraph(DType::kF32, {3, 4}, {0, 0}, {3, 4}, {1, 1});
  g.tensors[2].is_constant = false;
  g.tensors[2].data.clear();
  g.inputs.push_back(2);
  EXPECT_EQ(PrepareError(std::move(g)), "slice: operator 0 (STRIDED_SLICE): end 'end' must be a constant");
  Graph wide = SliceGraph(DType::kF32, {3, 4}, {0, 0}, {3, 4}, {1, 1});
  wide.tensors[3].dtype = DType::kI64;
  wide.tensors[3].data.resize(16, 0);
  EXPECT_EQ(PrepareError(std::move(wide)),
            "slice: operator 0 (STRIDED_SLICE): strides 'strides' is int64, expected int32");
}

TEST(StridedSliceOp, RefusesAWrongOutputShapeAndAnEmptyShrink) {
  EXPECT_EQ(PrepareError(SliceGraph(DType::kF32, {3, 3}, {0, 0}, {3, 4}, {1, 2})),
            "slice: operator 0 (STRIDED_SLICE): output 'out' has shape [3,3], but the inputs give [3,2]");
  OpAttrs a;
  a.shrink_axis_mask = 1;
  EXPECT_EQ(PrepareError(SliceGraph(DType::kF32, {4}, {1, 0}, {2, 4}, {-1, 1}, a)),
            "slice: operator 0 (STRIDED_SLICE): shrunk axis 0 takes no element (begin 1, stride -1, size 3)");
}

TEST(StridedSliceOp, RefusesDifferentQuantisation) {
  Graph g = SliceGraph(DType::kI16, {3, 4}, {0, 0}, {3, 4}, {1, 1});
  g.tensors[4].quant.scale = {0.25f};
  EXPECT_EQ(PrepareError(std::move(g)),
            "slice: operator 0 (STRIDED_SLICE): quantised STRIDED_SLICE needs equal input and output quantisation");
}

}  // namespace
}  // namespace eb
