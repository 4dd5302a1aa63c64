// Builds small ONNX models in tests (onnx::ModelProto), imports and runs them, and computes NCHW
// reference results the slow, obvious way.
#pragma once

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "importers/onnx/onnx_importer.h"
#include "runtime/runtime.h"

namespace eb::test {

class OnnxBuilder {
 public:
  explicit OnnxBuilder(int64_t opset = 13) {
    model_.set_ir_version(8);
    auto* o = model_.add_opset_import();
    o->set_domain("");
    o->set_version(opset);
    model_.mutable_graph()->set_name("test");
  }

  // A float32 (or other type) graph input; a negative dim is written as the symbol "N".
  OnnxBuilder& Input(const std::string& name, std::vector<int64_t> dims, int32_t type = onnx::TensorProto::FLOAT) {
    auto* v = model_.mutable_graph()->add_input();
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(type);
    auto* s = t->mutable_shape();
    for (int64_t d : dims) {
      auto* dim = s->add_dim();
      if (d < 0) dim->set_dim_param("N");
      else dim->set_dim_value(d);
    }
    return *this;
  }
  OnnxBuilder& Output(const std::string& name) {
    model_.mutable_graph()->add_output()->set_name(name);
    return *this;
  }
  OnnxBuilder& Init(const std::string& name, std::vector<int64_t> dims, const std::vector<float>& v) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t->add_dims(d);
    for (float f : v) t->add_float_data(f);
    return *this;
  }
  OnnxBuilder& InitI64(const std::string& name, std::vector<int64_t> dims, const std::vector<int64_t>& v) {
    auto* t = model_.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t i : v) t->add_int64_data(i);
    return *this;
  }
  // Adds a node; returns it for attributes.
  onnx::NodeProto& Node(const std::string& op, std::vector<std::string> in, std::vector<std::string> out,
                        const std::string& name = "") {
    auto* n = model_.mutable_graph()->add_node();
    n->set_op_type(op);
    n->set_name(name);
    for (auto& s : in) n->add_input(s);
    for (auto& s : out) n->add_output(s);
    return *n;
  }
  onnx::ModelProto& model() { return model_; }
  std::string Bytes() const { return model_.SerializeAsString(); }
  Result<Graph> Import(const OnnxOptions& opts = {}) const {
    const std::string b = Bytes();
    return ImportOnnx(reinterpret_cast<const uint8_t*>(b.data()), b.size(), "test.onnx", opts);
  }

 private:
  onnx::ModelProto model_;
};

inline void SetInts(onnx::NodeProto& n, const std::string& name, std::vector<int64_t> v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t i : v) a->add_ints(i);
}
inline void SetInt(onnx::NodeProto& n, const std::string& name, int64_t v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}
inline void SetFloat(onnx::NodeProto& n, const std::string& name, float v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}
inline void SetString(onnx::NodeProto& n, const std::string& name, const std::string& v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

inline std::vector<float> Random(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& f : v) f = d(rng);
  return v;
}

// Imports, runs with the given float32 inputs, returns output k (float32).
inline std::vector<float> RunFloat(const Graph& g, const std::vector<std::vector<float>>& inputs, size_t k = 0) {
  auto rt = Runtime::Create(g);
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(rt.value()->input_tensor(i).num_bytes(), static_cast<int64_t>(inputs[i].size() * 4));
    std::memcpy(rt.value()->input(i), inputs[i].data(), inputs[i].size() * 4);
  }
  rt.value()->Invoke();
  const Tensor& t = rt.value()->output_tensor(k);
  const float* p = reinterpret_cast<const float*>(rt.value()->output(k));
  return std::vector<float>(p, p + t.num_elements());
}

inline int CountOps(const Graph& g, OpType t) {
  int n = 0;
  for (const Op& op : g.ops) n += op.type == t;
  return n;
}

// ---- NCHW references

// Conv2d with groups; w is [O, C/group, KH, KW]; pads (top, left, bottom, right); zero padding.
inline std::vector<float> RefConv(const std::vector<float>& x, int n, int c, int h, int w, const std::vector<float>& wt,
                                  int o, int kh, int kw, const std::vector<float>& b, int stride, int pt, int pl,
                                  int pb, int pr, int group, int* oh_out, int* ow_out) {
  const int oh = (h + pt + pb - kh) / stride + 1, ow = (w + pl + pr - kw) / stride + 1;
  *oh_out = oh;
  *ow_out = ow;
  const int cg = c / group, og = o / group;
  std::vector<float> y(static_cast<size_t>(n * o * oh * ow));
  for (int in = 0; in < n; ++in)
    for (int oc = 0; oc < o; ++oc)
      for (int oy = 0; oy < oh; ++oy)
        for (int ox = 0; ox < ow; ++ox) {
          double acc = b.empty() ? 0.0 : b[static_cast<size_t>(oc)];
          const int g = oc / og;
          for (int ic = 0; ic < cg; ++ic)
            for (int ky = 0; ky < kh; ++ky)
              for (int kx = 0; kx < kw; ++kx) {
                const int iy = oy * stride - pt + ky, ix = ox * stride - pl + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                acc += static_cast<double>(x[static_cast<size_t>(((in * c + g * cg + ic) * h + iy) * w + ix)]) *
                       wt[static_cast<size_t>(((oc * cg + ic) * kh + ky) * kw + kx)];
              }
          y[static_cast<size_t>(((in * o + oc) * oh + oy) * ow + ox)] = static_cast<float>(acc);
        }
  return y;
}

inline void ExpectNear(const std::vector<float>& got, const std::vector<float>& want, double tol = 1e-4) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_NEAR(got[i], want[i], tol * (1.0 + std::fabs(want[i]))) << "element " << i;
  }
}

}  // namespace eb::test
