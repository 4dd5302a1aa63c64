// RELU prepare: float32, or int8 with requantisation from the input to the output scale.
#include "quant.h"
#include "relu.h"
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
    EB_X86_ROW(eb_act_params, relu_f32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_act_params, relu_f32_direct_avx2, kAvx2),
};
constexpr X86Variant<eb_act_params> kS8Variants[] = {
    EB_X86_ROW(eb_act_params, relu_s8_direct_avx512, kAvx512),
    EB_X86_ROW(eb_act_params, relu_s8_direct_avx2, kAvx2),
};
#else
constexpr ActVariants kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareRelu(OpContext& ctx) {
  return PrepareActivation(ctx, EB_KERNEL(eb_relu_f32), EB_KERNEL(eb_relu_s8), [&](const Tensor& in, const Tensor& out, eb_act_params* p) {
    eb_quantize_multiplier(static_cast<double>(in.quant.scale[0]) / static_cast<double>(out.quant.scale[0]),
                           &p->in_mult, &p->in_left_shift);
    return QuantActivationRange(ctx, Activation::kRelu, out, &p->q_min, &p->q_max);
  }, kF32Variants, kS8Variants);
}

}  // namespace eb
