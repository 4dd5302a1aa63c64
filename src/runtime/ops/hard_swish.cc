// HARD_SWISH prepare: x * relu6(x + 3) / 6, float32 or int8.
#include "hard_swish.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareHardSwish(OpContext& ctx) {
  return PrepareActivation(ctx, EB_KERNEL(eb_hard_swish_f32), EB_KERNEL(eb_hard_swish_s8),
                           [&](const Tensor& in, const Tensor& out, eb_act_params* p) {
                             eb_hard_swish_s8_prepare(p, in.quant.scale[0], p->in_zp, out.quant.scale[0], p->out_zp);
                             // TFLM rejects an output rescale above 1; its fixed-point scheme cannot express it.
                             if (p->output_exp > 0) {
                               return ctx.Error("int8 HARD_SWISH needs an output scale of at least input scale / 128");
                             }
                             return Status::Ok();
                           });
}

}  // namespace eb
