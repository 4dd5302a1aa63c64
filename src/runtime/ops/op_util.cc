#include "runtime/ops/op_util.h"

#include <cmath>

#include "quant.h"

namespace eb {

SpatialDim ComputeSpatial(Padding padding, int32_t in, int32_t kernel, int32_t stride, int32_t dilation) {
  const int32_t effective = (kernel - 1) * dilation + 1;
  SpatialDim d;
  if (padding == Padding::kSame) {
    d.out = (in + stride - 1) / stride;
    const int32_t total = std::max<int32_t>((d.out - 1) * stride + effective - in, 0);
    d.pad_before = total / 2;
  } else {
    d.out = in >= effective ? (in - effective + stride) / stride : 0;
  }
  return d;
}

Status FloatActivationRange(const OpContext& ctx, Activation a, float* lo, float* hi) {
  switch (a) {
    case Activation::kNone: *lo = -INFINITY; *hi = INFINITY; return Status::Ok();
    case Activation::kRelu: *lo = 0.0f; *hi = INFINITY; return Status::Ok();
    case Activation::kRelu6: *lo = 0.0f; *hi = 6.0f; return Status::Ok();
    case Activation::kReluN1To1: *lo = -1.0f; *hi = 1.0f; return Status::Ok();
    default: break;
  }
  return ctx.Error(Format("fused activation %s is not supported", std::string(ActivationName(a)).c_str()));
}

void TypeRange(DType t, int32_t* lo, int32_t* hi) {
  switch (t) {
    case DType::kU8: *lo = 0; *hi = 255; return;
    case DType::kI16: *lo = -32768; *hi = 32767; return;
    default: *lo = -128; *hi = 127; return;
  }
}

Status QuantActivationRange(const OpContext& ctx, Activation a, const Tensor& out, int32_t* lo, int32_t* hi) {
  TypeRange(out.dtype, lo, hi);
  const float scale = out.quant.scale.empty() ? 1.0f : out.quant.scale[0];
  const int32_t zp = out.quant.zero_point.empty() ? 0 : static_cast<int32_t>(out.quant.zero_point[0]);
  // TFLM rounds limit / scale in float, half away from zero.
  auto q = [&](float f) { return zp + static_cast<int32_t>(std::round(f / scale)); };
  switch (a) {
    case Activation::kNone: return Status::Ok();
    case Activation::kRelu: *lo = std::max(*lo, q(0.0f)); return Status::Ok();
    case Activation::kRelu6: *lo = std::max(*lo, q(0.0f)); *hi = std::min(*hi, q(6.0f)); return Status::Ok();
    case Activation::kReluN1To1: *lo = std::max(*lo, q(-1.0f)); *hi = std::min(*hi, q(1.0f)); return Status::Ok();
    default: break;
  }
  return ctx.Error(Format("fused activation %s is not supported", std::string(ActivationName(a)).c_str()));
}

ChannelRequant PerChannelMultipliers(const Tensor& in, const Tensor& filter, const Tensor& out, int32_t channels) {
  ChannelRequant rq;
  rq.mult.resize(static_cast<size_t>(channels));
  rq.shift.resize(static_cast<size_t>(channels));
  for (int32_t c = 0; c < channels; ++c) {
    const float fs = filter.quant.per_axis() ? filter.quant.scale[static_cast<size_t>(c)] : filter.quant.scale[0];
    const double real = static_cast<double>(in.quant.scale[0]) * static_cast<double>(fs) /
                        static_cast<double>(out.quant.scale[0]);
    eb_quantize_multiplier(real, &rq.mult[static_cast<size_t>(c)], &rq.shift[static_cast<size_t>(c)]);
  }
  return rq;
}

Status CheckFilterQuant(const OpContext& ctx, const Tensor& filter, int32_t channels, int channel_axis) {
  const Quant& q = filter.quant;
  if (q.scale.empty()) return ctx.Error(Format("filter '%s' has no quantisation", filter.name.c_str()));
  if (q.per_axis() && (static_cast<int32_t>(q.scale.size()) != channels || q.axis != channel_axis)) {
    return ctx.Error(Format("filter '%s' has %zu scales along axis %d, expected %d along axis %d",
                            filter.name.c_str(), q.scale.size(), q.axis, channels, channel_axis));
  }
  for (int64_t zp : q.zero_point) {
    if (zp != 0) return ctx.Error(Format("filter '%s' has zero point %lld; int8 weights must be symmetric",
                                         filter.name.c_str(), static_cast<long long>(zp)));
  }
  return Status::Ok();
}

Status CheckBias(const OpContext& ctx, DType want, int32_t channels) {
  if (!ctx.has_input(2)) return Status::Ok();
  const Tensor& bias = ctx.input(2);
  EB_RETURN_IF_ERROR(ctx.ExpectType(bias, want, "bias"));
  if (bias.num_elements() != channels) {
    return ctx.Error(Format("bias '%s' has %lld elements, expected %d", bias.name.c_str(),
                            static_cast<long long>(bias.num_elements()), channels));
  }
  return Status::Ok();
}

Status CheckWeightedOpTypes(const OpContext& ctx, int32_t channels, int channel_axis) {
  const Tensor& in = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  if (in.dtype == DType::kF32) {
    EB_RETURN_IF_ERROR(ctx.ExpectType(filter, DType::kF32, "filter"));
    EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), DType::kF32, "output"));
    return CheckBias(ctx, DType::kF32, channels);
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(filter, DType::kI8, "filter"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), DType::kI8, "output"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(ctx.output(), "output"));
  EB_RETURN_IF_ERROR(CheckFilterQuant(ctx, filter, channels, channel_axis));
  return CheckBias(ctx, DType::kI32, channels);
}

int64_t NumElements(const std::vector<int32_t>& shape) {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;
  return n;
}

}  // namespace eb

namespace eb {

Status ExpectElementwise(const OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(1, 1, 1));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), ctx.input(0).dtype, "output"));
  return ctx.ExpectOutputShape(ctx.input(0).shape);
}

Status ExpectFixedOutputQuant(const OpContext& ctx, float scale, int32_t zero_point) {
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  if (std::fabs(out.quant.scale[0] - scale) > scale * 1e-3f || out.quant.zero_point[0] != zero_point) {
    return ctx.Error(Format("int8 output '%s' must have scale %g and zero point %d, found %g and %lld",
                            out.name.c_str(), static_cast<double>(scale), zero_point,
                            static_cast<double>(out.quant.scale[0]), static_cast<long long>(out.quant.zero_point[0])));
  }
  return Status::Ok();
}

}  // namespace eb
