#include "bench/litert_peer.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "bench/peer_process.h"
#include "core/strings.h"
#include "exporters/tflite/tflite_writer.h"
#include "importers/tflite/tflite_importer.h"
#include "passes/set_batch_size.h"

namespace eb {
namespace {

namespace fs = std::filesystem;

// A fresh folder in the temporary directory for the models written for one run, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "edgebench-litert-XXXXXX").string();
    if (mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return !path_.empty(); }
  std::string file(const std::string& name) const { return (fs::path(path_) / name).string(); }

 private:
  std::string path_;
};

// A constant int32/int64 tensor holding `dims`, the shape operand of a RESHAPE.
Tensor ShapeConstant(const std::string& name, DType dtype, const std::vector<int32_t>& dims) {
  Tensor t;
  t.name = name;
  t.dtype = dtype == DType::kI64 ? DType::kI64 : DType::kI32;
  t.shape = {static_cast<int32_t>(dims.size())};
  t.is_constant = true;
  t.data.resize(dims.size() * DTypeSize(t.dtype));
  for (size_t k = 0; k < dims.size(); ++k) {
    if (t.dtype == DType::kI64) {
      const int64_t v = dims[k];
      std::memcpy(t.data.data() + k * 8, &v, 8);
    } else {
      std::memcpy(t.data.data() + k * 4, &dims[k], 4);
    }
  }
  return t;
}

}  // namespace

Graph IdentityLikeGraph(const Tensor& input) {
  Graph g;
  g.name = "identity-like";
  g.tensors.push_back(Tensor{.name = "x", .dtype = input.dtype, .shape = input.shape, .quant = input.quant, .is_constant = false, .data = {}});
  g.tensors.push_back(Tensor{.name = "y", .dtype = input.dtype, .shape = input.shape, .quant = input.quant, .is_constant = false, .data = {}});
  g.tensors.push_back(ShapeConstant("shape", DType::kI32, input.shape));
  OpAttrs a;
  a.new_shape = input.shape;
  g.ops.push_back(Op{OpType::kReshape, {0, 2}, {1}, a});
  g.inputs = {0};
  g.outputs = {1};
  return g;
}

Result<Graph> GraphAtBatch(const Graph& graph, int batch) {
  Graph g = graph;
  EB_RETURN_IF_ERROR(SetBatchSize(g, batch));
  for (Op& op : g.ops) {
    if (op.type != OpType::kReshape || op.outputs.empty()) continue;
    const std::vector<int32_t> dims = g.tensor(op.outputs[0]).shape;
    if (!op.attrs.new_shape.empty()) op.attrs.new_shape = dims;
    if (op.inputs.size() > 1 && op.inputs[1] >= 0) {
      // A new constant rather than an edit: the old one may be shared with another operator.
      const Tensor& old = g.tensor(op.inputs[1]);
      g.tensors.push_back(ShapeConstant(old.name + "/batch", old.dtype, dims));
      op.inputs[1] = static_cast<int>(g.tensors.size()) - 1;
    }
  }
  return g;
}

Result<PeerTiming> RunLiteRtPeer(const std::string& peer_dir, const PeerRequest& r) {
  if (!fs::exists(fs::path(peer_dir) / "node_modules" / "@litertjs" / "core")) {
    return Status::Error("@litertjs/core is not installed in " + peer_dir + " (scripts/setup.sh installs it)");
  }
  if (std::system("command -v node >/dev/null 2>&1") != 0) return Status::Error("node is not on PATH");
  if (fs::path(r.model).extension() != ".tflite") {
    return Status::Error("the LiteRT peer runs .tflite models, not " + r.model);
  }
  const int batch = r.all_outputs.empty() ? r.batch : 1;
  std::string model = r.model;
  ScratchDir scratch;
  if (!scratch.ok()) return Status::Error("cannot create a temporary folder for the LiteRT peer's models");
  auto graph = ImportTfliteFile(r.model);
  if (!graph.ok()) return graph.status();
  if (graph->inputs.size() != 1) {
    return Status::Error(Format("%s has %zu inputs; the LiteRT peer feeds one", r.model.c_str(), graph->inputs.size()));
  }
  if (BatchSize(graph.value()) != batch) {
    auto at = GraphAtBatch(graph.value(), batch);
    if (!at.ok()) return at.status().With(Format("the LiteRT peer's batch-%d copy of %s: ", batch, r.model.c_str()));
    graph = std::move(at);
    model = scratch.file(Format("model-b%d.tflite", batch));
    EB_RETURN_IF_ERROR(ExportTfliteFile(*graph, model));
  }
  std::string overhead_model;
  if (r.overhead) {
    overhead_model = scratch.file("identity.tflite");
    EB_RETURN_IF_ERROR(ExportTfliteFile(IdentityLikeGraph(graph->tensor(graph->inputs[0])), overhead_model));
  }
  std::string cmd =
      Format("node %s --model %s --input %s --batch %d --samples %d --warmup %d --threads %d --overhead %d --max-seconds %g",
             ShellQuote((fs::path(peer_dir) / "runner.mjs").string()).c_str(), ShellQuote(model).c_str(),
             ShellQuote(r.inputs).c_str(), batch, r.samples, r.warmup, r.threads, r.overhead ? 1 : 0, r.max_seconds);
  if (r.overhead) cmd += " --overhead-model " + ShellQuote(overhead_model);
  if (!r.all_outputs.empty()) cmd += " --all-outputs " + ShellQuote(r.all_outputs);
  return RunPeerCommand(cmd, "the LiteRT runner");
}

}  // namespace eb
