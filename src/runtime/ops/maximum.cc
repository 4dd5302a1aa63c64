// MAXIMUM prepare: broadcasting, raw-value comparison in any integer type or float32.
#include "maximum.h"
#include "runtime/ops/min_max_common.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareMaximum(OpContext& ctx) {
  return PrepareMinMax(ctx, {EB_KERNEL(eb_maximum_f32), EB_KERNEL(eb_maximum_s8), EB_KERNEL(eb_maximum_u8),
                             EB_KERNEL(eb_maximum_s16), EB_KERNEL(eb_maximum_s32), EB_KERNEL(eb_maximum_s64)});
}

}  // namespace eb
