// Pass: fuses a clamping activation into the operator before it, which then clamps its own results
// (attrs.activation) and saves a pass over the tensor.
//
// Activations: RELU ([0, inf)), RELU6 ([0, 6]), and float32 MAXIMUM / MINIMUM with a constant that is the
// same value everywhere (a Clip lowered to max/min: [c, inf) / (-inf, c]). The producer's clamp and the
// activation's compose to their intersection, which must be one of the fused activations the IR has:
// none, RELU, RELU6, RELU_N1_TO_1. So RELU then MINIMUM(6) fuses step by step into RELU6, and MAXIMUM(-1)
// then MINIMUM(1) into RELU_N1_TO_1.
// Producers: CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, ADD, SUB, MUL, DIV (float32; int8 too, except
// DIV) whose output only the activation reads and is not a graph output. int8 RELU / RELU6 fuse only when
// their input and output quantisation are equal, where the fused clamp gives the same bytes.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

Status FuseActivation(Graph& graph, PassReport* report = nullptr);

}  // namespace eb
