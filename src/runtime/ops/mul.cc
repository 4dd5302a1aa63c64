// MUL prepare: broadcasting, float32 or int8 with a fused activation.
#include "mul.h"
#include "runtime/ops/binary_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareMul(OpContext& ctx) { return PrepareBinary(ctx, BinaryKind::kMul, EB_KERNEL(eb_mul_f32), EB_KERNEL(eb_mul_s8)); }

}  // namespace eb
