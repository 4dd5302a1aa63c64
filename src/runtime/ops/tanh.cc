// TANH prepare: float32, or int8 with the spec's output scale 1/128 and zero point 0.
#include "runtime/ops/act_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "tanh.h"

namespace eb {

Status PrepareTanh(OpContext& ctx) {
  return PrepareActivation(ctx, EB_KERNEL(eb_tanh_f32), EB_KERNEL(eb_tanh_s8), [&](const Tensor& in, const Tensor&, eb_act_params* p) {
    EB_RETURN_IF_ERROR(ExpectFixedOutputQuant(ctx, 1.0f / 128.0f, 0));
    eb_tanh_s8_prepare(p, in.quant.scale[0], p->in_zp);
    return Status::Ok();
  });
}

}  // namespace eb
