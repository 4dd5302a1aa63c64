#include "runtime/ops/reduce_common.h"

#include <algorithm>

#include "runtime/ops/view_common.h"

namespace eb {

Status ReduceGeometry(const OpContext& ctx, eb_mean_params* p) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& in = ctx.input(0);
  const int rank = static_cast<int>(in.shape.size());
  std::vector<int64_t> axes;
  EB_RETURN_IF_ERROR(ReadIntOperand(ctx, 1, "axis", &axes));
  std::vector<bool> reduce(static_cast<size_t>(rank), false);
  for (int64_t a : axes) {
    const int64_t d = a < 0 ? a + rank : a;
    if (d < 0 || d >= rank) return ctx.Error(Format("axis %lld is out of range for rank %d", static_cast<long long>(a), rank));
    reduce[static_cast<size_t>(d)] = true;
  }
  const auto first = std::find(reduce.begin(), reduce.end(), true) - reduce.begin();
  const auto last = reduce.rend() - std::find(reduce.rbegin(), reduce.rend(), true);
  if (axes.empty() || std::find(reduce.begin() + first, reduce.begin() + last, false) != reduce.begin() + last) {
    return ctx.Error(std::string(OpName(ctx.op().type)) + " over non-adjacent axes is not supported");
  }
  int64_t outer = 1, reduced = 1, inner = 1;
  std::vector<int32_t> want;
  for (int d = 0; d < rank; ++d) {
    const int32_t n = in.shape[static_cast<size_t>(d)];
    if (d < first) outer *= n; else if (d < last) reduced *= n; else inner *= n;
    if (!reduce[static_cast<size_t>(d)]) want.push_back(n);
    else if (ctx.attrs().keep_dims) want.push_back(1);
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), in.dtype, "output"));
  *p = eb_mean_params{static_cast<int32_t>(outer), static_cast<int32_t>(reduced), static_cast<int32_t>(inner), 0, 0, 0, 0};
  return Status::Ok();
}

}  // namespace eb
