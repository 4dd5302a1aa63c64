// CONV_2D prepare: NHWC input, OHWI filter, optional bias; float32 or int8 (per-channel weights).
#include <memory>
#include <vector>

#include "conv2d.h"
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "runtime/x86_variant_table.h"
#ifdef EB_HAVE_X86_KERNELS
#include "gemm_f32_x86.h"
#include "gemm_s8_x86.h"
#endif

namespace eb {
namespace {

// Host variants, best first; the MCU kernels below take whatever none of them does.
#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_conv_params> kF32Variants[] = {
    EB_X86_ROW(eb_conv_params, conv2d_f32_gemm_avx512, kAvx512),
    EB_X86_ROW(eb_conv_params, conv2d_f32_gemm_avx2, kAvx2),
};
constexpr X86Variant<eb_conv_params> kS8Variants[] = {
    EB_X86_ROW(eb_conv_params, conv2d_s8_gemm_avx512vnni, kAvx512Vnni),
    EB_X86_ROW(eb_conv_params, conv2d_s8_gemm_avx512, kAvx512),
    EB_X86_ROW(eb_conv_params, conv2d_s8_gemm_avx2, kAvx2),
};
#else
constexpr std::span<const X86Variant<eb_conv_params>> kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareConv2D(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 3, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  EB_RETURN_IF_ERROR(ctx.ExpectRank(in, 4, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(filter, 4, "filter"));
  const int32_t out_c = filter.shape[0];
  if (filter.shape[3] != in.shape[3]) {
    return ctx.Error(Format("filter '%s' %s expects %d input channels, the input has %d (grouped convolution "
                            "is not supported)", filter.name.c_str(), ShapeString(filter.shape).c_str(),
                            filter.shape[3], in.shape[3]));
  }
  // Types first: the geometry reads zero points that only a checked int8 tensor is sure to have.
  EB_RETURN_IF_ERROR(CheckWeightedOpTypes(ctx, out_c, 0));
  auto st = std::make_shared<eb_conv_params>();
  EB_RETURN_IF_ERROR(PrepareConvGeometry(ctx, filter.shape[1], filter.shape[2], out_c, st.get()));
  const void* bias = ctx.has_input(2) ? ctx.input(2).data.data() : nullptr;
  if (in.dtype == DType::kF32) {
    if (HasConstantWeights(ctx) &&
        TryX86(ctx, std::span(kF32Variants), *st,
                               {.filter = filter.data.data(), .bias = bias, .in = ctx.in<void>(0), .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(EB_KERNEL(eb_conv2d_f32), *st, {ctx.In(0), ctx.In(1), ctx.In(2), ctx.Out()});
    return Status::Ok();
  }
  const ChannelRequant rq = PerChannelMultipliers(in, filter, ctx.output(), out_c);
  if (HasConstantWeights(ctx) &&
      TryX86(ctx, std::span(kS8Variants), *st,
                             {.filter = filter.data.data(), .bias = bias, .mult = rq.mult.data(),
                              .shift = rq.shift.data(), .in = ctx.in<void>(0), .out = ctx.out<void>()})) {
    return Status::Ok();
  }
  if (HasConstantData(filter) && eb_conv2d_wino_applies(st.get())) {
    // 3x3 stride 1: Winograd F(2x2, 3x3) with the filter transformed here into a prepare-time array, which
    // replaces the filter in the call (2.25 times fewer multiplications, exact; the firmware's flash holds
    // the transformed filter only).
    std::vector<int16_t> u(static_cast<size_t>(eb_conv2d_wino_filter_len(st.get())));
    eb_conv2d_s8_wino_filter(st.get(), filter.as<int8_t>(), u.data());
    ctx.Call(EB_KERNEL(eb_conv2d_s8_wino), *st,
             {ctx.In(0), CallArg::Const(u), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
    return Status::Ok();
  }
  const bool consts = HasConstantWeights(ctx);
  // The 16-bit-filter kernels (conv2d_w16.c): the filter widened and the requantisation constants gathered
  // per channel pair, in place of the originals (twice the filter's flash). False when `prepare` declines.
  using W16Prepare = int (*)(const eb_conv_params*, const int8_t*, const int32_t*, const int32_t*, const int32_t*,
                             int16_t*, int32_t*);
  auto call_w16 = [&](W16Prepare prepare, Kernel<decltype(eb_conv2d_s8_g16)> kernel) {
    std::vector<int16_t> wf(static_cast<size_t>(eb_conv2d_w16_filter_len(st.get())));
    std::vector<int32_t> table(static_cast<size_t>(out_c) * 4 + 2);
    if (!prepare(st.get(), filter.as<int8_t>(), ctx.has_input(2) ? ctx.input(2).as<int32_t>() : nullptr,
                 rq.mult.data(), rq.shift.data(), wf.data(), table.data())) {
      return false;
    }
    ctx.Call(kernel, *st, {ctx.In(0), CallArg::Const(wf), CallArg::Const(table), ctx.Out()});
    return true;
  };
  // Pointwise: the 16-bit kernel first, else the int8 filter interleaved by channel pair for the SMLAD loop
  // (the same bytes, in its place).
  if (consts && eb_conv2d_pw_applies(st.get()) && call_w16(eb_conv2d_pw16_prepare, EB_KERNEL(eb_conv2d_s8_pw16))) {
    return Status::Ok();
  }
  if (HasConstantData(filter) && eb_conv2d_pw_applies(st.get())) {
    std::vector<int8_t> fp(filter.data.size());
    eb_conv2d_s8_pw_filter(st.get(), filter.as<int8_t>(), fp.data());
    ctx.Call(EB_KERNEL(eb_conv2d_s8_pw), *st,
             {ctx.In(0), CallArg::Const(fp), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
    return Status::Ok();
  }
  // Any other shape: the same 16-bit loop on patches gathered in the filter's order.
  if (consts && call_w16(eb_conv2d_g16_prepare, EB_KERNEL(eb_conv2d_s8_g16))) return Status::Ok();
  ctx.Call(EB_KERNEL(eb_conv2d_s8), *st,
           {ctx.In(0), ctx.In(1), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
