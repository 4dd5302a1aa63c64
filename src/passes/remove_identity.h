// Pass (freeze): removes the operators that compute nothing at inference time, and those whose results
// nobody reads. ops.inc has no Identity or Dropout (importers drop them, and training-only nodes never
// reach the IR), so what remains to freeze are operators that are no-ops on this graph's shapes:
//   - RESHAPE, SQUEEZE, EXPAND_DIMS to the input's own shape; a RESHAPE of a view reads the view's input
//   - CAST to the input's own type; QUANTIZE to the input's own type and quantisation
//   - TRANSPOSE with the identity permutation, or one that undoes the TRANSPOSE feeding it
//   - PAD / PADV2 with all paddings zero; CONCATENATION of a single input
//   - AVERAGE_POOL_2D / MAX_POOL_2D with a 1x1 window and stride 1
//   - float32 ADD or SUB of a constant zero, MUL or DIV by a constant one (no fused activation, and the
//     constant does not broadcast the result to a larger shape)
//   - any operator whose outputs are neither read nor graph outputs (dead code)
// A removed operator's readers read its input instead; a graph output keeps its tensor and name (the
// operator that wrote the input writes the output instead).
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

Status RemoveIdentity(Graph& graph, PassReport* report = nullptr);

}  // namespace eb
