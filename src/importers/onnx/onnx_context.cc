#include "importers/onnx/onnx_context.h"

#include <cstring>

#include "core/strings.h"
#include "importers/onnx/onnx_tensor.h"

namespace eb::onnx_import {
namespace {

const char* AttrTypeName(AttrType t) {
  switch (t) {
    case AttrType::kInt: return "INT";
    case AttrType::kFloat: return "FLOAT";
    case AttrType::kString: return "STRING";
    case AttrType::kInts: return "INTS";
    case AttrType::kFloats: return "FLOATS";
    case AttrType::kTensor: return "TENSOR";
  }
  return "?";
}

bool AttrHasType(const onnx::AttributeProto& a, AttrType t) {
  switch (t) {
    case AttrType::kInt: return a.type() == onnx::AttributeProto::INT;
    case AttrType::kFloat: return a.type() == onnx::AttributeProto::FLOAT;
    case AttrType::kString: return a.type() == onnx::AttributeProto::STRING;
    case AttrType::kInts: return a.type() == onnx::AttributeProto::INTS;
    case AttrType::kFloats: return a.type() == onnx::AttributeProto::FLOATS;
    case AttrType::kTensor: return a.type() == onnx::AttributeProto::TENSOR;
  }
  return false;
}

// Raw-byte transpose of a row-major tensor: out dim i is in dim perm[i].
std::vector<uint8_t> PermuteBytes(const Tensor& t, const std::vector<int>& perm) {
  const size_t rank = t.shape.size();
  const size_t elem = DTypeSize(t.dtype);
  std::vector<int64_t> in_strides(rank, 1);
  for (size_t d = rank; d-- > 1;) in_strides[d - 1] = in_strides[d] * t.shape[d];
  const std::vector<int32_t> out_dims = Permute(t.shape, perm);
  std::vector<uint8_t> out(t.data.size());
  std::vector<int32_t> idx(rank, 0);
  const int64_t n = t.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < rank; ++d) src += idx[d] * in_strides[static_cast<size_t>(perm[d])];
    std::memcpy(out.data() + static_cast<size_t>(i) * elem, t.data.data() + static_cast<size_t>(src) * elem, elem);
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < out_dims[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

// A transpose moves no byte when the dims larger than 1 keep their relative order.
bool IsPureReshape(const std::vector<int32_t>& dims, const std::vector<int>& perm) {
  int last = -1;
  for (int p : perm) {
    if (dims[static_cast<size_t>(p)] == 1) continue;
    if (p < last) return false;
    last = p;
  }
  return true;
}

}  // namespace

std::vector<int32_t> Permute(const std::vector<int32_t>& dims, const std::vector<int>& perm) {
  std::vector<int32_t> out(perm.size());
  for (size_t i = 0; i < perm.size(); ++i) out[i] = dims[static_cast<size_t>(perm[i])];
  return out;
}

bool NormalizeAxis(int64_t a, int rank, int* out) {
  if (a < -rank || a >= rank) return false;
  *out = static_cast<int>(a < 0 ? a + rank : a);
  return true;
}

Status Context::Define(const std::string& name, ValuePtr v) {
  if (values_.count(name)) return Status::Error(origin_ + ": value '" + name + "' is defined twice");
  values_[name] = std::move(v);
  return Status::Ok();
}

ValuePtr Context::Find(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : it->second;
}

Status Context::Fail(const std::string& what) const {
  std::string where = Format("node %zu", node_index_);
  if (!node_->name().empty()) where += " '" + node_->name() + "'";
  return Status::Error(origin_ + ": " + where + " (" + node_->op_type() + "): " + what);
}

const onnx::AttributeProto* Context::Attr(const char* name) const {
  for (const auto& a : node_->attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

Status Context::CheckAttributes(std::initializer_list<std::pair<const char*, AttrType>> known) const {
  for (const auto& a : node_->attribute()) {
    const std::pair<const char*, AttrType>* match = nullptr;
    for (const auto& k : known) {
      if (a.name() == k.first) match = &k;
    }
    if (!match) return Fail("attribute '" + a.name() + "' is not supported");
    if (!a.ref_attr_name().empty()) return Fail("attribute '" + a.name() + "' refers to a function attribute");
    if (!AttrHasType(a, match->second)) {
      return Fail(Format("attribute '%s' has type %s, expected %s", a.name().c_str(),
                         onnx::AttributeProto::AttributeType_Name(a.type()).c_str(), AttrTypeName(match->second)));
    }
  }
  return Status::Ok();
}

int64_t Context::Int(const char* name, int64_t def) const {
  const auto* a = Attr(name);
  return a ? a->i() : def;
}

float Context::Float(const char* name, float def) const {
  const auto* a = Attr(name);
  return a ? a->f() : def;
}

std::string Context::Str(const char* name, const std::string& def) const {
  const auto* a = Attr(name);
  return a ? a->s() : def;
}

std::vector<int64_t> Context::Ints(const char* name) const {
  const auto* a = Attr(name);
  return a ? std::vector<int64_t>(a->ints().begin(), a->ints().end()) : std::vector<int64_t>{};
}

std::vector<float> Context::Floats(const char* name) const {
  const auto* a = Attr(name);
  return a ? std::vector<float>(a->floats().begin(), a->floats().end()) : std::vector<float>{};
}

const onnx::TensorProto* Context::TensorAttr(const char* name) const {
  const auto* a = Attr(name);
  return a ? &a->t() : nullptr;
}

namespace {
// A float constant read as an integer (indices, axes, shapes): values outside int64 (and NaN) become its ends,
// which every later range check refuses; the plain cast would be undefined.
int64_t SaturatedInt64(float f) {
  if (f >= 0x1p63f) return INT64_MAX;
  if (!(f >= -0x1p63f)) return INT64_MIN;
  return static_cast<int64_t>(f);
}
}  // namespace

std::vector<int64_t> Context::ConstInts(const Value& v) const {
  const Tensor& t = graph_.tensor(v.onnx);
  std::vector<int64_t> out(static_cast<size_t>(t.num_elements()));
  for (size_t i = 0; i < out.size(); ++i) {
    switch (t.dtype) {
      case DType::kI64: out[i] = t.as<int64_t>()[i]; break;
      case DType::kI32: out[i] = t.as<int32_t>()[i]; break;
      case DType::kI16: out[i] = t.as<int16_t>()[i]; break;
      case DType::kI8: out[i] = t.as<int8_t>()[i]; break;
      case DType::kU8:
      case DType::kBool: out[i] = t.as<uint8_t>()[i]; break;
      case DType::kF32: out[i] = SaturatedInt64(t.as<float>()[i]); break;
      case DType::kF16: out[i] = 0; break;
    }
  }
  return out;
}

namespace {
float HalfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  const int32_t exp = (h >> 10) & 0x1f;
  const uint32_t mant = h & 0x3ff;
  float f;
  if (exp == 0) {
    f = static_cast<float>(mant) * (1.0f / 16777216.0f);  // subnormal: mant * 2^-24
    return sign ? -f : f;
  }
  uint32_t bits = sign | (exp == 31 ? (0xffu << 23) | (mant << 13) : (static_cast<uint32_t>(exp + 112) << 23) | (mant << 13));
  std::memcpy(&f, &bits, 4);
  return f;
}
}  // namespace

std::vector<float> Context::ConstFloats(const Value& v) const {
  const Tensor& t = graph_.tensor(v.onnx);
  if (t.dtype == DType::kF32) return std::vector<float>(t.as<float>(), t.as<float>() + t.num_elements());
  if (t.dtype == DType::kF16) {
    std::vector<float> out(static_cast<size_t>(t.num_elements()));
    for (size_t i = 0; i < out.size(); ++i) out[i] = HalfToFloat(t.as<uint16_t>()[i]);
    return out;
  }
  const std::vector<int64_t> ints = ConstInts(v);
  return std::vector<float>(ints.begin(), ints.end());
}

std::string Context::Unique(const std::string& base) {
  std::string name = base;
  for (int i = 1; names_.count(name); ++i) name = base + "_" + std::to_string(i);
  names_.insert(name);
  return name;
}

void Context::Rename(int t, const std::string& base) {
  names_.erase(graph_.tensor(t).name);
  graph_.tensor(t).name = Unique(base);
}

int Context::AddTensor(const std::string& name, DType t, std::vector<int32_t> shape) {
  Tensor x;
  x.name = Unique(name);
  x.dtype = t;
  x.shape = std::move(shape);
  graph_.tensors.push_back(std::move(x));
  return static_cast<int>(graph_.tensors.size() - 1);
}

int Context::AddConstant(Tensor t) {
  t.name = Unique(t.name);
  t.is_constant = true;
  graph_.tensors.push_back(std::move(t));
  return static_cast<int>(graph_.tensors.size() - 1);
}

int Context::AddConstI32(const std::string& name, const std::vector<int32_t>& values, std::vector<int32_t> shape) {
  Tensor t;
  t.name = name;
  t.dtype = DType::kI32;
  t.shape = shape.empty() ? std::vector<int32_t>{static_cast<int32_t>(values.size())} : std::move(shape);
  t.data.resize(values.size() * sizeof(int32_t));
  if (!values.empty()) std::memcpy(t.data.data(), values.data(), t.data.size());
  return AddConstant(std::move(t));
}

int Context::AddConstF32(const std::string& name, const std::vector<float>& values, std::vector<int32_t> shape) {
  Tensor t;
  t.name = name;
  t.dtype = DType::kF32;
  t.shape = std::move(shape);
  t.data.resize(values.size() * sizeof(float));
  if (!values.empty()) std::memcpy(t.data.data(), values.data(), t.data.size());
  return AddConstant(std::move(t));
}

void Context::AddOp(OpType type, std::vector<int> inputs, std::vector<int> outputs, OpAttrs attrs) {
  graph_.ops.push_back(Op{type, std::move(inputs), std::move(outputs), std::move(attrs)});
}

int Context::Reshape(int t, const std::vector<int32_t>& shape, const std::string& name) {
  if (graph_.tensor(t).is_constant) {
    Tensor c = graph_.tensor(t);
    c.name = name;
    c.shape = shape;
    return AddConstant(std::move(c));
  }
  const int shape_t = AddConstI32(name + "/shape", shape);
  const int out = AddTensor(name, graph_.tensor(t).dtype, shape);
  AddOp(OpType::kReshape, {t, shape_t}, {out});
  return out;
}

int Context::Transpose(int t, const std::vector<int>& perm, const std::string& name) {
  const Tensor& in = graph_.tensor(t);
  const std::vector<int32_t> out_shape = Permute(in.shape, perm);
  if (in.is_constant) {
    Tensor c = in;
    c.name = name;
    c.data = PermuteBytes(in, perm);
    c.shape = out_shape;
    return AddConstant(std::move(c));
  }
  if (IsPureReshape(in.shape, perm)) return Reshape(t, out_shape, name);
  const DType dtype = in.dtype;
  const int perm_t = AddConstI32(name + "/perm", std::vector<int32_t>(perm.begin(), perm.end()));
  const int out = AddTensor(name, dtype, out_shape);
  AddOp(OpType::kTranspose, {t, perm_t}, {out});
  return out;
}

int Context::ToOnnx(Value& v) {
  if (v.onnx < 0) v.onnx = Transpose(v.nhwc, kNhwcToNchw, v.name);
  return v.onnx;
}

int Context::ToNhwc(Value& v) {
  if (v.nhwc < 0) v.nhwc = Transpose(v.onnx, kNchwToNhwc, v.name + "/nhwc");
  return v.nhwc;
}

int Context::ToNhwcBroadcast(Value& v) {
  if (v.rank() == 4) return ToNhwc(v);
  const int t = ToOnnx(v);
  if (graph_.tensor(t).num_elements() == 1) return t;
  std::vector<int32_t> shape4(static_cast<size_t>(4 - v.rank()), 1);
  shape4.insert(shape4.end(), v.shape.begin(), v.shape.end());
  const int r = Reshape(t, shape4, v.name + "/4d");
  return Transpose(r, kNchwToNhwc, v.name + "/nhwc");
}

int Context::Output(size_t k, DType t, const std::vector<int32_t>& onnx_shape, Layout layout) {
  auto v = std::make_shared<Value>();
  v->name = out_name(k);
  v->dtype = t;
  v->shape = onnx_shape;
  if (layout == Layout::kNhwc) {
    v->nhwc = AddTensor(v->name + "/nhwc", t, Permute(onnx_shape, kNchwToNhwc));
  } else {
    v->onnx = AddTensor(v->name, t, onnx_shape);
  }
  const int tensor = layout == Layout::kNhwc ? v->nhwc : v->onnx;
  values_[v->name] = std::move(v);  // the driver checked the name is new
  return tensor;
}

void Context::Bind(size_t k, int tensor, const std::vector<int32_t>& onnx_shape, Layout layout) {
  auto v = std::make_shared<Value>();
  v->name = out_name(k);
  v->dtype = graph_.tensor(tensor).dtype;
  v->shape = onnx_shape;
  v->is_constant = layout == Layout::kOnnx && graph_.tensor(tensor).is_constant;
  (layout == Layout::kNhwc ? v->nhwc : v->onnx) = tensor;
  values_[v->name] = std::move(v);
}

Status Context::Alias(size_t k, ValuePtr v) {
  values_[out_name(k)] = std::move(v);
  return Status::Ok();
}

Status Context::OutputConstant(size_t k, Tensor t) {
  auto v = std::make_shared<Value>();
  v->name = out_name(k);
  v->dtype = t.dtype;
  v->shape = t.shape;
  v->is_constant = true;
  t.name = v->name;
  v->onnx = AddConstant(std::move(t));
  values_[v->name] = std::move(v);
  return Status::Ok();
}

void PruneUnused(Graph& g) {
  std::vector<bool> needed(g.tensors.size(), false);
  for (int t : g.outputs) needed[static_cast<size_t>(t)] = true;
  std::vector<Op> kept;
  for (size_t i = g.ops.size(); i-- > 0;) {
    const Op& op = g.ops[i];
    bool used = false;
    for (int t : op.outputs) used = used || needed[static_cast<size_t>(t)];
    if (!used) continue;
    for (int t : op.inputs) {
      if (t >= 0) needed[static_cast<size_t>(t)] = true;
    }
    for (int t : op.outputs) needed[static_cast<size_t>(t)] = true;
    kept.push_back(op);
  }
  for (int t : g.inputs) needed[static_cast<size_t>(t)] = true;
  std::vector<int> remap(g.tensors.size(), -1);
  std::vector<Tensor> tensors;
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    if (!needed[t]) continue;
    remap[t] = static_cast<int>(tensors.size());
    tensors.push_back(std::move(g.tensors[t]));
  }
  auto fix = [&](std::vector<int>& list) {
    for (int& t : list) t = t < 0 ? t : remap[static_cast<size_t>(t)];
  };
  g.ops.assign(kept.rbegin(), kept.rend());
  for (Op& op : g.ops) {
    fix(op.inputs);
    fix(op.outputs);
  }
  fix(g.inputs);
  fix(g.outputs);
  g.tensors = std::move(tensors);
}

}  // namespace eb::onnx_import
