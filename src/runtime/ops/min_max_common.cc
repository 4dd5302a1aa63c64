#include "runtime/ops/min_max_common.h"

#include "runtime/ops/broadcast_common.h"

namespace eb {
namespace {

template <class T>
void EmitTyped(OpContext& ctx, const eb_binary_params& p, MinMaxKernel<T> kernel) {
  ctx.Call(kernel, p, {ctx.In(0), ctx.In(1), ctx.Out()});
}

}  // namespace

Status PrepareMinMax(OpContext& ctx, const MinMaxKernels& k) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectType(b, a.dtype, "second input"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, a.dtype, "output"));
  if (a.quant != out.quant || b.quant != out.quant) {
    return ctx.Error("the inputs and the output must share their quantisation (raw values are compared)");
  }
  eb_binary_params p{};
  EB_RETURN_IF_ERROR(PrepareBroadcast(ctx, &p));
  switch (a.dtype) {
    case DType::kF32: EmitTyped<float>(ctx, p, k.f32); return Status::Ok();
    case DType::kI8: EmitTyped<int8_t>(ctx, p, k.s8); return Status::Ok();
    case DType::kU8: EmitTyped<uint8_t>(ctx, p, k.u8); return Status::Ok();
    case DType::kI16: EmitTyped<int16_t>(ctx, p, k.s16); return Status::Ok();
    case DType::kI32: EmitTyped<int32_t>(ctx, p, k.s32); return Status::Ok();
    case DType::kI64: EmitTyped<int64_t>(ctx, p, k.s64); return Status::Ok();
    default: break;
  }
  return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(a.dtype)).c_str()));
}

}  // namespace eb
