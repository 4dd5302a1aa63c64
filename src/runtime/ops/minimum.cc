// MINIMUM prepare: broadcasting, raw-value comparison in any integer type or float32.
#include "minimum.h"
#include "runtime/ops/min_max_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareMinimum(OpContext& ctx) {
  return PrepareMinMax(ctx, {EB_KERNEL(eb_minimum_f32), EB_KERNEL(eb_minimum_s8), EB_KERNEL(eb_minimum_u8),
                             EB_KERNEL(eb_minimum_s16), EB_KERNEL(eb_minimum_s32), EB_KERNEL(eb_minimum_s64)});
}

}  // namespace eb
