#include "runtime/ops/registry.h"

namespace eb {

Status PrepareOp(OpContext& ctx) {
  switch (ctx.op().type) {
#define EB_OP(id, name, code, int8, int16) case OpType::k##id: return Prepare##id(ctx);
#include "ir/ops.inc"
#undef EB_OP
  }
  return ctx.Error("unknown op type");
}

}  // namespace eb
