#include "passes/fold_constants.h"

#include <cstring>

#include "core/strings.h"
#include "passes/graph_rewrite.h"
#include "runtime/runtime.h"

namespace eb {
namespace {

// Runs op `i` alone and returns its outputs' bytes.
Result<std::vector<std::vector<uint8_t>>> Evaluate(const Graph& g, size_t i) {
  const Op& op = g.ops[i];
  Graph one;
  one.name = g.name;
  Op copy = op;
  copy.inputs.clear();
  copy.outputs.clear();
  for (int t : op.inputs) {
    copy.inputs.push_back(t < 0 ? -1 : AddTensor(one, g.tensor(t)));
  }
  for (int t : op.outputs) {
    Tensor out = g.tensor(t);
    out.is_constant = false;
    out.data.clear();
    const int k = AddTensor(one, std::move(out));
    copy.outputs.push_back(k);
    one.outputs.push_back(k);
  }
  one.ops.push_back(std::move(copy));
  // The portable kernels: a folded constant must not depend on the machine that converted the model.
  auto rt = Runtime::Create(std::move(one), {KernelTarget::C()});
  if (!rt.ok()) return rt.status();
  Runtime& r = *rt.value();
  r.Invoke();
  std::vector<std::vector<uint8_t>> results;
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    const uint8_t* p = r.output(k);
    results.emplace_back(p, p + r.output_tensor(k).num_bytes());
  }
  return results;
}

// Why op `i` must stay, or empty when it can be folded.
std::string ReasonToKeep(const Graph& g, const Op& op, const FoldConstantsOptions& options) {
  if (op.type == OpType::kDequantize && !options.fold_dequantize) {
    return "weights stored compressed stay compressed";
  }
  int64_t in_bytes = 0, out_bytes = 0;
  for (int t : op.inputs) {
    if (t >= 0) in_bytes += g.tensor(t).num_bytes();
  }
  for (int t : op.outputs) {
    if (IsGraphOutput(g, t)) return "it writes graph output '" + g.tensor(t).name + "'";
    out_bytes += g.tensor(t).num_bytes();
  }
  if (out_bytes > in_bytes + kMaxFoldGrowthBytes) {
    return Format("its results (%s bytes) would be much larger than its inputs (%s bytes)",
                  WithThousands(out_bytes).c_str(), WithThousands(in_bytes).c_str());
  }
  return {};
}

bool AllInputsConstant(const Graph& g, const Op& op) {
  bool any = false;
  for (int t : op.inputs) {
    if (t < 0) continue;
    if (!g.tensor(t).is_constant) return false;
    any = true;
  }
  return any && !op.outputs.empty();
}

}  // namespace

Status FoldConstants(Graph& graph, PassReport* report, const FoldConstantsOptions& options) {
  PassRecorder rec(report, "fold_constants", graph);
  std::vector<bool> erase(graph.ops.size(), false);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (!AllInputsConstant(graph, op)) continue;
    const std::string keep = ReasonToKeep(graph, op, options);
    if (!keep.empty()) {
      rec.Skip(graph.OpLabel(i) + ": " + keep);
      continue;
    }
    auto values = Evaluate(graph, i);
    if (!values.ok()) {
      rec.Skip(graph.OpLabel(i) + ": the runtime cannot run it: " + values.status().message());
      continue;
    }
    for (size_t k = 0; k < op.outputs.size(); ++k) {
      Tensor& out = graph.tensor(op.outputs[k]);
      out.is_constant = true;
      out.data = std::move(values.value()[k]);
    }
    rec.Change(Format("folded %s into constant %s", graph.OpLabel(i).c_str(),
                      TensorLabel(graph.tensor(op.outputs[0])).c_str()));
    erase[i] = true;
  }
  EraseOps(graph, erase);
  return rec.Finish(graph);
}

}  // namespace eb
