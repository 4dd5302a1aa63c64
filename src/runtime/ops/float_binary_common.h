// Prepare shared by the float32-only broadcasting binary ops (POW, SQUARED_DIFFERENCE).
#pragma once

#include "binary.h"
#include "runtime/op_context.h"

namespace eb {

using FloatBinaryKernel = Kernel<void(const eb_binary_params*, const float*, const float*, float*)>;

// Validates shapes (numpy broadcasting) and float32 types, and emits the kernel.
Status PrepareFloatBinary(OpContext& ctx, FloatBinaryKernel f32);

}  // namespace eb
