// Pass: folds an explicit PAD (or PADV2) into the CONV_2D / DEPTHWISE_CONV_2D that reads it.
//
// The IR's convolutions pad only as SAME or VALID, so a VALID convolution of a padded input becomes a
// SAME convolution of the unpadded one exactly when the two read the same input rows and columns:
// the explicit top (left) padding equals SAME's pad_before = ((out-1)*stride + (k-1)*dilation + 1 - in)/2
// with out = ceil(in / stride), and the VALID output on the padded input has SAME's size. Extra bottom
// (right) padding that no window reads is allowed. All-zero paddings leave the convolution VALID. The
// pad must add nothing along batch and channels and must pad with what the convolution pads with:
// 0.0 for float32, the input zero point for int8 (PAD does that; PADV2's value is checked).
// A PAD that other operators still read stays for them.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

Status FoldPad(Graph& graph, PassReport* report = nullptr);

}  // namespace eb
