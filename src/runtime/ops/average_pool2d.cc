// AVERAGE_POOL_2D prepare: NHWC, SAME/VALID padding, float32 or int8.
#include "average_pool2d.h"
#include "runtime/ops/pool_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareAveragePool2D(OpContext& ctx) { return PreparePool(ctx, EB_KERNEL(eb_average_pool2d_f32), EB_KERNEL(eb_average_pool2d_s8)); }

}  // namespace eb
