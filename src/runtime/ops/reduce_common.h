// Prepare shared by the reductions (MEAN, SUM, REDUCE_MAX): the axis operand, the [outer][reduced][inner]
// view the kernels walk, and the output shape (keep_dims or not).
#pragma once

#include "mean.h"
#include "runtime/op_context.h"

namespace eb {

// Reads the axes (input 1, a constant), checks they are in range and adjacent, that the output has the reduced
// shape and the input's type, and fills outer, reduced and inner (every other field zero).
Status ReduceGeometry(const OpContext& ctx, eb_mean_params* p);

}  // namespace eb
