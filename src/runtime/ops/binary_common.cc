#include "runtime/ops/binary_common.h"

#include <memory>

#include "runtime/ops/op_util.h"

namespace eb {

namespace {

// int16 (TFLM's int16x8 scheme): per-tensor scales, every zero point 0, so (x - zp) * 2^15 fits int32.
Status PrepareS16(OpContext& ctx, BinaryKind kind, BinaryS16Kernel s16, eb_binary_params* st) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  const Tensor& out = ctx.output();
  const std::pair<const Tensor*, const char*> roles[] = {{&a, "first input"}, {&b, "second input"}, {&out, "output"}};
  for (const auto& [t, role] : roles) {
    EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(*t, role));
    if (t->quant.zero_point[0] != 0) {
      return ctx.Error(Format("int16 %s '%s' has zero point %lld, expected 0", role, t->name.c_str(),
                              static_cast<long long>(t->quant.zero_point[0])));
    }
  }
  EB_RETURN_IF_ERROR(QuantActivationRange(ctx, ctx.attrs().activation, out, &st->q_min, &st->q_max));
  const float s1 = a.quant.scale[0], s2 = b.quant.scale[0], so = out.quant.scale[0];
  if (kind == BinaryKind::kAdd) {
    eb_binary_prepare_add_s16(st, s1, s2, so);
  } else {
    eb_binary_prepare_sub_s16(st, s1, s2, so);
  }
  ctx.Call(s16, *st, {ctx.In(0), ctx.In(1), ctx.Out()});
  return Status::Ok();
}

}  // namespace

Status PrepareBinary(OpContext& ctx, BinaryKind kind, BinaryF32Kernel f32, BinaryS8Kernel s8,
                     std::span<const BinaryVariant> f32_x86, std::span<const BinaryVariant> s8_x86,
                     BinaryS16Kernel s16) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  const Tensor& out = ctx.output();
  if (a.shape.size() > EB_MAX_DIMS || b.shape.size() > EB_MAX_DIMS) {
    return ctx.Error(Format("inputs of rank above %d are not supported", EB_MAX_DIMS));
  }
  auto st = std::make_shared<eb_binary_params>();
  if (eb_binary_broadcast(st.get(), static_cast<int>(a.shape.size()), a.shape.data(),
                          static_cast<int>(b.shape.size()), b.shape.data()) != 0) {
    return ctx.Error(Format("input shapes %s and %s do not broadcast", ShapeString(a.shape).c_str(),
                            ShapeString(b.shape).c_str()));
  }
  std::vector<int32_t> want(st->out_dims, st->out_dims + st->rank);
  // A rank-0 result is stored as one element; compare element counts in that case.
  if (!(out.shape.empty() && NumElements(want) == 1)) EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  EB_RETURN_IF_ERROR(ctx.ExpectType(b, a.dtype, "second input"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, a.dtype, "output"));
  if (a.dtype == DType::kF32) {
    EB_RETURN_IF_ERROR(FloatActivationRange(ctx, ctx.attrs().activation, &st->act_min, &st->act_max));
    if (TryX86(ctx, f32_x86, *st, {.inputs = {ctx.in<void>(0), ctx.in<void>(1)}, .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(f32, *st, {ctx.In(0), ctx.In(1), ctx.Out()});
    return Status::Ok();
  }
  if (a.dtype == DType::kI16 && s16.fn != nullptr) return PrepareS16(ctx, kind, s16, st.get());
  if (a.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(a.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(a, "first input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(b, "second input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  EB_RETURN_IF_ERROR(QuantActivationRange(ctx, ctx.attrs().activation, out, &st->q_min, &st->q_max));
  st->in1_zp = static_cast<int32_t>(a.quant.zero_point[0]);
  st->in2_zp = static_cast<int32_t>(b.quant.zero_point[0]);
  st->out_zp = static_cast<int32_t>(out.quant.zero_point[0]);
  const float s1 = a.quant.scale[0], s2 = b.quant.scale[0], so = out.quant.scale[0];
  switch (kind) {
    case BinaryKind::kAdd: eb_binary_prepare_add_s8(st.get(), s1, s2, so); break;
    case BinaryKind::kSub: eb_binary_prepare_sub_s8(st.get(), s1, s2, so); break;
    case BinaryKind::kMul: eb_binary_prepare_mul_s8(st.get(), s1, s2, so); break;
  }
  if (TryX86(ctx, s8_x86, *st, {.inputs = {ctx.in<void>(0), ctx.in<void>(1)}, .out = ctx.out<void>()})) {
    return Status::Ok();
  }
  ctx.Call(s8, *st, {ctx.In(0), ctx.In(1), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
