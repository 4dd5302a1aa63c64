// SQUARED_DIFFERENCE prepare: float32 only, broadcasting.
#include "squared_difference.h"
#include "runtime/ops/float_binary_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareSquaredDifference(OpContext& ctx) { return PrepareFloatBinary(ctx, EB_KERNEL(eb_squared_difference_f32)); }

}  // namespace eb
