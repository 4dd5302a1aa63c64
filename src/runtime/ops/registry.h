// One prepare function per op type (declared from ops.inc). Each validates its op, computes the kernel
// parameters and emits the kernel call.
#pragma once

#include "ir/op.h"
#include "runtime/op_context.h"

namespace eb {

#define EB_OP(id, name, code, int8, int16) Status Prepare##id(OpContext& ctx);
#include "ir/ops.inc"
#undef EB_OP

// Dispatches to the prepare function of ctx.op().type.
Status PrepareOp(OpContext& ctx);

}  // namespace eb
