// Prepare shared by AVERAGE_POOL_2D and MAX_POOL_2D.
#pragma once

#include "pool.h"
#include "runtime/op_context.h"
#include "runtime/x86_variant_table.h"

namespace eb {

using PoolF32Kernel = Kernel<void(const eb_pool_params*, const float*, float*)>;
using PoolS8Kernel = Kernel<void(const eb_pool_params*, const int8_t*, int8_t*)>;

using PoolVariants = std::span<const X86Variant<eb_pool_params>>;

// Validates the op and emits the first host variant of `f32_x86` / `s8_x86` that applies, else the kernel.
Status PreparePool(OpContext& ctx, PoolF32Kernel f32, PoolS8Kernel s8, PoolVariants f32_x86 = {},
                   PoolVariants s8_x86 = {});

}  // namespace eb
