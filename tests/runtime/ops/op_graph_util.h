// One-op graphs built in code for the prepare tests of src/runtime/ops: tensors, constants, and a runtime on a
// given target with its inputs set.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "runtime/runtime.h"

namespace eb::test {

inline Tensor ActTensor(std::string name, DType t, std::vector<int32_t> shape, float scale = 0, int64_t zp = 0) {
  Tensor x;
  x.name = std::move(name);
  x.dtype = t;
  x.shape = std::move(shape);
  if (scale > 0) x.quant = Quant{{scale}, {zp}, 0};
  return x;
}

template <class T>
Tensor Constant(std::string name, DType t, std::vector<int32_t> shape, const std::vector<T>& values, Quant q = {}) {
  Tensor x = ActTensor(std::move(name), t, std::move(shape));
  x.quant = std::move(q);
  x.is_constant = true;
  x.data.resize(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(x.data.data(), values.data(), x.data.size());
  return x;
}

// A graph of one op over `tensors`: op inputs and output by index (-1: absent), graph inputs are the op's
// non-constant inputs in order.
inline Graph OneOpGraph(OpType type, std::vector<Tensor> tensors, std::vector<int> inputs, int output,
                        OpAttrs attrs = {}) {
  Graph g;
  g.name = "m";
  g.tensors = std::move(tensors);
  for (int t : inputs) {
    if (t >= 0 && !g.tensors[static_cast<size_t>(t)].is_constant) g.inputs.push_back(t);
  }
  g.outputs = {output};
  g.ops.push_back(Op{type, std::move(inputs), {output}, std::move(attrs)});
  return g;
}

// The message of a refused graph ("" when it prepares).
inline std::string PrepareError(Graph g, KernelTarget target = KernelTarget::C()) {
  auto rt = Runtime::Create(std::move(g), {target});
  return rt.ok() ? std::string() : rt.status().message();
}

// Prepares `g` for `target`, copies `inputs` (raw bytes per graph input) in and runs it once.
inline std::unique_ptr<Runtime> RunOnce(Graph g, KernelTarget target, const std::vector<std::vector<uint8_t>>& inputs) {
  auto rt = Runtime::Create(std::move(g), {target});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return nullptr;
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(rt.value()->input_tensor(i).num_bytes(), static_cast<int64_t>(inputs[i].size()));
    std::memcpy(rt.value()->input(i), inputs[i].data(), inputs[i].size());
  }
  rt.value()->Invoke();
  return std::move(rt.value());
}

template <class T>
std::vector<uint8_t> Bytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

template <class T>
std::vector<T> Output(const Runtime& rt) {
  const T* p = reinterpret_cast<const T*>(rt.output(0));
  return std::vector<T>(p, p + rt.output_tensor(0).num_elements());
}

// The kernels prepare chose, in call order.
inline std::vector<std::string> Kernels(const Runtime& rt) {
  std::vector<std::string> k;
  for (const KernelCall& c : rt.calls()) k.push_back(c.kernel);
  return k;
}

}  // namespace eb::test
