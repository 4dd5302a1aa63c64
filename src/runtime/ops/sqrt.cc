// SQRT prepare: float32 only.
#include "sqrt.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareSqrt(OpContext& ctx) { return PrepareFloatUnary(ctx, EB_KERNEL(eb_sqrt_f32)); }

}  // namespace eb
