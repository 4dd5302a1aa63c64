// `edgebench info MODEL [--json]`: inputs, outputs, op histogram, parameters, MACs, weight and arena bytes.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "core/strings.h"
#include "importers/load_model.h"
#include "ir/stats.h"
#include "runtime/runtime.h"

namespace eb::cli {
namespace {

struct InfoOptions {
  std::string model;
  bool json = false;
  bool tensors = false;
  EngineFlags engine;
  InputShapes shapes;
};

// One line per tensor: index, name, type, shape, quantisation, constant bytes.
void PrintTensors(const Graph& graph) {
  std::printf("Tensors    %zu\n", graph.tensors.size());
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    const Tensor& t = graph.tensors[i];
    std::printf("  %3zu %-40s %s%s\n", i, t.name.c_str(), DescribeTensor(t).c_str(),
                t.is_constant ? Format(" const %lld bytes", static_cast<long long>(t.num_bytes())).c_str() : "");
  }
}

void RunInfo(const InfoOptions& o) {
  Graph graph = Load(o.model, o.shapes);
  const GraphStats stats = ComputeStats(graph);
  // Creating the runtime validates every op and plans the arena: info reports only runnable models. The
  // arena is the portable plan (what generated C allocates); the host engine adds its kernels' scratch.
  auto rt = Check(Runtime::Create(graph, {KernelTarget::C()}));
  auto host = Check(Runtime::Create(graph, o.engine.options()));
  const int64_t file_bytes = static_cast<int64_t>(std::filesystem::file_size(o.model));
  const int64_t arena = rt->plan().arena_bytes;
  if (o.json) {
    nlohmann::json j;
    j["model"] = o.model;
    j["file_bytes"] = file_bytes;
    for (int t : graph.inputs) j["inputs"].push_back(TensorJson(graph.tensor(t)));
    for (int t : graph.outputs) j["outputs"].push_back(TensorJson(graph.tensor(t)));
    j["operators"] = graph.ops.size();
    nlohmann::json hist = nlohmann::json::array();
    for (const auto& [type, count] : stats.op_counts) hist.push_back({{"op", OpName(type)}, {"count", count}});
    j["op_histogram"] = hist;
    j["parameters"] = stats.parameters;
    j["weight_bytes"] = stats.weight_bytes;
    j["macs"] = stats.macs;
    j["arena_bytes"] = arena;
    j["host"] = {{"target", host->options().target.Describe()},
                 {"arena_bytes", host->plan().arena_bytes},
                 {"scratch_peak_bytes", host->plan().scratch_peak}};
    std::cout << j.dump(2) << "\n";
    return;
  }
  std::printf("Model      %s (%s bytes)\n", o.model.c_str(), WithThousands(file_bytes).c_str());
  for (size_t i = 0; i < graph.inputs.size(); ++i) {
    const Tensor& t = graph.tensor(graph.inputs[i]);
    std::printf("Input %zu    '%s' %s\n", i, t.name.c_str(), DescribeTensor(t).c_str());
  }
  for (size_t i = 0; i < graph.outputs.size(); ++i) {
    const Tensor& t = graph.tensor(graph.outputs[i]);
    std::printf("Output %zu   '%s' %s\n", i, t.name.c_str(), DescribeTensor(t).c_str());
  }
  std::printf("Operators  %zu\n", graph.ops.size());
  for (const auto& [type, count] : stats.op_counts) {
    std::printf("  %-20s %d\n", std::string(OpName(type)).c_str(), count);
  }
  std::printf("Parameters %s\n", WithThousands(stats.parameters).c_str());
  std::printf("Weights    %s bytes\n", WithThousands(stats.weight_bytes).c_str());
  std::printf("MACs       %s\n", WithThousands(stats.macs).c_str());
  std::printf("Arena      %s bytes (planned peak activation memory)\n", WithThousands(arena).c_str());
  std::printf("Host arena %s bytes on %s: activations and kernel scratch (largest scratch %s bytes)\n",
              WithThousands(host->plan().arena_bytes).c_str(), host->options().target.Describe().c_str(),
              WithThousands(host->plan().scratch_peak).c_str());
  if (o.tensors) PrintTensors(graph);
}

}  // namespace

void AddInfo(CLI::App& app) {
  auto o = std::make_shared<InfoOptions>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a model: inputs, outputs, operators, parameters, MACs, "
                                             "weight bytes and the planned arena size.");
  o->shapes.Add(cmd);
  cmd->add_option("model", o->model, "Model file (.tflite or .onnx)")->required();
  cmd->add_flag("--json", o->json, "Print JSON instead of text");
  cmd->add_flag("--tensors", o->tensors, "Also list every tensor (text output)");
  o->engine.Add(cmd);
  cmd->callback([o] { RunInfo(*o); });
}

}  // namespace eb::cli
