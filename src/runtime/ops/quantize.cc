// QUANTIZE prepare: float32 -> int8/uint8, or requantisation between int8/uint8 (scale and/or type).
#include <memory>

#include "quant.h"
#include "quantize.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareQuantize(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(1, 1, 1));
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(ctx.input(0).shape));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  auto st = std::make_shared<eb_quantize_params>();
  st->count = static_cast<int32_t>(in.num_elements());
  st->scale = out.quant.scale[0];
  st->out_zp = static_cast<int32_t>(out.quant.zero_point[0]);
  if (in.dtype == DType::kF32 && (out.dtype == DType::kI8 || out.dtype == DType::kU8)) {
    if (out.dtype == DType::kI8) {
      ctx.Call(EB_KERNEL(eb_quantize_f32_s8), *st, {ctx.In(0), ctx.Out()});
    } else {
      ctx.Call(EB_KERNEL(eb_quantize_f32_u8), *st, {ctx.In(0), ctx.Out()});
    }
    return Status::Ok();
  }
  const bool in_ok = in.dtype == DType::kI8 || in.dtype == DType::kU8;
  const bool out_ok = out.dtype == DType::kI8 || out.dtype == DType::kU8;
  if (!in_ok || !out_ok) {
    return ctx.Error(Format("quantising %s to %s is not supported", std::string(DTypeName(in.dtype)).c_str(),
                            std::string(DTypeName(out.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  st->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  eb_quantize_multiplier(static_cast<double>(in.quant.scale[0]) / static_cast<double>(out.quant.scale[0]),
                         &st->mult, &st->shift);
  const bool s_in = in.dtype == DType::kI8, s_out = out.dtype == DType::kI8;
  if (s_in && s_out) {
    ctx.Call(EB_KERNEL(eb_requantize_s8_s8), *st, {ctx.In(0), ctx.Out()});
  } else if (!s_in && s_out) {
    ctx.Call(EB_KERNEL(eb_requantize_u8_s8), *st, {ctx.In(0), ctx.Out()});
  } else if (s_in && !s_out) {
    ctx.Call(EB_KERNEL(eb_requantize_s8_u8), *st, {ctx.In(0), ctx.Out()});
  } else {
    ctx.Call(EB_KERNEL(eb_requantize_u8_u8), *st, {ctx.In(0), ctx.Out()});
  }
  return Status::Ok();
}

}  // namespace eb
