#include "runtime/ops/act_common.h"

#include <memory>

#include "runtime/ops/op_util.h"

namespace eb {

Status PrepareFloatUnary(OpContext& ctx, ActF32Kernel f32) {
  EB_RETURN_IF_ERROR(ExpectElementwise(ctx));
  const Tensor& in = ctx.input(0);
  if (in.dtype != DType::kF32) {
    return ctx.Error(Format("input type %s is not supported (float32 only)", std::string(DTypeName(in.dtype)).c_str()));
  }
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.num_elements());
  ctx.Call(f32, p, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

Status PrepareActivation(OpContext& ctx, ActF32Kernel f32, ActS8Kernel s8,
                         const std::function<Status(const Tensor& in, const Tensor& out, eb_act_params*)>& fill,
                         ActVariants f32_x86, ActVariants s8_x86) {
  EB_RETURN_IF_ERROR(ExpectElementwise(ctx));
  const Tensor& in = ctx.input(0);
  auto st = std::make_shared<eb_act_params>();
  st->count = static_cast<int32_t>(in.num_elements());
  if (in.dtype == DType::kF32) {
    if (TryX86(ctx, f32_x86, *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) return Status::Ok();
    ctx.Call(f32, *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(ctx.output(), "output"));
  st->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  st->out_zp = static_cast<int32_t>(ctx.output().quant.zero_point[0]);
  EB_RETURN_IF_ERROR(fill(in, ctx.output(), st.get()));
  if (TryX86(ctx, s8_x86, *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) return Status::Ok();
  ctx.Call(s8, *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
