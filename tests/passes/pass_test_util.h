// Helpers for the graph-pass tests: building small graphs in code and running them on eb::Runtime.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/runtime.h"

namespace eb::test {

class GraphBuilder {
 public:
  explicit GraphBuilder(std::string name = "test-graph") { g_.name = std::move(name); }

  // A graph input.
  int Input(std::string name, std::vector<int32_t> shape, DType t = DType::kF32) {
    const int i = Act(std::move(name), std::move(shape), t);
    g_.inputs.push_back(i);
    return i;
  }
  // An activation tensor (written by an op).
  int Act(std::string name, std::vector<int32_t> shape, DType t = DType::kF32) {
    Tensor x;
    x.name = std::move(name);
    x.dtype = t;
    x.shape = std::move(shape);
    g_.tensors.push_back(std::move(x));
    return static_cast<int>(g_.tensors.size()) - 1;
  }
  int Const(std::string name, std::vector<int32_t> shape, const std::vector<float>& v) {
    return Raw(std::move(name), std::move(shape), DType::kF32, v.data(), v.size() * 4);
  }
  int ConstI32(std::string name, std::vector<int32_t> shape, const std::vector<int32_t>& v) {
    return Raw(std::move(name), std::move(shape), DType::kI32, v.data(), v.size() * 4);
  }
  int ConstI8(std::string name, std::vector<int32_t> shape, const std::vector<int8_t>& v) {
    return Raw(std::move(name), std::move(shape), DType::kI8, v.data(), v.size());
  }
  int Raw(std::string name, std::vector<int32_t> shape, DType t, const void* data, size_t bytes) {
    const int i = Act(std::move(name), std::move(shape), t);
    g_.tensors[static_cast<size_t>(i)].is_constant = true;
    const auto* p = static_cast<const uint8_t*>(data);
    g_.tensors[static_cast<size_t>(i)].data.assign(p, p + bytes);
    return i;
  }
  void SetQuant(int t, float scale, int64_t zp) { g_.tensors[static_cast<size_t>(t)].quant = Quant{{scale}, {zp}, 0}; }
  size_t Add(OpType type, std::vector<int> in, std::vector<int> out, OpAttrs attrs = {}) {
    g_.ops.push_back(Op{type, std::move(in), std::move(out), std::move(attrs)});
    return g_.ops.size() - 1;
  }
  void Output(int t) { g_.outputs.push_back(t); }
  Graph& graph() { return g_; }

 private:
  Graph g_;
};

inline std::vector<float> RandomFloats(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// Attributes set by a callable: Attrs([](OpAttrs& a) { a.padding = Padding::kSame; }).
template <class F>
OpAttrs Attrs(F set) {
  OpAttrs a;
  set(a);
  return a;
}

// Convolution attributes: padding, fused activation, stride (both axes), depth multiplier.
inline OpAttrs ConvAttrs(Padding padding, Activation act = Activation::kNone, int stride = 1, int multiplier = 1) {
  OpAttrs a;
  a.padding = padding;
  a.activation = act;
  a.stride_h = a.stride_w = stride;
  a.depth_multiplier = multiplier;
  return a;
}

inline OpAttrs WithActivation(Activation a) {
  OpAttrs attrs;
  attrs.activation = a;
  return attrs;
}

// Runs `g` on raw input bytes (all inputs concatenated) and returns all output bytes concatenated. The
// portable kernels: a pass that must keep outputs "the same" is checked bit for bit, which float kernels that
// block their sums by shape (the x86 GEMMs) would not give across a change of channel counts.
inline std::vector<uint8_t> RunBytes(const Graph& g, const std::vector<uint8_t>& input) {
  auto rt = Runtime::Create(g, {KernelTarget::C()});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  Runtime& r = *rt.value();
  size_t off = 0;
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const size_t n = static_cast<size_t>(r.input_tensor(i).num_bytes());
    EXPECT_LE(off + n, input.size());
    if (off + n <= input.size()) std::memcpy(r.input(i), input.data() + off, n);
    off += n;
  }
  r.Invoke();
  std::vector<uint8_t> out;
  for (size_t i = 0; i < g.outputs.size(); ++i) {
    out.insert(out.end(), r.output(i), r.output(i) + r.output_tensor(i).num_bytes());
  }
  return out;
}

// Float32 graphs: inputs and outputs as floats.
inline std::vector<float> RunFloat(const Graph& g, const std::vector<float>& input) {
  std::vector<uint8_t> in(input.size() * 4);
  std::memcpy(in.data(), input.data(), in.size());
  const std::vector<uint8_t> out = RunBytes(g, in);
  std::vector<float> f(out.size() / 4);
  std::memcpy(f.data(), out.data(), f.size() * 4);
  return f;
}

// The number of float32 values all graph inputs take.
inline size_t InputElements(const Graph& g) {
  size_t n = 0;
  for (int t : g.inputs) n += static_cast<size_t>(g.tensor(t).num_elements());
  return n;
}

inline std::vector<float> TensorFloats(const Graph& g, int t) {
  const Tensor& x = g.tensor(t);
  std::vector<float> v(x.data.size() / 4);
  std::memcpy(v.data(), x.data.data(), v.size() * 4);
  return v;
}

// Index of the tensor named `name`, or -1.
inline int FindTensor(const Graph& g, const std::string& name) {
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    if (g.tensors[t].name == name) return static_cast<int>(t);
  }
  return -1;
}

inline std::vector<OpType> OpTypes(const Graph& g) {
  std::vector<OpType> v;
  for (const Op& op : g.ops) v.push_back(op.type);
  return v;
}

}  // namespace eb::test
