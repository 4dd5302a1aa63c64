// RELU6 prepare: float32, or int8 clamping to [q(0), q(6)] (input and output share quantisation).
#include "relu6.h"
#include "runtime/ops/act_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_s8_x86.h"
#endif

namespace eb {
namespace {

#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_act_params> kF32Variants[] = {
    EB_X86_ROW(eb_act_params, relu6_f32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_act_params, relu6_f32_direct_avx2, kAvx2),
};
constexpr X86Variant<eb_act_params> kS8Variants[] = {
    EB_X86_ROW(eb_act_params, relu6_s8_direct_avx512, kAvx512),
    EB_X86_ROW(eb_act_params, relu6_s8_direct_avx2, kAvx2),
};
#else
constexpr ActVariants kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareRelu6(OpContext& ctx) {
  return PrepareActivation(ctx, EB_KERNEL(eb_relu6_f32), EB_KERNEL(eb_relu6_s8), [&](const Tensor& in, const Tensor& out, eb_act_params* p) {
    if (in.quant.scale != out.quant.scale || in.quant.zero_point != out.quant.zero_point) {
      return ctx.Error("int8 RELU6 needs equal input and output quantisation");
    }
    return QuantActivationRange(ctx, Activation::kRelu6, out, &p->q_min, &p->q_max);
  }, kF32Variants, kS8Variants);
}

}  // namespace eb
