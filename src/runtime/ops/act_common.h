// Prepare shared by the element-wise activations (LOGISTIC, TANH, HARD_SWISH, RELU, RELU6).
#pragma once

#include <functional>

#include "activation.h"
#include "runtime/op_context.h"
#include "runtime/x86_variant_table.h"

namespace eb {

using ActF32Kernel = Kernel<void(const eb_act_params*, const float*, float*)>;
using ActS8Kernel = Kernel<void(const eb_act_params*, const int8_t*, int8_t*)>;

// Checks shapes and types; for int8, `fill` computes the kernel parameters from the input and output
// tensors. Emits the float32 or int8 kernel.
// `f32_x86` / `s8_x86`: host variants, best first.
using ActVariants = std::span<const X86Variant<eb_act_params>>;
Status PrepareActivation(OpContext& ctx, ActF32Kernel f32, ActS8Kernel s8,
                         const std::function<Status(const Tensor& in, const Tensor& out, eb_act_params*)>& fill,
                         ActVariants f32_x86 = {}, ActVariants s8_x86 = {});

// The float32-only element-wise math ops (SQRT, RSQRT, LOG, EXP): same shape and type out.
Status PrepareFloatUnary(OpContext& ctx, ActF32Kernel f32);

}  // namespace eb
