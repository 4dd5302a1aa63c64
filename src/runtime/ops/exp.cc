// EXP prepare: float32 only.
#include "exp.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareExp(OpContext& ctx) { return PrepareFloatUnary(ctx, EB_KERNEL(eb_exp_f32)); }

}  // namespace eb
