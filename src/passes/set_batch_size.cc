#include "passes/set_batch_size.h"

#include "core/strings.h"

namespace eb {

int BatchSize(const Graph& graph) {
  if (graph.inputs.empty()) return 1;
  const Tensor& t = graph.tensor(graph.inputs[0]);
  return t.shape.empty() ? 1 : t.shape[0];
}

Status SetBatchSize(Graph& graph, int batch) {
  if (batch < 1) return Status::Error(Format("batch size must be at least 1, got %d", batch));
  const int old = BatchSize(graph);
  for (int t : graph.inputs) {
    const Tensor& in = graph.tensor(t);
    if (in.shape.empty() || in.shape[0] != old) {
      return Status::Error(graph.name + ": input '" + in.name + "' " + ShapeString(in.shape) +
                           " has no batch dimension matching the first input's");
    }
  }
  if (old == batch) return Status::Ok();
  for (Tensor& t : graph.tensors) {
    if (!t.is_constant && !t.shape.empty() && t.shape[0] == old) t.shape[0] = batch;
  }
  return Status::Ok();
}

}  // namespace eb
