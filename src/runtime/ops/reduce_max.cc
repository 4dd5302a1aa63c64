// REDUCE_MAX prepare: float32 over a contiguous run of axes, keep_dims or not.
#include "reduce_max.h"
#include "runtime/ops/reduce_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareReduceMax(OpContext& ctx) {
  eb_mean_params p{};
  EB_RETURN_IF_ERROR(ReduceGeometry(ctx, &p));
  const DType t = ctx.input(0).dtype;
  if (t != DType::kF32) {
    return ctx.Error(Format("input type %s is not supported (float32 only)", std::string(DTypeName(t)).c_str()));
  }
  ctx.Call(EB_KERNEL(eb_reduce_max_f32), p, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
