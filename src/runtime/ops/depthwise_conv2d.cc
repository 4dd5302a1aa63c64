// DEPTHWISE_CONV_2D prepare: NHWC input, 1HWO filter (O = in_c * multiplier), float32 or int8.
#include <memory>

#include "depthwise_conv2d.h"
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "runtime/x86_variant_table.h"
#ifdef EB_HAVE_X86_KERNELS
#include "depthwise_x86.h"
#endif

namespace eb {
namespace {

// Host variants, best first (the portable kernels below take whatever none of them does).
#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_conv_params> kF32Variants[] = {
    EB_X86_ROW(eb_conv_params, depthwise_conv2d_f32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_conv_params, depthwise_conv2d_f32_direct_avx2, kAvx2),
};
constexpr X86Variant<eb_conv_params> kS8Variants[] = {
    EB_X86_ROW(eb_conv_params, depthwise_conv2d_s8_3x3_avx512vnni, kAvx512Vnni),
    EB_X86_ROW(eb_conv_params, depthwise_conv2d_s8_direct_avx512, kAvx512),
    EB_X86_ROW(eb_conv_params, depthwise_conv2d_s8_direct_avx2, kAvx2),
};
#else
constexpr std::span<const X86Variant<eb_conv_params>> kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareDepthwiseConv2D(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 3, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  EB_RETURN_IF_ERROR(ctx.ExpectRank(in, 4, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(filter, 4, "filter"));
  const int32_t out_c = filter.shape[3];
  // The multiplier follows from the shapes; the option is only cross-checked, since some converters
  // wrote it inconsistently.
  if (filter.shape[0] != 1 || in.shape[3] == 0 || out_c % in.shape[3] != 0) {
    return ctx.Error(Format("filter '%s' %s does not fit an input with %d channels", filter.name.c_str(),
                            ShapeString(filter.shape).c_str(), in.shape[3]));
  }
  // Types first: the geometry reads zero points that only a checked int8 tensor is sure to have.
  EB_RETURN_IF_ERROR(CheckWeightedOpTypes(ctx, out_c, 3));
  auto st = std::make_shared<eb_conv_params>();
  EB_RETURN_IF_ERROR(PrepareConvGeometry(ctx, filter.shape[1], filter.shape[2], out_c, st.get()));
  st->depth_multiplier = out_c / in.shape[3];
  const bool consts = HasConstantWeights(ctx);
  const void* bias = ctx.has_input(2) ? ctx.input(2).data.data() : nullptr;
  if (in.dtype == DType::kF32) {
    if (consts && TryX86(ctx, std::span(kF32Variants), *st,
                                         {.filter = filter.data.data(), .bias = bias, .in = ctx.in<void>(0), .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(EB_KERNEL(eb_depthwise_conv2d_f32), *st, {ctx.In(0), ctx.In(1), ctx.In(2), ctx.Out()});
    return Status::Ok();
  }
  const ChannelRequant rq = PerChannelMultipliers(in, filter, ctx.output(), out_c);
  if (consts && TryX86(ctx, std::span(kS8Variants), *st,
                                       {.filter = filter.data.data(), .bias = bias, .mult = rq.mult.data(),
                                        .shift = rq.shift.data(), .in = ctx.in<void>(0), .out = ctx.out<void>()})) {
    return Status::Ok();
  }
  ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s8), *st,
           {ctx.In(0), ctx.In(1), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
