// LOG prepare: float32 only.
#include "log.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareLog(OpContext& ctx) { return PrepareFloatUnary(ctx, EB_KERNEL(eb_log_f32)); }

}  // namespace eb
