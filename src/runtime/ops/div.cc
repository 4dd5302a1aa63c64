// DIV prepare: broadcasting float32 division with a fused activation. (TFLM's int8 DIV uses its own
// reciprocal scheme; it is not implemented, so int8 models are refused.)
#include "div.h"
#include "runtime/ops/broadcast_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareDiv(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (a.dtype != DType::kF32) {
    return ctx.Error(Format("input type %s is not supported (DIV runs in float32)",
                            std::string(DTypeName(a.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(b, DType::kF32, "second input"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), DType::kF32, "output"));
  eb_binary_params p{};
  EB_RETURN_IF_ERROR(PrepareBroadcast(ctx, &p));
  EB_RETURN_IF_ERROR(FloatActivationRange(ctx, ctx.attrs().activation, &p.act_min, &p.act_max));
  ctx.Call(EB_KERNEL(eb_div_f32), p, {ctx.In(0), ctx.In(1), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
