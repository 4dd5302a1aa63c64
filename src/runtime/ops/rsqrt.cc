// RSQRT prepare: float32 only.
#include "rsqrt.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareRsqrt(OpContext& ctx) { return PrepareFloatUnary(ctx, EB_KERNEL(eb_rsqrt_f32)); }

}  // namespace eb
