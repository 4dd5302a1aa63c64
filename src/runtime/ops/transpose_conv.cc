// TRANSPOSE_CONV prepare: inputs output_shape (int32 [4]), filter [O, kH, kW, I], NHWC input, optional bias;
// float32, int8 (per-channel weights, int32 bias) or int16x8 (int64 or int16 bias), as TFLM's reference kernels.
//
// The output's static shape is the output shape. A constant output_shape operand must agree with it; one given
// at run time (a graph input, as in TFLM's SEANet models) is never read: like TFLM, which ignores it, the kernels
// size everything from the static shape, so a different value cannot move a single access.
//
// Padding follows TFLM: SAME pads half (rounded down) of what a SAME convolution of the output with this filter
// and stride would pad in all; VALID pads nothing. TFLM quantises with no activation (it computes the int8 and
// int16 clamps for kTfLiteActNone), so a fused activation clamps only float32 outputs here too.
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "transpose_conv.h"
#include "transpose_conv_s16.h"

namespace eb {
namespace {

constexpr WeightedOperands kOperands{.input = 2, .filter = 1, .bias = 3};

Status CheckOutputShapeOperand(const OpContext& ctx) {
  const Tensor& shape = ctx.input(0);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectType(shape, DType::kI32, "output_shape"));
  if (shape.num_elements() != 4) {
    return ctx.Error(Format("output_shape '%s' has shape %s, expected 4 values", shape.name.c_str(),
                            ShapeString(shape.shape).c_str()));
  }
  if (!HasConstantData(shape)) return Status::Ok();
  const std::vector<int32_t> v(shape.as<int32_t>(), shape.as<int32_t>() + 4);
  if (v != out.shape) {
    return ctx.Error(Format("output_shape '%s' holds %s, but the output '%s' is %s", shape.name.c_str(),
                            ShapeString(v).c_str(), out.name.c_str(), ShapeString(out.shape).c_str()));
  }
  return Status::Ok();
}

Status CheckTypes(const OpContext& ctx, int32_t out_c) {
  const Tensor& in = ctx.input(kOperands.input);
  const Tensor& filter = ctx.input(kOperands.filter);
  const Tensor& out = ctx.output();
  auto bias_of = [&](DType want) -> Status {
    if (!ctx.has_input(kOperands.bias)) return Status::Ok();
    const Tensor& bias = ctx.input(kOperands.bias);
    EB_RETURN_IF_ERROR(ctx.ExpectType(bias, want, "bias"));
    if (bias.num_elements() == out_c) return Status::Ok();
    return ctx.Error(Format("bias '%s' has %lld elements, expected %d", bias.name.c_str(),
                            static_cast<long long>(bias.num_elements()), out_c));
  };
  switch (in.dtype) {
    case DType::kF32:
      EB_RETURN_IF_ERROR(ctx.ExpectType(filter, DType::kF32, "filter"));
      EB_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kF32, "output"));
      return bias_of(DType::kF32);
    case DType::kI8:
      EB_RETURN_IF_ERROR(ctx.ExpectType(filter, DType::kI8, "filter"));
      EB_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kI8, "output"));
      EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
      EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
      EB_RETURN_IF_ERROR(CheckFilterQuant(ctx, filter, out_c, 0));
      return bias_of(DType::kI32);
    case DType::kI16:
      // TFLM widens an int16 bias to int64 and would misread an int32 one.
      return CheckInt16x8Types(ctx, out_c, 0, {DType::kI64, DType::kI16}, kOperands);
    default:
      return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
}

}  // namespace

Status PrepareTransposeConv(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(3, 4, 1));
  const Tensor& filter = ctx.input(kOperands.filter);
  const Tensor& in = ctx.input(kOperands.input);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectRank(in, 4, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(filter, 4, "filter"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(out, 4, "output"));
  EB_RETURN_IF_ERROR(CheckOutputShapeOperand(ctx));
  const int32_t out_c = filter.shape[0];
  if (filter.shape[3] != in.shape[3]) {
    return ctx.Error(Format("filter '%s' %s expects %d input channels, the input has %d", filter.name.c_str(),
                            ShapeString(filter.shape).c_str(), filter.shape[3], in.shape[3]));
  }
  if (out.shape[3] != out_c || out.shape[0] != in.shape[0]) {
    return ctx.Error(Format("output '%s' %s does not fit the input %s and filter %s (expected batch %d and %d "
                            "channels)", out.name.c_str(), ShapeString(out.shape).c_str(),
                            ShapeString(in.shape).c_str(), ShapeString(filter.shape).c_str(), in.shape[0], out_c));
  }
  const OpAttrs& a = ctx.attrs();
  if (a.stride_h < 1 || a.stride_w < 1) {
    return ctx.Error(Format("strides (%d,%d) must be at least 1", a.stride_h, a.stride_w));
  }
  EB_RETURN_IF_ERROR(CheckTypes(ctx, out_c));

  eb_transpose_conv_params p{};
  p.batch = in.shape[0];
  p.in_h = in.shape[1];
  p.in_w = in.shape[2];
  p.in_c = in.shape[3];
  p.out_h = out.shape[1];
  p.out_w = out.shape[2];
  p.out_c = out_c;
  p.k_h = filter.shape[1];
  p.k_w = filter.shape[2];
  p.stride_h = a.stride_h;
  p.stride_w = a.stride_w;
  p.pad_top = ComputeSpatial(a.padding, p.out_h, p.k_h, p.stride_h, 1).pad_before;
  p.pad_left = ComputeSpatial(a.padding, p.out_w, p.k_w, p.stride_w, 1).pad_before;
  const CallArg x = ctx.In(kOperands.input), w = ctx.In(kOperands.filter), b = ctx.In(kOperands.bias);
  if (in.dtype == DType::kF32) {
    EB_RETURN_IF_ERROR(FloatActivationRange(ctx, a.activation, &p.act_min, &p.act_max));
    ctx.Call(EB_KERNEL(eb_transpose_conv_f32), p, {x, w, b, ctx.Out()});
    return Status::Ok();
  }
  TypeRange(out.dtype, &p.q_min, &p.q_max);
  const ChannelRequant rq = PerChannelMultipliers(in, filter, out, out_c);
  const CallArg mult = CallArg::Const(rq.mult), shift = CallArg::Const(rq.shift);
  if (in.dtype == DType::kI8) {
    p.in_zp = in.quant.zero_point.empty() ? 0 : static_cast<int32_t>(in.quant.zero_point[0]);
    p.out_zp = out.quant.zero_point.empty() ? 0 : static_cast<int32_t>(out.quant.zero_point[0]);
    ctx.Call(EB_KERNEL(eb_transpose_conv_s8), p, {x, w, b, mult, shift, ctx.Out()});
    return Status::Ok();
  }
  EB_RETURN_IF_ERROR(CheckS64Requant(ctx, rq, kOperands));
  if (ctx.has_input(kOperands.bias) && ctx.input(kOperands.bias).dtype == DType::kI16) {
    ctx.Call(EB_KERNEL(eb_transpose_conv_s16_b16), p, {x, w, b, mult, shift, ctx.Out()});
  } else {
    ctx.Call(EB_KERNEL(eb_transpose_conv_s16), p, {x, w, b, mult, shift, ctx.Out()});
  }
  return Status::Ok();
}

}  // namespace eb
