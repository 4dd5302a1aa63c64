// DEPTHWISE_CONV_2D prepare: NHWC input, 1HWO filter (O = in_c * multiplier), float32, int8 or int16x8.
#include <memory>

#include "depthwise_conv2d.h"
#include "depthwise_conv2d_s16.h"
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "runtime/mcu_variant_table.h"
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


// MCU variants, best first, for whatever the host variants do not take (cortex-m4, c, and the host without SIMD).
using DwRow = McuVariant<eb_conv_params>;

// The packed weight words of the plane and row kernels and the channels' table: every channel must have one.
template <void (*Weights)(const eb_conv_params*, const int8_t*, int32_t*), int kWords>
std::vector<CallArg> PackWords(const OpContext&, const eb_conv_params& p, const McuWeights& w) {
  std::vector<int32_t> words(static_cast<size_t>(p.in_c) * kWords);
  Weights(&p, w.filter->as<int8_t>(), words.data());
  return {CallArg::Const(words), CallArg::Const(ConvRqTable(p, w))};
}
std::vector<CallArg> PackRef(const OpContext& ctx, const eb_conv_params&, const McuWeights& w) {
  return {ctx.In(1), ctx.In(2), CallArg::Const(w.rq->mult), CallArg::Const(w.rq->shift)};
}
int64_t RefBytes(const eb_conv_params& p, const McuWeights& w) {
  return TensorBytes(w.filter) + TensorBytes(w.bias) + int64_t{8} * p.out_c;
}
int64_t NoScratch(const eb_conv_params&) { return 0; }

constexpr DwRow kS8McuVariants[] = {
    // 3x3 on one channel's 16-bit plane at a time (small images): 6 weight words per channel.
    {"eb_depthwise_conv2d_s8_plane", true, false, 2.6, 1580,
     [](const eb_conv_params& p, const McuWeights& w) {
       return w.constant && eb_depthwise_plane_applies(&p) && HasConvRqTable(p, w);
     },
     PackWords<eb_depthwise_plane_weights, 6>,
     [](const eb_conv_params& p) { return int64_t{eb_depthwise_plane_scratch_bytes(&p)}; },
     [](const eb_conv_params& p, const McuWeights&) { return int64_t{(6 + 4) * 4} * p.in_c; },
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s8_plane), p, {ctx.In(0), a[0], a[1], scratch, ctx.Out()});
     }},
    // 3x3 stride 1 over per-channel rows (a ring of transposed input rows): 5 weight words per channel.
    {"eb_depthwise_conv2d_s8_rows", true, false, 2.6, 900,
     [](const eb_conv_params& p, const McuWeights& w) {
       return w.constant && eb_depthwise_rows_applies(&p) && HasConvRqTable(p, w);
     },
     PackWords<eb_depthwise_rows_weights, 5>,
     [](const eb_conv_params& p) { return int64_t{eb_depthwise_rows_scratch_bytes(&p)}; },
     [](const eb_conv_params& p, const McuWeights&) { return int64_t{(5 + 4) * 4} * p.in_c; },
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s8_rows), p, {ctx.In(0), a[0], a[1], scratch, ctx.Out()});
     }},
    // Depth multiplier 1 in NHWC, four channels per word of the int8 filter.
    {"eb_depthwise_conv2d_s8_dsp", true, true, 3.6, 4370,
     [](const eb_conv_params& p, const McuWeights&) { return p.depth_multiplier == 1; },
     [](const OpContext& ctx, const eb_conv_params& p, const McuWeights& w) {
       std::vector<CallArg> a = {ctx.In(1)};
       for (CallArg& r : ConvRequantArgs(ctx, p, w)) a.push_back(std::move(r));
       return a;
     },
     [](const eb_conv_params& p) { return int64_t{eb_depthwise_dsp_scratch_bytes(&p)}; },
     [](const eb_conv_params& p, const McuWeights& w) { return TensorBytes(w.filter) + ConvRequantBytes(p, w); },
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s8_dsp), p,
                {ctx.In(0), a[0], a[1], a[2], a[3], a[4], scratch, ctx.Out()});
     }},
    // Depth multipliers of 4k: one input value against a word of four filters.
    {"eb_depthwise_conv2d_s8_dsp_m4", true, true, 3.0, 500,
     [](const eb_conv_params& p, const McuWeights&) { return eb_depthwise_dsp_m4_applies(&p) != 0; }, PackRef,
     NoScratch, RefBytes,
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg&) {
       ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s8_dsp_m4), p, {ctx.In(0), a[0], a[1], a[2], a[3], ctx.Out()});
     }},
    {"eb_depthwise_conv2d_s8", false, true, 12.0, 450,
     [](const eb_conv_params&, const McuWeights&) { return true; }, PackRef, NoScratch, RefBytes,
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg&) {
       ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s8), p, {ctx.In(0), a[0], a[1], a[2], a[3], ctx.Out()});
     }},
};

// int16x8: the portable kernel on every target; TFLM's int16 depthwise reads only an int64 bias.
Status PrepareDepthwiseConv2DInt16(OpContext& ctx, int32_t out_c) {
  const Tensor& filter = ctx.input(1);
  EB_RETURN_IF_ERROR(CheckInt16x8Types(ctx, out_c, 3, {DType::kI64}));
  eb_conv_params p;
  EB_RETURN_IF_ERROR(PrepareConvGeometry(ctx, filter.shape[1], filter.shape[2], out_c, &p));
  p.depth_multiplier = out_c / ctx.input(0).shape[3];
  const ChannelRequant rq = PerChannelMultipliers(ctx.input(0), filter, ctx.output(), out_c);
  EB_RETURN_IF_ERROR(CheckS64Requant(ctx, rq));
  ctx.Call(EB_KERNEL(eb_depthwise_conv2d_s16), p,
           {ctx.In(0), ctx.In(1), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
  return Status::Ok();
}

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
  if (in.dtype == DType::kI16) return PrepareDepthwiseConv2DInt16(ctx, out_c);
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
  const McuWeights w{&filter, ctx.has_input(2) ? &ctx.input(2) : nullptr, &rq, consts};
  EmitMcuVariant(ctx, std::span<const DwRow>(kS8McuVariants), *st, w, ConvMacs(*st, true));
  return Status::Ok();
}

}  // namespace eb
