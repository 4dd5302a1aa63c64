// CONV_2D prepare: NHWC input, OHWI filter, optional bias; float32, int8 or int16x8 (per-channel int8 weights).
#include <memory>
#include <vector>

#include "conv2d.h"
#include "conv2d_s16.h"
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "runtime/mcu_variant_table.h"
#include "runtime/x86_variant_table.h"
#ifdef EB_HAVE_X86_KERNELS
#include "conv2d_f32_igemm_x86.h"
#include "gemm_f32_x86.h"
#include "gemm_s8_x86.h"
#endif

namespace eb {
namespace {

// Host variants, best first; the MCU kernels below take whatever none of them does.
#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_conv_params> kF32Variants[] = {
    // Layers the GEMM would gather with im2col: read in place through per-pixel tap offsets instead.
    EB_X86_ROW(eb_conv_params, conv2d_f32_igemm_avx512, kAvx512),
    EB_X86_ROW(eb_conv_params, conv2d_f32_gemm_avx512, kAvx512),
    EB_X86_ROW(eb_conv_params, conv2d_f32_igemm_avx2, kAvx2),
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


// MCU variants, best first, for whatever the host variants do not take (cortex-m4, c, and the host without SIMD).
// Cycles per multiply-accumulate: emulated Cortex-M4 (mcu_select.h).
using ConvRow = McuVariant<eb_conv_params>;

// The widened filter and the channel-pair table with its 2 words of padding.
int64_t W16Bytes(const eb_conv_params& p, const McuWeights&) {
  return int64_t{2} * eb_conv2d_w16_filter_len(&p) + (int64_t{4} * p.out_c + 2) * 4;
}

// The 16-bit-filter kernels' constants: the widened filter and the channel-pair table (conv2d_w16.c).
template <int (*Prepare)(const eb_conv_params*, const int8_t*, const int32_t*, const int32_t*, const int32_t*,
                         int16_t*, int32_t*)>
std::vector<CallArg> PackW16(const OpContext&, const eb_conv_params& p, const McuWeights& w) {
  std::vector<int16_t> wf(static_cast<size_t>(eb_conv2d_w16_filter_len(&p)));
  std::vector<int32_t> table(static_cast<size_t>(p.out_c) * 4 + 2);
  Prepare(&p, w.filter->as<int8_t>(), w.bias_data(), w.rq->mult.data(), w.rq->shift.data(), wf.data(), table.data());
  return {CallArg::Const(wf), CallArg::Const(table)};
}

// The reference's arguments: filter, bias, multipliers, shifts.
std::vector<CallArg> PackRef(const OpContext& ctx, const eb_conv_params&, const McuWeights& w) {
  return {ctx.In(1), ctx.In(2), CallArg::Const(w.rq->mult), CallArg::Const(w.rq->shift)};
}
int64_t RefBytes(const eb_conv_params& p, const McuWeights& w) {
  return TensorBytes(w.filter) + TensorBytes(w.bias) + int64_t{8} * p.out_c;
}
bool Always(const eb_conv_params&, const McuWeights&) { return true; }
int64_t NoScratch(const eb_conv_params&) { return 0; }

constexpr ConvRow kS8McuVariants[] = {
    // 3x3 stride 1: Winograd F(2x2, 3x3), 2.25 times fewer multiplications, exact; the flash holds the
    // transformed filter (3.6 times the bytes) in place of the filter.
    {"eb_conv2d_s8_wino", false, false, 0.62, 5520,
     [](const eb_conv_params& p, const McuWeights& w) { return w.constant && eb_conv2d_wino_applies(&p) != 0; },
     [](const OpContext& ctx, const eb_conv_params& p, const McuWeights& w) {
       std::vector<int16_t> u(static_cast<size_t>(eb_conv2d_wino_filter_len(&p)));
       eb_conv2d_s8_wino_filter(&p, w.filter->as<int8_t>(), u.data());
       std::vector<CallArg> a = {CallArg::Const(u)};
       for (CallArg& r : ConvRequantArgs(ctx, p, w)) a.push_back(std::move(r));
       return a;
     },
     [](const eb_conv_params& p) { return int64_t{eb_conv2d_wino_scratch_bytes(&p)}; },
     [](const eb_conv_params& p, const McuWeights& w) {
       return int64_t{2} * eb_conv2d_wino_filter_len(&p) + ConvRequantBytes(p, w);
     },
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8_wino), p, {ctx.In(0), a[0], a[1], a[2], a[3], a[4], scratch, ctx.Out()});
     }},
    // Pointwise, 16-bit filter: three pixels x two channels per SMLAD pass (twice the filter's flash).
    {"eb_conv2d_s8_pw16", false, false, 1.05, 340,
     [](const eb_conv_params& p, const McuWeights& w) {
       return w.constant && eb_conv2d_pw16_applies(&p) && HasConvRqTable(p, w);
     },
     PackW16<eb_conv2d_pw16_prepare>, [](const eb_conv_params& p) { return int64_t{eb_conv2d_pw16_scratch_bytes(&p)}; },
     W16Bytes,
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8_pw16), p, {ctx.In(0), a[0], a[1], scratch, ctx.Out()});
     }},
    // Pointwise, the int8 filter interleaved by channel pair (the same bytes) for the SMLAD loop.
    {"eb_conv2d_s8_pw", false, true, 1.3, 5290,
     [](const eb_conv_params& p, const McuWeights& w) {
       return w.constant && eb_conv2d_pw_applies(&p) && HasConvRqTable(p, w);
     },
     [](const OpContext&, const eb_conv_params& p, const McuWeights& w) {
       std::vector<int8_t> fp(w.filter->data.size());
       eb_conv2d_s8_pw_filter(&p, w.filter->as<int8_t>(), fp.data());
       return std::vector<CallArg>{CallArg::Const(fp), CallArg::Const(ConvRqTable(p, w))};
     },
     [](const eb_conv_params& p) { return int64_t{eb_conv2d_pw_scratch_bytes(&p)}; },
     [](const eb_conv_params& p, const McuWeights& w) { return TensorBytes(w.filter) + int64_t{16} * p.out_c; },
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8_pw), p, {ctx.In(0), a[0], a[1], scratch, ctx.Out()});
     }},
    // Any other shape up to 256 taps: the same 16-bit loop on patches gathered in the filter's order.
    {"eb_conv2d_s8_g16", false, false, 1.15, 1100,
     [](const eb_conv_params& p, const McuWeights& w) {
       return w.constant && eb_conv2d_g16_applies(&p) && HasConvRqTable(p, w);
     },
     PackW16<eb_conv2d_g16_prepare>, [](const eb_conv_params& p) { return int64_t{eb_conv2d_g16_scratch_bytes(&p)}; },
     W16Bytes,
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8_g16), p, {ctx.In(0), a[0], a[1], scratch, ctx.Out()});
     }},
    // A filter that covers the whole image: a fully connected layer, four channels per pass.
    {"eb_conv2d_s8_image_dsp", true, true, 1.7, 700,
     [](const eb_conv_params& p, const McuWeights&) { return eb_conv2d_image_applies(&p) != 0; }, PackRef, NoScratch,
     RefBytes,
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg&) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8_image_dsp), p, {ctx.In(0), a[0], a[1], a[2], a[3], ctx.Out()});
     }},
    // Pixel-pair patches against the int8 filter (padded to whole groups of four taps).
    {"eb_conv2d_s8_dsp", true, true, 1.5, 3360,
     [](const eb_conv_params& p, const McuWeights& w) {
       const bool padded = p.k_h * p.k_w * p.in_c != eb_conv2d_dsp_taps(&p);
       return eb_conv2d_dsp_applies(&p) && (w.constant || !padded);
     },
     [](const OpContext& ctx, const eb_conv_params& p, const McuWeights& w) {
       std::vector<CallArg> a;
       if (p.k_h * p.k_w * p.in_c == eb_conv2d_dsp_taps(&p)) {
         a.push_back(ctx.In(1));
       } else {
         std::vector<int8_t> fpad(static_cast<size_t>(p.out_c) * static_cast<size_t>(eb_conv2d_dsp_taps(&p)));
         eb_conv2d_s8_dsp_filter(&p, w.filter->as<int8_t>(), fpad.data());
         a.push_back(CallArg::Const(fpad));
       }
       for (CallArg& r : ConvRequantArgs(ctx, p, w)) a.push_back(std::move(r));
       return a;
     },
     [](const eb_conv_params& p) { return int64_t{eb_conv2d_dsp_scratch_bytes(&p)}; },
     [](const eb_conv_params& p, const McuWeights& w) {
       return int64_t{p.out_c} * eb_conv2d_dsp_taps(&p) + ConvRequantBytes(p, w);
     },
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8_dsp), p, {ctx.In(0), a[0], a[1], a[2], a[3], a[4], scratch, ctx.Out()});
     }},
    {"eb_conv2d_s8", false, true, 12.0, 500, Always, PackRef, NoScratch, RefBytes,
     [](OpContext& ctx, const eb_conv_params& p, const std::vector<CallArg>& a, const CallArg&) {
       ctx.Call(EB_KERNEL(eb_conv2d_s8), p, {ctx.In(0), a[0], a[1], a[2], a[3], ctx.Out()});
     }},
};

// int16x8: the portable kernels on every target. TFLM sums in the bias's type, in int32 when there is no bias.
Status PrepareConv2DInt16(OpContext& ctx, int32_t out_c) {
  const Tensor& filter = ctx.input(1);
  EB_RETURN_IF_ERROR(CheckInt16x8Types(ctx, out_c, 0, {DType::kI64, DType::kI32}));
  eb_conv_params p;
  EB_RETURN_IF_ERROR(PrepareConvGeometry(ctx, filter.shape[1], filter.shape[2], out_c, &p));
  const ChannelRequant rq = PerChannelMultipliers(ctx.input(0), filter, ctx.output(), out_c);
  const CallArg mult = CallArg::Const(rq.mult), shift = CallArg::Const(rq.shift);
  if (ctx.has_input(2) && ctx.input(2).dtype == DType::kI64) {
    EB_RETURN_IF_ERROR(CheckS64Requant(ctx, rq));
    ctx.Call(EB_KERNEL(eb_conv2d_s16), p, {ctx.In(0), ctx.In(1), ctx.In(2), mult, shift, ctx.Out()});
  } else {
    ctx.Call(EB_KERNEL(eb_conv2d_s16_acc32), p, {ctx.In(0), ctx.In(1), ctx.In(2), mult, shift, ctx.Out()});
  }
  return Status::Ok();
}

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
  if (in.dtype == DType::kI16) return PrepareConv2DInt16(ctx, out_c);
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
  const McuWeights w{&filter, ctx.has_input(2) ? &ctx.input(2) : nullptr, &rq, HasConstantWeights(ctx)};
  EmitMcuVariant(ctx, std::span<const ConvRow>(kS8McuVariants), *st, w, ConvMacs(*st, false));
  return Status::Ok();
}

}  // namespace eb
