// ADD prepare: broadcasting, float32 or int8 with a fused activation.
#include "add.h"
#include "runtime/ops/binary_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareAdd(OpContext& ctx) { return PrepareBinary(ctx, BinaryKind::kAdd, EB_KERNEL(eb_add_f32), EB_KERNEL(eb_add_s8)); }

}  // namespace eb
