// QUANTIZE prepare: float32 -> int8/uint8/int16, or requantisation (scale and/or type) between the pairs TFLM's
// reference supports (int8, uint8, int16 and int32; plus uint8 -> uint8).
#include <array>
#include <memory>

#include "quant.h"
#include "quantize.h"
#include "runtime/ops/registry.h"

namespace eb {
namespace {

// The int -> int kernel of an (input, output) type pair, emitted with its own argument types.
bool CallRequantize(OpContext& ctx, DType in, DType out, const eb_quantize_params& p) {
  using D = DType;
  const std::array<CallArg, 2> args = {ctx.In(0), ctx.Out()};
  if (in == D::kI8 && out == D::kI8) ctx.Call(EB_KERNEL(eb_requantize_s8_s8), p, args);
  else if (in == D::kU8 && out == D::kI8) ctx.Call(EB_KERNEL(eb_requantize_u8_s8), p, args);
  else if (in == D::kI8 && out == D::kU8) ctx.Call(EB_KERNEL(eb_requantize_s8_u8), p, args);
  else if (in == D::kU8 && out == D::kU8) ctx.Call(EB_KERNEL(eb_requantize_u8_u8), p, args);
  else if (in == D::kI16 && out == D::kI8) ctx.Call(EB_KERNEL(eb_requantize_s16_s8), p, args);
  else if (in == D::kI32 && out == D::kI8) ctx.Call(EB_KERNEL(eb_requantize_s32_s8), p, args);
  else if (in == D::kI8 && out == D::kI16) ctx.Call(EB_KERNEL(eb_requantize_s8_s16), p, args);
  else if (in == D::kI16 && out == D::kI16) ctx.Call(EB_KERNEL(eb_requantize_s16_s16), p, args);
  else if (in == D::kI32 && out == D::kI16) ctx.Call(EB_KERNEL(eb_requantize_s32_s16), p, args);
  else if (in == D::kI8 && out == D::kI32) ctx.Call(EB_KERNEL(eb_requantize_s8_s32), p, args);
  else if (in == D::kI16 && out == D::kI32) ctx.Call(EB_KERNEL(eb_requantize_s16_s32), p, args);
  else return false;
  return true;
}

}  // namespace

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
  auto unsupported = [&] {
    return ctx.Error(Format("quantising %s to %s is not supported", std::string(DTypeName(in.dtype)).c_str(),
                            std::string(DTypeName(out.dtype)).c_str()));
  };
  if (in.dtype == DType::kF32) {
    if (out.dtype == DType::kI8) {
      ctx.Call(EB_KERNEL(eb_quantize_f32_s8), *st, {ctx.In(0), ctx.Out()});
    } else if (out.dtype == DType::kU8) {
      ctx.Call(EB_KERNEL(eb_quantize_f32_u8), *st, {ctx.In(0), ctx.Out()});
    } else if (out.dtype == DType::kI16) {
      ctx.Call(EB_KERNEL(eb_quantize_f32_s16), *st, {ctx.In(0), ctx.Out()});
    } else {
      return unsupported();
    }
    return Status::Ok();
  }
  auto is_int = [](DType t) { return t == DType::kI8 || t == DType::kU8 || t == DType::kI16 || t == DType::kI32; };
  if (!is_int(in.dtype) || !is_int(out.dtype)) return unsupported();
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  st->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  eb_quantize_multiplier(static_cast<double>(in.quant.scale[0]) / static_cast<double>(out.quant.scale[0]),
                         &st->mult, &st->shift);
  if (!CallRequantize(ctx, in.dtype, out.dtype, *st)) return unsupported();
  return Status::Ok();
}

}  // namespace eb
