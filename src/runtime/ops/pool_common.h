// Prepare shared by AVERAGE_POOL_2D and MAX_POOL_2D.
#pragma once

#include "pool.h"
#include "runtime/op_context.h"

namespace eb {

using PoolF32Kernel = Kernel<void(const eb_pool_params*, const float*, float*)>;
using PoolS8Kernel = Kernel<void(const eb_pool_params*, const int8_t*, int8_t*)>;

Status PreparePool(OpContext& ctx, PoolF32Kernel f32, PoolS8Kernel s8);

}  // namespace eb
