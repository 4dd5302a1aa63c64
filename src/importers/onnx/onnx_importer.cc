// ONNX ModelProto -> IR. Parse with Debian's libonnx protobuf classes; then read initializers, graph
// inputs (dimension 0 may be symbolic: the batch), and nodes in order, each through its converter
// (onnx_ops.h); finally give every graph output its ONNX layout and name, and drop what nothing uses.
#include "importers/onnx/onnx_importer.h"

#include <algorithm>
#include <climits>

#include "core/file_util.h"
#include "core/strings.h"
#include "importers/onnx/onnx_ops.h"
#include "importers/onnx/onnx_tensor.h"

namespace eb {
namespace {

using onnx_import::Context;
using onnx_import::Layout;
using onnx_import::Value;

constexpr int64_t kOldestOpset = 1;   // older definitions' attributes are refused by name
constexpr int64_t kNewestOpset = 17;
constexpr int64_t kMaxElements = int64_t{1} << 31;

bool IsDefaultDomain(const std::string& d) { return d.empty() || d == "ai.onnx"; }

class Importer {
 public:
  Importer(const onnx::ModelProto& model, std::string origin, const OnnxOptions& opts)
      : model_(model), origin_(std::move(origin)), opts_(opts) {}

  Result<Graph> Run() {
    int64_t opset = -1;
    for (const auto& o : model_.opset_import()) {
      if (IsDefaultDomain(o.domain())) opset = o.version();
    }
    if (opset < 0) return Fail("the model imports no opset of the default ONNX domain");
    if (opset > kNewestOpset) {
      return Fail(Format("opset %lld is newer than %lld, the newest this importer supports",
                         static_cast<long long>(opset), static_cast<long long>(kNewestOpset)));
    }
    if (opset < kOldestOpset) return Fail(Format("opset %lld is not valid", static_cast<long long>(opset)));
    if (opts_.batch < 1) return Fail(Format("batch size %d must be at least 1", opts_.batch));
    ctx_ = std::make_unique<Context>(origin_, opts_, opset);
    const onnx::GraphProto& g = model_.graph();
    if (g.sparse_initializer_size() > 0) return Fail("sparse initializers are not supported");
    EB_RETURN_IF_ERROR(CheckOperatorsKnown(g));
    EB_RETURN_IF_ERROR(ReadInitializers(g));
    for (const auto& [name, dims] : opts_.input_shapes) {
      bool found = false;
      for (int i = 0; i < g.input_size(); ++i) found = found || g.input(i).name() == name;
      if (!found) return Fail("--input-shape names '" + name + "', which is not a graph input");
    }
    EB_RETURN_IF_ERROR(ReadInputs(g));
    for (int i = 0; i < g.node_size(); ++i) EB_RETURN_IF_ERROR(ConvertNode(g.node(i), static_cast<size_t>(i)));
    EB_RETURN_IF_ERROR(ReadOutputs(g));
    Graph graph = std::move(ctx_->graph());
    onnx_import::PruneUnused(graph);
    graph.name = origin_;
    for (const auto& p : model_.metadata_props()) {
      if (p.key().rfind("edgebench.", 0) == 0) graph.metadata[p.key()] = p.value();
    }
    return graph;
  }

 private:
  Status Fail(const std::string& what) const { return Status::Error(origin_ + ": " + what); }

  Status ReadInitializers(const onnx::GraphProto& g) {
    for (int i = 0; i < g.initializer_size(); ++i) {
      const onnx::TensorProto& p = g.initializer(i);
      const std::string where = Format("initializer %d '%s'", i, p.name().c_str());
      if (p.name().empty()) return Fail(where + " has no name");
      if (ctx_->Find(p.name())) return Fail(where + " is defined twice");
      auto t = TensorFromOnnx(p, where);
      if (!t.ok()) return Fail(t.status().message());
      auto v = std::make_shared<Value>();
      v->name = p.name();
      v->dtype = t->dtype;
      v->shape = t->shape;
      v->is_constant = true;
      v->onnx = ctx_->AddConstant(std::move(t.value()));
      EB_RETURN_IF_ERROR(ctx_->Define(p.name(), v));
    }
    return Status::Ok();
  }

  Status ReadInputs(const onnx::GraphProto& g) {
    for (int i = 0; i < g.input_size(); ++i) {
      const onnx::ValueInfoProto& in = g.input(i);
      if (ctx_->Find(in.name())) continue;  // an initializer listed as input (older exporters): a constant
      const std::string where = Format("graph input %d '%s'", i, in.name().c_str());
      if (in.name().empty()) return Fail(where + " has no name");
      if (!in.type().has_tensor_type()) return Fail(where + " is not a tensor (sequences, maps and optionals are not supported)");
      const auto& tt = in.type().tensor_type();
      const auto dtype = DTypeFromOnnx(tt.elem_type());
      if (!dtype) return Fail(where + " has element type " + OnnxTypeName(tt.elem_type()) + ", which is not supported");
      if (!tt.has_shape()) return Fail(where + " has no shape");
      const auto bound = opts_.input_shapes.find(in.name());
      if (bound != opts_.input_shapes.end() && static_cast<int>(bound->second.size()) != tt.shape().dim_size()) {
        return Fail(Format("%s has rank %d, but --input-shape gives %s", where.c_str(), tt.shape().dim_size(),
                           ShapeString(bound->second).c_str()));
      }
      std::vector<int32_t> shape;
      int64_t n = 1;
      for (int d = 0; d < tt.shape().dim_size(); ++d) {
        const auto& dim = tt.shape().dim(d);
        int64_t v = dim.has_dim_value() ? dim.dim_value() : -1;
        if (bound != opts_.input_shapes.end()) {
          const int64_t want = bound->second[static_cast<size_t>(d)];
          if (v > 0 && v != want) {
            return Fail(Format("%s: dimension %d is %lld, but --input-shape gives %lld", where.c_str(), d,
                               static_cast<long long>(v), static_cast<long long>(want)));
          }
          v = want;
        }
        if (d == 0 && v <= 0) v = opts_.batch;  // dim_param, unset, 0 or -1: the dynamic batch
        if (v < 0) {
          return Fail(Format("%s: dimension %d is symbolic ('%s'); bind it with --input-shape %s=<dims>", where.c_str(),
                             d, dim.dim_param().c_str(), in.name().c_str()));
        }
        if (v > kMaxElements) return Fail(Format("%s: dimension %d is too large", where.c_str(), d));
        n *= v;
        if (n > kMaxElements) return Fail(where + " is too large");
        shape.push_back(static_cast<int32_t>(v));
      }
      if (shape.size() > 8) return Fail(where + " has rank above 8");
      auto v = std::make_shared<Value>();
      v->name = in.name();
      v->dtype = *dtype;
      v->shape = shape;
      v->onnx = ctx_->AddTensor(in.name(), *dtype, shape);
      ctx_->graph().inputs.push_back(v->onnx);
      EB_RETURN_IF_ERROR(ctx_->Define(in.name(), v));
    }
    return Status::Ok();
  }

  // Names every node whose operator has no converter (or lives in another domain) at once, before any
  // conversion, so a user sees the whole gap rather than the first operator of it.
  Status CheckOperatorsKnown(const onnx::GraphProto& g) const {
    const auto& table = onnx_import::Converters();
    std::vector<std::string> unknown;
    for (int i = 0; i < g.node_size(); ++i) {
      const onnx::NodeProto& node = g.node(i);
      const bool known = IsDefaultDomain(node.domain()) && table.count(node.op_type()) != 0;
      if (known) continue;
      std::string where = Format("node %d", i);
      if (!node.name().empty()) where += " '" + node.name() + "'";
      std::string op = "'" + node.op_type() + "'";
      if (!IsDefaultDomain(node.domain())) op += " of domain '" + node.domain() + "'";
      unknown.push_back(op + " at " + where);
    }
    const long long opset = ctx_->opset();
    if (unknown.size() == 1) return Fail(Format("unsupported operator %s (opset %lld)", unknown[0].c_str(), opset));
    if (unknown.empty()) return Status::Ok();
    std::string list;
    for (const std::string& u : unknown) list += (list.empty() ? "" : "; ") + u;
    return Fail(Format("%zu unsupported operators (opset %lld): %s", unknown.size(), opset, list.c_str()));
  }

  Status ConvertNode(const onnx::NodeProto& node, size_t index) {
    ctx_->BeginNode(&node, index);
    const auto it = onnx_import::Converters().find(node.op_type());
    for (const std::string& name : node.input()) {
      if (!name.empty() && !ctx_->Find(name)) {
        return ctx_->Fail("input '" + name + "' is not produced by an earlier node, an initializer or a graph input");
      }
    }
    if (node.output_size() == 0) return ctx_->Fail("the node has no outputs");
    for (int k = 0; k < node.output_size(); ++k) {
      const std::string& name = node.output(k);
      if (!name.empty() && ctx_->Find(name)) return ctx_->Fail("output '" + name + "' is already defined");
      for (int j = 0; j < k; ++j) {
        if (!name.empty() && node.output(j) == name) return ctx_->Fail("output '" + name + "' is listed twice");
      }
    }
    EB_RETURN_IF_ERROR(it->second(*ctx_));
    for (int k = 0; k < node.output_size(); ++k) {
      if (!node.output(k).empty() && !ctx_->Find(node.output(k))) {
        return ctx_->Fail("output '" + node.output(k) + "' is not supported");
      }
    }
    return Status::Ok();
  }

  Status ReadOutputs(const onnx::GraphProto& g) {
    Graph& graph = ctx_->graph();
    if (g.output_size() == 0) return Fail("the graph has no outputs");
    for (int i = 0; i < g.output_size(); ++i) {
      const std::string& name = g.output(i).name();
      onnx_import::ValuePtr v = ctx_->Find(name);
      if (!v) return Fail(Format("graph output %d '%s' is not produced by any node", i, name.c_str()));
      int t = ctx_->ToOnnx(*v);
      const Tensor& tensor = graph.tensor(t);
      EB_RETURN_IF_ERROR(CheckDeclaredType(g.output(i), i, tensor));
      const bool is_input = std::find(graph.inputs.begin(), graph.inputs.end(), t) != graph.inputs.end();
      const bool taken = std::find(graph.outputs.begin(), graph.outputs.end(), t) != graph.outputs.end();
      if (tensor.name != name || tensor.is_constant || is_input || taken) {
        // A graph output of its own: the runtime writes every output, and users look outputs up by name.
        const std::vector<int32_t> shape = tensor.shape;
        const DType dtype = tensor.dtype;
        if (tensor.name == name) ctx_->Rename(t, name + "/value");
        const int shape_t = ctx_->AddConstI32(name + "/shape", shape);
        const int out = ctx_->AddTensor(name, dtype, shape);
        ctx_->AddOp(OpType::kReshape, {t, shape_t}, {out});
        t = out;
      }
      graph.outputs.push_back(t);
    }
    return Status::Ok();
  }

  // A graph output's declared element type (when given) must be the one its node computes: the output
  // buffers hold the computed type, and a caller sizes and reads them by the declared one.
  Status CheckDeclaredType(const onnx::ValueInfoProto& out, int i, const Tensor& tensor) const {
    if (!out.type().has_tensor_type() || out.type().tensor_type().elem_type() == 0) return Status::Ok();
    const int32_t declared = out.type().tensor_type().elem_type();
    const auto dtype = DTypeFromOnnx(declared);
    if (dtype && *dtype == tensor.dtype) return Status::Ok();
    return Fail(Format("graph output %d '%s' is declared %s, but the graph computes %s", i, out.name().c_str(),
                       OnnxTypeName(declared).c_str(), std::string(DTypeName(tensor.dtype)).c_str()));
  }

  const onnx::ModelProto& model_;
  std::string origin_;
  OnnxOptions opts_;
  std::unique_ptr<Context> ctx_;
};

bool ParseModel(const uint8_t* data, size_t size, onnx::ModelProto* model) {
  if (size == 0 || size >= static_cast<size_t>(INT_MAX)) return false;
  return model->ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

namespace onnx_import {

const std::map<std::string, Converter>& Converters() {
  static const std::map<std::string, Converter> table = {
#define EB_TABLE_ENTRY(op) {#op, Convert##op},
      EB_ONNX_CONVERTERS(EB_TABLE_ENTRY)
#undef EB_TABLE_ENTRY
  };
  return table;
}

}  // namespace onnx_import

const std::vector<std::string>& OnnxSupportedOps() {
  static const std::vector<std::string> ops = [] {
    std::vector<std::string> v;
    for (const auto& [name, fn] : onnx_import::Converters()) v.push_back(name);
    return v;
  }();
  return ops;
}

bool LooksLikeOnnx(const uint8_t* data, size_t size) {
  onnx::ModelProto model;
  return ParseModel(data, size, &model) && model.has_graph() && model.opset_import_size() > 0 &&
         model.graph().output_size() > 0;
}

Result<Graph> ImportOnnx(const uint8_t* data, size_t size, const std::string& origin, const OnnxOptions& opts) {
  if (size == 0) return Status::Error(origin + ": the file is empty");
  if (size >= static_cast<size_t>(INT_MAX)) return Status::Error(origin + ": files of 2 GB and more are not supported");
  onnx::ModelProto model;
  if (!ParseModel(data, size, &model)) {
    return Status::Error(origin + ": not a valid ONNX model (the protobuf is malformed or truncated)");
  }
  if (!model.has_graph()) return Status::Error(origin + ": the ONNX model has no graph");
  return Importer(model, origin, opts).Run();
}

Result<Graph> ImportOnnxFile(const std::string& path, const OnnxOptions& opts) {
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  return ImportOnnx(bytes->data(), bytes->size(), path, opts);
}

}  // namespace eb
