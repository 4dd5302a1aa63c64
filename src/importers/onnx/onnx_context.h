// The state of one ONNX import, shared by the op converters: the IR graph under construction, every
// ONNX value with the IR tensors that hold it in each layout, the node being converted, its checked
// attributes, and the graph-building helpers (constants, reshapes, transposes, layout changes).
//
// Layout: a value's IR tensor is in ONNX order (`onnx`) or, for 4-D values, NHWC (`nhwc`), or both once
// some consumer asked for the other layout. Converters ask for the layout they need (ToOnnx/ToNhwc); the
// conversion is made once per value, as a constant permutation for constants, as a RESHAPE when no byte
// moves (e.g. [N,C,1,1] <-> [N,1,1,C]) and as a TRANSPOSE otherwise.
#pragma once

#include <onnx/onnx_pb.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "importers/onnx/onnx_importer.h"
#include "ir/graph.h"

namespace eb::onnx_import {

// Permutations between ONNX's NCHW and NHWC (out dim i = in dim perm[i]), and where ONNX axis a of a
// 4-D tensor lies in NHWC order.
inline const std::vector<int> kNchwToNhwc = {0, 2, 3, 1};
inline const std::vector<int> kNhwcToNchw = {0, 3, 1, 2};
inline constexpr int kNhwcAxisOf[4] = {0, 3, 1, 2};

enum class Layout { kOnnx, kNhwc };

struct Value {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int32_t> shape;   // ONNX order
  bool is_constant = false;     // then `onnx` is a constant tensor
  int onnx = -1;                // IR tensor in ONNX order, once made
  int nhwc = -1;                // IR tensor in NHWC order (4-D values), once made
  int rank() const { return static_cast<int>(shape.size()); }
};
using ValuePtr = std::shared_ptr<Value>;

enum class AttrType { kInt, kFloat, kString, kInts, kFloats, kTensor };

// Permutes `dims` (out dim i = dims[perm[i]]).
std::vector<int32_t> Permute(const std::vector<int32_t>& dims, const std::vector<int>& perm);
// Normalises axis `a` of a rank-`rank` tensor (negative counts from the end); false if out of range.
bool NormalizeAxis(int64_t a, int rank, int* out);

class Context {
 public:
  Context(std::string origin, const OnnxOptions& opts, int64_t opset) : origin_(std::move(origin)), opts_(opts), opset_(opset) {}

  Graph& graph() { return graph_; }
  const OnnxOptions& options() const { return opts_; }
  int64_t opset() const { return opset_; }
  const std::string& origin() const { return origin_; }
  const Tensor& tensor(int t) const { return graph_.tensor(t); }

  // ---- values
  Status Define(const std::string& name, ValuePtr v);
  ValuePtr Find(const std::string& name) const;

  // ---- the node being converted
  void BeginNode(const onnx::NodeProto* node, size_t index) { node_ = node; node_index_ = index; }
  const onnx::NodeProto& node() const { return *node_; }
  // "<origin>: node 3 'conv1' (Conv): <what>"
  Status Fail(const std::string& what) const;
  size_t num_inputs() const { return static_cast<size_t>(node_->input_size()); }
  bool has_input(size_t k) const { return k < num_inputs() && !node_->input(static_cast<int>(k)).empty(); }
  // Input k (it exists: the driver checked every named input before the converter runs).
  Value& in(size_t k) const { return *Find(node_->input(static_cast<int>(k))); }
  ValuePtr in_ptr(size_t k) const { return Find(node_->input(static_cast<int>(k))); }
  size_t num_outputs() const { return static_cast<size_t>(node_->output_size()); }
  bool has_output(size_t k) const { return k < num_outputs() && !node_->output(static_cast<int>(k)).empty(); }
  const std::string& out_name(size_t k) const { return node_->output(static_cast<int>(k)); }

  // ---- attributes of the current node
  // Refuses attributes the converter does not know and attributes of the wrong type, naming them.
  Status CheckAttributes(std::initializer_list<std::pair<const char*, AttrType>> known) const;
  bool HasAttr(const char* name) const { return Attr(name) != nullptr; }
  int64_t Int(const char* name, int64_t def) const;
  float Float(const char* name, float def) const;
  std::string Str(const char* name, const std::string& def) const;
  std::vector<int64_t> Ints(const char* name) const;
  std::vector<float> Floats(const char* name) const;
  const onnx::TensorProto* TensorAttr(const char* name) const;

  // ---- constants
  // The values of a constant as int64 (integer types) or float (float32, float16, integers).
  std::vector<int64_t> ConstInts(const Value& v) const;
  std::vector<float> ConstFloats(const Value& v) const;

  // ---- graph building
  int AddTensor(const std::string& name, DType t, std::vector<int32_t> shape);
  int AddConstant(Tensor t);  // makes the name unique
  int AddConstI32(const std::string& name, const std::vector<int32_t>& values, std::vector<int32_t> shape = {});
  int AddConstF32(const std::string& name, const std::vector<float>& values, std::vector<int32_t> shape);
  void AddOp(OpType type, std::vector<int> inputs, std::vector<int> outputs, OpAttrs attrs = {});
  // RESHAPE of tensor t (a view; a constant is reshaped in place of an op).
  int Reshape(int t, const std::vector<int32_t>& shape, const std::string& name);
  // TRANSPOSE of tensor t; a RESHAPE when no byte moves; a permuted constant for constants.
  int Transpose(int t, const std::vector<int>& perm, const std::string& name);

  // ---- layout
  int ToOnnx(Value& v);
  int ToNhwc(Value& v);  // 4-D values only
  // Operand of a broadcasting op computed in NHWC with a 4-D output: ONNX right-aligns shapes, so a
  // lower-rank operand is first padded to rank 4 with leading ones, then permuted. One element: as is.
  int ToNhwcBroadcast(Value& v);
  // True for an activation already available in NHWC: layout-agnostic ops then stay in NHWC.
  static bool PrefersNhwc(const Value& v) { return v.nhwc >= 0 && !v.is_constant; }

  // ---- outputs of the current node
  // Creates the IR tensor of output k (ONNX-ordered shape; stored permuted when `layout` is NHWC),
  // defines the value and returns the tensor.
  int Output(size_t k, DType t, const std::vector<int32_t>& onnx_shape, Layout layout);
  // Output k is the already-built IR tensor `tensor`, in `layout`.
  void Bind(size_t k, int tensor, const std::vector<int32_t>& onnx_shape, Layout layout);
  // Output k is another value (Identity, Dropout, no-op casts).
  Status Alias(size_t k, ValuePtr v);
  // Output k is a constant computed at import (constant folding); `t` is in ONNX order.
  Status OutputConstant(size_t k, Tensor t);

  // Names not used by any tensor yet: `base`, else base_1, base_2, ...
  std::string Unique(const std::string& base);
  // Gives tensor t the unique name made from `base`, freeing its old name.
  void Rename(int t, const std::string& base);

 private:
  const onnx::AttributeProto* Attr(const char* name) const;

  std::string origin_;
  OnnxOptions opts_;
  int64_t opset_;
  Graph graph_;
  std::map<std::string, ValuePtr> values_;
  std::set<std::string> names_;
  const onnx::NodeProto* node_ = nullptr;
  size_t node_index_ = 0;
};

// Removes ops whose outputs nothing reads (and that are no graph output), then tensors nothing refers
// to (e.g. the ONNX-ordered copy of a weight that was converted to OHWI), renumbering the rest.
void PruneUnused(Graph& g);

}  // namespace eb::onnx_import
