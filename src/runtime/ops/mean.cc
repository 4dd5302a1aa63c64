// MEAN prepare: reduces a contiguous run of axes (e.g. H and W of NHWC), keep_dims or not; float32, int8, int16.
#include <memory>

#include "mean.h"
#include "runtime/ops/registry.h"
#include "runtime/ops/reduce_common.h"
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
  auto st = std::make_shared<eb_mean_params>();
  EB_RETURN_IF_ERROR(ReduceGeometry(ctx, st.get()));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  if (in.dtype == DType::kF32) {
    if (TryX86(ctx, std::span(kF32Variants), *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(EB_KERNEL(eb_mean_f32), *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8 && in.dtype != DType::kI16) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(out, "output"));
  st->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  st->out_zp = static_cast<int32_t>(out.quant.zero_point[0]);
  eb_mean_prepare_quant(st.get(), static_cast<double>(in.quant.scale[0]), static_cast<double>(out.quant.scale[0]));
  if (in.dtype == DType::kI16) {
    ctx.Call(EB_KERNEL(eb_mean_s16), *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (TryX86(ctx, std::span(kS8Variants), *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) {
    return Status::Ok();
  }
  ctx.Call(EB_KERNEL(eb_mean_s8), *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
