// SUB prepare: broadcasting, float32 or int8 with a fused activation.
#include "sub.h"
#include "runtime/ops/binary_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareSub(OpContext& ctx) { return PrepareBinary(ctx, BinaryKind::kSub, EB_KERNEL(eb_sub_f32), EB_KERNEL(eb_sub_s8)); }

}  // namespace eb
