#include "runtime/ops/float_binary_common.h"

#include "runtime/ops/op_util.h"

namespace eb {

Status PrepareFloatBinary(OpContext& ctx, FloatBinaryKernel f32) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (a.shape.size() > EB_MAX_DIMS || b.shape.size() > EB_MAX_DIMS) {
    return ctx.Error(Format("inputs of rank above %d are not supported", EB_MAX_DIMS));
  }
  eb_binary_params p{};
  if (eb_binary_broadcast(&p, static_cast<int>(a.shape.size()), a.shape.data(), static_cast<int>(b.shape.size()),
                          b.shape.data()) != 0) {
    return ctx.Error(Format("input shapes %s and %s do not broadcast", ShapeString(a.shape).c_str(),
                            ShapeString(b.shape).c_str()));
  }
  std::vector<int32_t> want(p.out_dims, p.out_dims + p.rank);
  if (!(ctx.output().shape.empty() && NumElements(want) == 1)) EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  if (a.dtype != DType::kF32) {
    return ctx.Error(Format("input type %s is not supported (float32 only)", std::string(DTypeName(a.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(b, DType::kF32, "second input"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), DType::kF32, "output"));
  ctx.Call(f32, p, {ctx.In(0), ctx.In(1), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
