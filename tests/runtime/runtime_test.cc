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

// FULLY_CONNECTED [1,64] x [16,64] whose float32 filter is DEQUANTIZE of a constant float16 tensor, as the
// float16 variants are written.
Graph Float16WeightModel() {
  Graph g;
  g.name = "f16-weights";
  g.tensors.push_back(MakeTensor("in", DType::kF32, {1, 64}));
  Tensor h = MakeTensor("w16", DType::kF16, {16, 64});
  h.is_constant = true;
  for (int i = 0; i < 16 * 64; ++i) {
    // 0.5, 0.625, 0.75, 0.875, 1, 1.25, 1.5: exact in float16 and in every sum below.
    const uint16_t half = static_cast<uint16_t>(0x3800 + (i % 7) * 0x100);
    h.data.push_back(static_cast<uint8_t>(half & 0xff));
    h.data.push_back(static_cast<uint8_t>(half >> 8));
  }
  g.tensors.push_back(h);
  g.tensors.push_back(MakeTensor("w", DType::kF32, {16, 64}));
  g.tensors.push_back(MakeTensor("out", DType::kF32, {1, 16}));
  g.inputs = {0};
  g.outputs = {3};
  g.ops.push_back(Op{OpType::kDequantize, {1}, {2}, {}});
  g.ops.push_back(Op{OpType::kFullyConnected, {0, 2, -1}, {3}, {}});
  return g;
}

std::vector<float> RunOnes(Runtime& rt) {
  std::vector<float> in(64, 1.0f);
  std::memcpy(rt.input(0), in.data(), in.size() * 4);
  rt.Invoke();
  const float* o = reinterpret_cast<const float*>(rt.output(0));
  return std::vector<float>(o, o + 16);
}

// The host converts float16 weights once, at Create: no DEQUANTIZE step, no float32 copy in the arena. An
// MCU target keeps the per-call conversion (the weights stay half-size in flash). Both compute the same.
TEST(Runtime, HostConvertsFloat16WeightsOnce) {
  auto host = Runtime::Create(Float16WeightModel(), {KernelTarget::Host(Isa::kRef).value()});
  auto mcu = Runtime::Create(Float16WeightModel(), {KernelTarget::C()});
  ASSERT_TRUE(host.ok()) << host.status().message();
  ASSERT_TRUE(mcu.ok()) << mcu.status().message();
  EXPECT_EQ(host.value()->calls().size(), 1u);
  EXPECT_EQ(mcu.value()->calls().size(), 2u);
  EXPECT_EQ(mcu.value()->calls()[0].kernel, "eb_dequantize_f16_f32");
  EXPECT_EQ(host.value()->plan().arena_bytes, 64 * 4 + 16 * 4);
  EXPECT_EQ(mcu.value()->plan().arena_bytes, 64 * 4 + 16 * 4 + 16 * 64 * 4);
  const std::vector<float> a = RunOnes(*host.value()), b = RunOnes(*mcu.value());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a[0], 0.5f * 10 + (0.625f + 0.75f + 0.875f + 1.0f + 1.25f + 1.5f) * 9);
}

// Each target picks its own kernels: the best host level an x86 variant (host-only, not describable as C), the
// MCU targets only kernels generated C can call.
TEST(Runtime, TargetsPickTheirKernels) {
  auto mcu = Runtime::Create(Float16WeightModel(), {KernelTarget::CortexM4()});
  ASSERT_TRUE(mcu.ok());
  for (const KernelCall& c : mcu.value()->calls()) EXPECT_TRUE(c.described()) << c.kernel;
  if (DetectIsa() < Isa::kAvx512) GTEST_SKIP() << "this CPU lacks AVX-512";
  auto host = Runtime::Create(Float16WeightModel(), {KernelTarget::Host(Isa::kAvx512).value()});
  ASSERT_TRUE(host.ok());
  ASSERT_EQ(host.value()->calls().size(), 1u);
  EXPECT_EQ(host.value()->calls()[0].kernel, "eb_fully_connected_f32_gemm_avx512");
  EXPECT_TRUE(host.value()->calls()[0].host_only);
  EXPECT_FALSE(host.value()->calls()[0].described());
  EXPECT_EQ(RunOnes(*host.value()), RunOnes(*mcu.value()));  // sums of exact small products: no rounding
}

TEST(Runtime, RefusesBadThreadCounts) {
  for (int threads : {0, 257}) {
    auto rt = Runtime::Create(Float16WeightModel(), {KernelTarget::C(), threads});
    ASSERT_FALSE(rt.ok());
    EXPECT_EQ(rt.status().message(), std::to_string(threads) + " threads requested; 1 to 256 are supported");
  }
}

}  // namespace
}  // namespace eb
