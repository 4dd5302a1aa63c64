#include "runtime/ops/pool_common.h"

#include <memory>

#include "runtime/ops/op_util.h"

namespace eb {

Status PreparePool(OpContext& ctx, PoolF32Kernel f32, PoolS8Kernel s8, PoolVariants f32_x86, PoolVariants s8_x86) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(1, 1, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  const OpAttrs& a = ctx.attrs();
  EB_RETURN_IF_ERROR(ctx.ExpectRank(in, 4, "input"));
  if (a.stride_h < 1 || a.stride_w < 1 || a.filter_h < 1 || a.filter_w < 1) {
    return ctx.Error(Format("window %dx%d and strides (%d,%d) must be at least 1", a.filter_h, a.filter_w,
                            a.stride_h, a.stride_w));
  }
  const SpatialDim h = ComputeSpatial(a.padding, in.shape[1], a.filter_h, a.stride_h, 1);
  const SpatialDim w = ComputeSpatial(a.padding, in.shape[2], a.filter_w, a.stride_w, 1);
  auto st = std::make_shared<eb_pool_params>();
  *st = eb_pool_params{in.shape[0], in.shape[1], in.shape[2], in.shape[3], h.out, w.out, a.filter_h, a.filter_w,
                       a.stride_h, a.stride_w, h.pad_before, w.pad_before, 0, 0, 0, 0};
  if (h.out <= 0 || w.out <= 0) return ctx.Error("the window is larger than the padded input");
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape({st->batch, st->out_h, st->out_w, st->channels}));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, in.dtype, "output"));
  if (in.dtype == DType::kF32) {
    EB_RETURN_IF_ERROR(FloatActivationRange(ctx, a.activation, &st->act_min, &st->act_max));
    if (TryX86(ctx, f32_x86, *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) return Status::Ok();
    ctx.Call(f32, *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  if (in.quant.scale != out.quant.scale || in.quant.zero_point != out.quant.zero_point) {
    return ctx.Error("int8 pooling needs equal input and output quantisation");
  }
  EB_RETURN_IF_ERROR(QuantActivationRange(ctx, a.activation, out, &st->q_min, &st->q_max));
  if (TryX86(ctx, s8_x86, *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) return Status::Ok();
  ctx.Call(s8, *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
