// TRANSPOSE prepare: permutation given as a constant operand.
#include <memory>

#include "runtime/ops/registry.h"
#include "runtime/ops/view_common.h"
#include "runtime/x86_variant_table.h"
#include "transpose.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_s8_x86.h"
#endif

namespace eb {
namespace {

// Host variants by element size, best first (each declines permutations it does not speed up).
#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_transpose_params> kVariants[] = {
    EB_X86_ROW(eb_transpose_params, transpose_x32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_transpose_params, transpose_x32_direct_avx2, kAvx2),
    EB_X86_ROW(eb_transpose_params, transpose_x8_direct_avx512, kAvx512),
    EB_X86_ROW(eb_transpose_params, transpose_x8_direct_avx2, kAvx2),
};
#else
constexpr std::span<const X86Variant<eb_transpose_params>> kVariants;
#endif

}  // namespace

Status PrepareTranspose(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& in = ctx.input(0);
  const size_t rank = in.shape.size();
  if (rank == 0 || rank > EB_MAX_DIMS) return ctx.Error(Format("input rank %zu is not supported", rank));
  std::vector<int64_t> perm;
  EB_RETURN_IF_ERROR(ReadIntOperand(ctx, 1, "permutation", &perm));
  if (perm.size() != rank) return ctx.Error(Format("permutation has %zu entries, the input rank is %zu", perm.size(), rank));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), in.dtype, "output"));
  auto st = std::make_shared<eb_transpose_params>();
  st->rank = static_cast<int32_t>(rank);
  st->elem_size = static_cast<int32_t>(DTypeSize(in.dtype));
  std::vector<bool> seen(rank, false);
  std::vector<int32_t> want(rank);
  for (size_t d = 0; d < rank; ++d) {
    const int64_t p = perm[d];
    if (p < 0 || p >= static_cast<int64_t>(rank) || seen[static_cast<size_t>(p)]) {
      return ctx.Error("the permutation is not a permutation of the input's dimensions");
    }
    seen[static_cast<size_t>(p)] = true;
    st->in_dims[d] = in.shape[d];
    st->perm[d] = static_cast<int32_t>(p);
    want[d] = in.shape[static_cast<size_t>(p)];
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  if (TryX86(ctx, std::span(kVariants), *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) return Status::Ok();
  ctx.Call(EB_KERNEL(eb_transpose), *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
