// Pass: turns "hybrid" models (float32 activations, int8 weights with scales) into plain float32 models by
// dequantising those constant weights once: w = scale[c] * (q - zero_point[c]).
//
// TFLite's dynamic-range quantisation writes such files (MLPerf Tiny's kws_ref_model_float32 is one).
// Computing in float32 with the dequantised weights gives the float reference result; it is not TFLite's
// hybrid kernel, which also quantises the activations at run time.
#pragma once

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

// Returns the number of weight tensors dequantised.
Result<int> DequantizeHybridWeights(Graph& graph);

}  // namespace eb
