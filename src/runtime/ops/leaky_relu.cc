// LEAKY_RELU prepare: float32, or int8/int16 with TFLM's two requantisation multipliers.
#include "leaky_relu.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareLeakyRelu(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ExpectElementwise(ctx));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  eb_leaky_relu_params p{};
  p.count = static_cast<int32_t>(in.num_elements());
  p.alpha = ctx.attrs().alpha;
  if (in.dtype == DType::kF32) {
    ctx.Call(EB_KERNEL(eb_leaky_relu_f32), p, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8 && in.dtype != DType::kI16) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  p.in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  p.out_zp = static_cast<int32_t>(out.quant.zero_point[0]);
  eb_leaky_relu_prepare(&p, in.quant.scale[0], out.quant.scale[0], p.alpha);
  if (in.dtype == DType::kI8) {
    ctx.Call(EB_KERNEL(eb_leaky_relu_s8), p, {ctx.In(0), ctx.Out()});
  } else {
    ctx.Call(EB_KERNEL(eb_leaky_relu_s16), p, {ctx.In(0), ctx.Out()});
  }
  return Status::Ok();
}

}  // namespace eb
