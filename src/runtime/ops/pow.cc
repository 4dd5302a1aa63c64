// POW prepare: float32 only, broadcasting.
#include "pow.h"
#include "runtime/ops/float_binary_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PreparePow(OpContext& ctx) { return PrepareFloatBinary(ctx, EB_KERNEL(eb_pow_f32)); }

}  // namespace eb
