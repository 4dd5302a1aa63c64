// SOFTMAX prepare: over the last dimension; int8 output has the spec's fixed scale 1/256, zero point -128.
#include <memory>

#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "softmax.h"

namespace eb {

Status PrepareSoftmax(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ExpectElementwise(ctx));
  const Tensor& in = ctx.input(0);
  if (in.shape.empty() || in.shape.back() <= 0) return ctx.Error("the input needs a non-empty last dimension");
  auto st = std::make_shared<eb_softmax_params>();
  st->depth = in.shape.back();
  st->outer = static_cast<int32_t>(in.num_elements() / st->depth);
  st->beta = ctx.attrs().beta;
  if (in.dtype == DType::kF32) {
    const float* x = ctx.in<float>(0);
    float* y = ctx.out<float>();
    ctx.Emit([st, x, y] { eb_softmax_f32(st.get(), x, y); });
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ExpectFixedOutputQuant(ctx, 1.0f / 256.0f, -128));
  eb_softmax_s8_prepare(st.get(), static_cast<double>(ctx.attrs().beta), static_cast<double>(in.quant.scale[0]));
  const int8_t* x = ctx.in<int8_t>(0);
  int8_t* y = ctx.out<int8_t>();
  ctx.Emit([st, x, y] { eb_softmax_s8(st.get(), x, y); });
  return Status::Ok();
}

}  // namespace eb
