#include "runtime/ops/broadcast_common.h"

#include "runtime/ops/op_util.h"

namespace eb {

Status PrepareBroadcast(const OpContext& ctx, eb_binary_params* p) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (a.shape.size() > EB_MAX_DIMS || b.shape.size() > EB_MAX_DIMS) {
    return ctx.Error(Format("inputs of rank above %d are not supported", EB_MAX_DIMS));
  }
  if (eb_binary_broadcast(p, static_cast<int>(a.shape.size()), a.shape.data(), static_cast<int>(b.shape.size()),
                          b.shape.data()) != 0) {
    return ctx.Error(Format("input shapes %s and %s do not broadcast", ShapeString(a.shape).c_str(),
                            ShapeString(b.shape).c_str()));
  }
  const std::vector<int32_t> want(p->out_dims, p->out_dims + p->rank);
  const Tensor& out = ctx.output();
  if (out.shape.empty() && NumElements(want) == 1) return Status::Ok();
  return ctx.ExpectOutputShape(want);
}

}  // namespace eb
