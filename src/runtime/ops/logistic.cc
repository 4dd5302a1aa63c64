// LOGISTIC prepare: float32, or int8 with the spec's output scale 1/256 and zero point -128.
#include "logistic.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareLogistic(OpContext& ctx) {
  return PrepareActivation(ctx, EB_KERNEL(eb_logistic_f32), EB_KERNEL(eb_logistic_s8),
                           [&](const Tensor& in, const Tensor&, eb_act_params* p) {
                             EB_RETURN_IF_ERROR(ExpectFixedOutputQuant(ctx, 1.0f / 256.0f, -128));
                             eb_logistic_s8_prepare(p, in.quant.scale[0], p->in_zp);
                             return Status::Ok();
                           });
}

}  // namespace eb
