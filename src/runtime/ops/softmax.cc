// SOFTMAX prepare: over the last dimension; int8 output has the spec's fixed scale 1/256, zero point -128.
#include <memory>
#include <vector>

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
    ctx.Call(EB_KERNEL(eb_softmax_f32), *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ExpectFixedOutputQuant(ctx, 1.0f / 256.0f, -128));
  eb_softmax_s8_prepare(st.get(), static_cast<double>(ctx.attrs().beta), static_cast<double>(in.quant.scale[0]));
  std::vector<int32_t> table(EB_SOFTMAX_S8_TABLE_SIZE);
  eb_softmax_s8_exp_table(st.get(), table.data());
  ctx.Call(EB_KERNEL(eb_softmax_s8), *st, {CallArg::Const(table), ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
