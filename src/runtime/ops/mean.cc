// MEAN prepare: reduces a contiguous run of axes (e.g. H and W of NHWC), keep_dims or not.
#include <algorithm>
#include <memory>

#include "mean.h"
#include "quant.h"
#include "runtime/ops/registry.h"
#include "runtime/ops/view_common.h"
#include "runtime/x86_variant_table.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_s8_x86.h"
#include "elementwise_x86.h"
#endif

namespace eb {
namespace {

#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_mean_params> kF32Variants[] = {
    EB_X86_ROW(eb_mean_params, mean_f32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_mean_params, mean_f32_direct_avx2, kAvx2),
};
constexpr X86Variant<eb_mean_params> kS8Variants[] = {
    EB_X86_ROW(eb_mean_params, mean_s8_direct_avx512, kAvx512),
    EB_X86_ROW(eb_mean_params, mean_s8_direct_avx2, kAvx2),
};
#else
constexpr std::span<const X86Variant<eb_mean_params>> kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareMean(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
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
    return ctx.Error("MEAN over non-adjacent axes is not supported");
  }
  auto st = std::make_shared<eb_mean_params>();
  int64_t outer = 1, reduced = 1, inner = 1;
  std::vector<int32_t> want;
  for (int d = 0; d < rank; ++d) {
    const int32_t n = in.shape[static_cast<size_t>(d)];
    if (d < first) outer *= n; else if (d < last) reduced *= n; else inner *= n;
    if (!reduce[static_cast<size_t>(d)]) want.push_back(n);
    else if (ctx.attrs().keep_dims) want.push_back(1);
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, in.dtype, "output"));
  *st = eb_mean_params{static_cast<int32_t>(outer), static_cast<int32_t>(reduced), static_cast<int32_t>(inner), 0, 0, 0, 0};
  if (in.dtype == DType::kF32) {
    if (TryX86(ctx, std::span(kF32Variants), *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(EB_KERNEL(eb_mean_f32), *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  // TFLM's integer Mean (which this kernel reproduces) covers 4-D inputs reduced over H and W with
  // keep_dims; its other int8 paths round differently, so we refuse them rather than differ silently.
  if (rank != 4 || first != 1 || last != 3 || !ctx.attrs().keep_dims) {
    return ctx.Error("int8 MEAN is supported over axes 1 and 2 of a 4-D input with keep_dims only");
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  st->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  st->out_zp = static_cast<int32_t>(out.quant.zero_point[0]);
  eb_quantize_multiplier(static_cast<double>(in.quant.scale[0]) / static_cast<double>(out.quant.scale[0]),
                         &st->mult, &st->shift);
  if (TryX86(ctx, std::span(kS8Variants), *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) {
    return Status::Ok();
  }
  ctx.Call(EB_KERNEL(eb_mean_s8), *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
