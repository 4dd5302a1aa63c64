// Pass: changes the batch size of a graph whose activations carry the batch in dimension 0 (the layout of
// every TFLite and imported ONNX model here). Constants are untouched; Runtime::Create re-validates every
// op on the new shapes, so a graph where this does not hold is refused there, not silently mis-run.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

// Sets dim 0 of every non-constant tensor whose dim 0 equals the graph inputs' batch to `batch`.
Status SetBatchSize(Graph& graph, int batch);

// The batch of the graph's first input (dim 0), or 1 for scalars.
int BatchSize(const Graph& graph);

}  // namespace eb
