// DEQUANTIZE prepare: int8/uint8/int16 (affine) or float16 -> float32.
#include <memory>

#include "dequantize.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareDequantize(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(1, 1, 1));
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(ctx.input(0).shape));
  const Tensor& in = ctx.input(0);
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), DType::kF32, "output"));
  auto st = std::make_shared<eb_dequantize_params>();
  st->count = static_cast<int32_t>(in.num_elements());
  if (in.dtype == DType::kF16) {
    // Converted once when the runtime was created (host target: constant weights).
    if (ctx.output().is_constant) return Status::Ok();
    ctx.Call(EB_KERNEL(eb_dequantize_f16_f32), *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8 && in.dtype != DType::kU8 && in.dtype != DType::kI16) {
    return ctx.Error(Format("dequantising %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  st->scale = in.quant.scale[0];
  st->zp = static_cast<int32_t>(in.quant.zero_point[0]);
  if (in.dtype == DType::kI8) {
    ctx.Call(EB_KERNEL(eb_dequantize_s8_f32), *st, {ctx.In(0), ctx.Out()});
  } else if (in.dtype == DType::kU8) {
    ctx.Call(EB_KERNEL(eb_dequantize_u8_f32), *st, {ctx.In(0), ctx.Out()});
  } else {
    ctx.Call(EB_KERNEL(eb_dequantize_s16_f32), *st, {ctx.In(0), ctx.Out()});
  }
  return Status::Ok();
}

}  // namespace eb
