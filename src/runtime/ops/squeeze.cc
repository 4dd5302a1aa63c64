// SQUEEZE prepare: drops size-1 dimensions; a pure view.
#include "runtime/ops/registry.h"
#include "runtime/ops/view_common.h"

namespace eb {

Status PrepareSqueeze(OpContext& ctx) { return PrepareView(ctx, 1, 1); }

}  // namespace eb
