// RESHAPE, SQUEEZE and EXPAND_DIMS change only the shape: the planner gives the output the input's bytes,
// so they cost no copy. Only a constant input needs copying into the arena.
#pragma once

#include "runtime/op_context.h"

namespace eb {

// Checks the element counts and types match and emits a copy only when the bytes are not shared.
// `min_inputs`..`max_inputs` counts the shape/axis operand some of these ops carry.
Status PrepareView(OpContext& ctx, size_t min_inputs, size_t max_inputs);

// Reads a constant int32/int64 operand (shape, axes, permutation) into `out`.
Status ReadIntOperand(const OpContext& ctx, size_t k, const char* role, std::vector<int64_t>* out);

}  // namespace eb
