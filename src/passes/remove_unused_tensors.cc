#include "passes/remove_unused_tensors.h"

#include "core/strings.h"

namespace eb {

Status RemoveUnusedTensors(Graph& graph, PassReport* report) {
  PassRecorder rec(report, "remove_unused_tensors", graph);
  std::vector<bool> used(graph.tensors.size(), false);
  auto mark = [&](int t) {
    if (t >= 0) used[static_cast<size_t>(t)] = true;
  };
  for (const Op& op : graph.ops) {
    for (int t : op.inputs) mark(t);
    for (int t : op.outputs) mark(t);
  }
  for (int t : graph.inputs) mark(t);
  for (int t : graph.outputs) mark(t);

  std::vector<int> new_index(graph.tensors.size(), -1);
  std::vector<Tensor> kept;
  int64_t bytes = 0;
  for (size_t t = 0; t < graph.tensors.size(); ++t) {
    if (used[t]) {
      new_index[t] = static_cast<int>(kept.size());
      kept.push_back(std::move(graph.tensors[t]));
    } else {
      bytes += static_cast<int64_t>(graph.tensors[t].data.size());
    }
  }
  const size_t removed = graph.tensors.size() - kept.size();
  graph.tensors = std::move(kept);
  auto remap = [&](int& t) {
    if (t >= 0) t = new_index[static_cast<size_t>(t)];
  };
  for (Op& op : graph.ops) {
    for (int& t : op.inputs) remap(t);
    for (int& t : op.outputs) remap(t);
  }
  for (int& t : graph.inputs) remap(t);
  for (int& t : graph.outputs) remap(t);
  if (removed > 0) {
    rec.Change(Format("removed %zu unused tensor%s (%s constant bytes)", removed, removed == 1 ? "" : "s",
                      WithThousands(bytes).c_str()),
               static_cast<int>(removed));
  }
  return rec.Finish(graph);
}

}  // namespace eb
