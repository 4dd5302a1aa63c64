// Broadcast set-up shared by the binary ops that do not rescale int8 (DIV, MAXIMUM, MINIMUM).
#pragma once

#include "binary.h"
#include "runtime/op_context.h"

namespace eb {

// Computes numpy broadcasting of inputs 0 and 1 into `p` (rank, output dims, strides) and checks the
// output shape against it. A rank-0 output holding one element is accepted.
Status PrepareBroadcast(const OpContext& ctx, eb_binary_params* p);

}  // namespace eb
