// Prepare shared by the element-wise activations (LOGISTIC, TANH, HARD_SWISH, RELU, RELU6).
#pragma once

#include <functional>

#include "activation.h"
#include "runtime/op_context.h"

namespace eb {

using ActF32Kernel = Kernel<void(const eb_act_params*, const float*, float*)>;
using ActS8Kernel = Kernel<void(const eb_act_params*, const int8_t*, int8_t*)>;

// Checks shapes and types; for int8, `fill` computes the kernel parameters from the input and output
// tensors. Emits the float32 or int8 kernel.
Status PrepareActivation(OpContext& ctx, ActF32Kernel f32, ActS8Kernel s8,
                         const std::function<Status(const Tensor& in, const Tensor& out, eb_act_params*)>& fill);

}  // namespace eb
