// Pass: folds batch normalisation into the CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED before it.
//
// Importers lower inference-time BatchNormalization to y = x * m + a with per-channel constants
// m = gamma / sqrt(var + eps) and a = beta - mean * m, i.e. a MUL and an ADD whose constant operands
// are scalars or vary only along the last (channel) axis. A float32 weighted op y = W x + b followed
// by such a MUL becomes W' = W * m[o], b' = b * m[o] (o = output channel: axis 0 of CONV_2D and
// FULLY_CONNECTED filters, axis 3 of DEPTHWISE_CONV_2D's); followed by an ADD (or SUB of a constant)
// it becomes b' = b + a[o] (b - a[o]). The weighted op then writes the MUL/ADD's output tensor and the
// MUL/ADD is removed. Folding repeats, so MUL then ADD both fold.
//
// Conditions: the weighted op has no fused activation (the MUL/ADD's own activation moves onto it), its
// output is read only by that MUL/ADD and is not a graph output, and the constant does not broadcast
// the result to a larger shape. int8 ops are left alone (their scales already carry batch norm).
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

Status FoldBatchNorm(Graph& graph, PassReport* report = nullptr);

}  // namespace eb
