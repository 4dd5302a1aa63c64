// Runtime tests on graphs built in code: uint8 model boundaries, views, and prepare-time errors.
#include "runtime/runtime.h"

#include <gtest/gtest.h>

#include <cstring>

namespace eb {
namespace {

Tensor MakeTensor(std::string name, DType t, std::vector<int32_t> shape, float scale = 0, int64_t zp = 0) {
  Tensor x;
  x.name = std::move(name);
  x.dtype = t;
  x.shape = std::move(shape);
  if (scale > 0) x.quant = Quant{{scale}, {zp}, 0};
  return x;
}

// uint8 in -> QUANTIZE to int8 -> FULLY_CONNECTED (int8) -> QUANTIZE to uint8 out: a model with uint8
// inputs and outputs, as older converters wrote them.
Graph Uint8Model() {
  Graph g;
  g.name = "uint8-model";
  g.tensors.push_back(MakeTensor("in_u8", DType::kU8, {1, 4}, 0.5f, 128));
  g.tensors.push_back(MakeTensor("in_i8", DType::kI8, {1, 4}, 0.5f, 0));
  Tensor w = MakeTensor("w", DType::kI8, {2, 4}, 0.25f, 0);
  w.is_constant = true;
  const int8_t wv[8] = {4, 4, 4, 4, -4, 0, 0, 4};  // real: row0 = 1,1,1,1; row1 = -1,0,0,1
  w.data.assign(reinterpret_cast<const uint8_t*>(wv), reinterpret_cast<const uint8_t*>(wv) + 8);
  g.tensors.push_back(w);
  g.tensors.push_back(MakeTensor("fc_i8", DType::kI8, {1, 2}, 1.0f, -10));
  g.tensors.push_back(MakeTensor("out_u8", DType::kU8, {1, 2}, 1.0f, 118));
  g.inputs = {0};
  g.outputs = {4};
  g.ops.push_back(Op{OpType::kQuantize, {0}, {1}, {}});
  g.ops.push_back(Op{OpType::kFullyConnected, {1, 2, -1}, {3}, {}});
  g.ops.push_back(Op{OpType::kQuantize, {3}, {4}, {}});
  return g;
}

TEST(Runtime, RunsUint8InputsAndOutputs) {
  auto rt = Runtime::Create(Uint8Model());
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  // Real inputs 1, 2, 3, -1 -> uint8 (zp 128, scale 0.5): 130, 132, 134, 126.
  const uint8_t in[4] = {130, 132, 134, 126};
  std::memcpy(rt.value()->input(0), in, 4);
  rt.value()->Invoke();
  // Row sums: 1+2+3-1 = 5 and -1-1 = -2. int8 fc (zp -10): -5 and -12; uint8 out (zp 118): 123 and 116.
  const uint8_t* out = rt.value()->output(0);
  EXPECT_EQ(out[0], 123);
  EXPECT_EQ(out[1], 116);
}

TEST(Runtime, ReshapeIsFreeAndAliasesItsInput) {
  Graph g;
  g.name = "view";
  g.tensors.push_back(MakeTensor("a", DType::kF32, {1, 2, 2, 1}));
  g.tensors.push_back(MakeTensor("b", DType::kF32, {1, 4}));
  g.tensors.push_back(MakeTensor("c", DType::kF32, {1, 4}));
  g.inputs = {0};
  g.outputs = {2};
  g.ops.push_back(Op{OpType::kReshape, {0}, {1}, {}});
  g.ops.push_back(Op{OpType::kRelu, {1}, {2}, {}});
  auto rt = Runtime::Create(std::move(g));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  Runtime& r = *rt.value();
  EXPECT_EQ(r.TensorData(0), r.TensorData(1));
  const float in[4] = {-1.5f, 2.0f, 0.0f, 7.25f};
  std::memcpy(r.input(0), in, sizeof in);
  r.Invoke();
  const float* out = reinterpret_cast<const float*>(r.output(0));
  EXPECT_EQ(out[0], 0.0f);
  EXPECT_EQ(out[1], 2.0f);
  EXPECT_EQ(out[2], 0.0f);
  EXPECT_EQ(out[3], 7.25f);
}

TEST(Runtime, PrepareNamesTheOpAndTheMismatch) {
  Graph g = Uint8Model();
  g.tensors[3].shape = {1, 3};  // the FC really produces [1,2]
  g.tensors[4].shape = {1, 3};
  auto rt = Runtime::Create(std::move(g));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(),
            "uint8-model: operator 1 (FULLY_CONNECTED): output 'fc_i8' has shape [1,3], but the inputs give [1,2]");
}

TEST(Runtime, RejectsAnOpReadingAnUnwrittenTensor) {
  Graph g = Uint8Model();
  std::swap(g.ops[0], g.ops[1]);
  auto rt = Runtime::Create(std::move(g));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(),
            "uint8-model: operator 0 (FULLY_CONNECTED) reads tensor 'in_i8' before anything writes it");
}

}  // namespace
}  // namespace eb
