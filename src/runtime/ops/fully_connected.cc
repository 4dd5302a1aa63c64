// FULLY_CONNECTED prepare: input rows of in_depth, filter [out][in_depth], optional bias;
// float32, int8 or int16x8 (per-tensor or per-channel int8 weights).
#include <memory>
#include <vector>

#include "arm_dsp.h"
#include "fully_connected.h"
#include "fully_connected_s16.h"
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "runtime/mcu_variant_table.h"
#include "runtime/x86_variant_table.h"
#ifdef EB_HAVE_X86_KERNELS
#include "gemm_f32_x86.h"
#include "gemm_s8_x86.h"
#endif

namespace eb {
namespace {

// Host variants, best first; the MCU kernels below take whatever none of them does.
#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_fc_params> kF32Variants[] = {
    EB_X86_ROW(eb_fc_params, fully_connected_f32_gemm_avx512, kAvx512),
    EB_X86_ROW(eb_fc_params, fully_connected_f32_gemm_avx2, kAvx2),
};
constexpr X86Variant<eb_fc_params> kS8Variants[] = {
    EB_X86_ROW(eb_fc_params, fully_connected_s8_gemm_avx512vnni, kAvx512Vnni),
    EB_X86_ROW(eb_fc_params, fully_connected_s8_gemm_avx512, kAvx512),
    EB_X86_ROW(eb_fc_params, fully_connected_s8_gemm_avx2, kAvx2),
};
#else
constexpr std::span<const X86Variant<eb_fc_params>> kF32Variants, kS8Variants;
#endif


// MCU variants, best first, for whatever the host variants do not take (cortex-m4, c, and the host without SIMD).
using FcRow = McuVariant<eb_fc_params>;

std::vector<CallArg> PackRef(const OpContext& ctx, const eb_fc_params&, const McuWeights& w) {
  return {ctx.In(1), ctx.In(2), CallArg::Const(w.rq->mult), CallArg::Const(w.rq->shift)};
}
int64_t RefBytes(const eb_fc_params&, const McuWeights& w) {
  const auto channels = static_cast<int64_t>(w.rq->mult.size());
  return TensorBytes(w.filter) + TensorBytes(w.bias) + int64_t{8} * channels;
}
int64_t W16Rows(const eb_fc_params& p) { return eb_fc_w16_padded_rows(p.out_depth); }

// Whether every row takes the folded requantisation of the 16-bit kernel (what eb_fc_w16_prepare checks).
bool HasFoldedRq(const eb_fc_params& p, const McuWeights& w) {
  const int32_t rows = eb_fc_w16_padded_rows(p.out_depth);
  for (int32_t o = 0; o < rows; ++o) {
    const size_t q = p.per_channel && o < p.out_depth ? static_cast<size_t>(o) : 0;
    int32_t b = 0, mqs[3];
    if (!eb_rq_fold(w.bias && o < p.out_depth ? w.bias_data() + o : nullptr, o < p.out_depth ? w.rq->mult[q] : 0,
                    w.rq->shift[q], p.q_min, p.q_max, p.out_zp, &b, mqs)) {
      return false;
    }
  }
  return true;
}

constexpr FcRow kS8McuVariants[] = {
    // The filter widened to 16 bits and the requantisation constants gathered per row, both in place of the
    // originals: the firmware's loop feeds SMLAD straight from flash (twice the filter's bytes, see
    // fully_connected_w16.c). The host runs the same kernel's portable arithmetic.
    {"eb_fully_connected_s8_w16", false, false, 1.3, 2240,
     [](const eb_fc_params& p, const McuWeights& w) {
       return w.constant && eb_fc_w16_applies(&p) && HasFoldedRq(p, w);
     },
     [](const OpContext&, const eb_fc_params& p, const McuWeights& w) {
       const size_t rows = static_cast<size_t>(W16Rows(p));
       std::vector<int16_t> wf(rows * static_cast<size_t>(p.in_depth));
       std::vector<int32_t> table(rows * 4);
       eb_fc_w16_prepare(&p, w.filter->as<int8_t>(), w.bias_data(), w.rq->mult.data(), w.rq->shift.data(), wf.data(),
                         table.data());
       return std::vector<CallArg>{CallArg::Const(wf), CallArg::Const(table)};
     },
     [](const eb_fc_params& p) { return int64_t{eb_fc_w16_scratch_bytes(&p)}; },
     [](const eb_fc_params& p, const McuWeights&) { return W16Rows(p) * (int64_t{2} * p.in_depth + 16); },
     [](OpContext& ctx, const eb_fc_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_fully_connected_s8_w16), p, {ctx.In(0), a[0], a[1], scratch, ctx.Out()});
     }},
    // 16 rows and more: the input widened once into the scratch, row quads in an assembly loop.
    {"eb_fully_connected_s8_dsp_wide", true, true, 1.6, 1460,
     [](const eb_fc_params& p, const McuWeights&) { return eb_fully_connected_dsp_wide_applies(&p) != 0; }, PackRef,
     [](const eb_fc_params& p) { return int64_t{eb_fully_connected_dsp_wide_scratch_bytes(&p)}; }, RefBytes,
     [](OpContext& ctx, const eb_fc_params& p, const std::vector<CallArg>& a, const CallArg& scratch) {
       ctx.Call(EB_KERNEL(eb_fully_connected_s8_dsp_wide), p, {ctx.In(0), a[0], a[1], a[2], a[3], scratch, ctx.Out()});
     }},
    // Four (then two) rows share each input word.
    {"eb_fully_connected_s8_dsp", true, true, 1.9, 1360,
     [](const eb_fc_params& p, const McuWeights&) { return eb_fully_connected_dsp_applies(&p) != 0; }, PackRef,
     [](const eb_fc_params&) { return int64_t{0}; }, RefBytes,
     [](OpContext& ctx, const eb_fc_params& p, const std::vector<CallArg>& a, const CallArg&) {
       ctx.Call(EB_KERNEL(eb_fully_connected_s8_dsp), p, {ctx.In(0), a[0], a[1], a[2], a[3], ctx.Out()});
     }},
    {"eb_fully_connected_s8", false, true, 10.0, 350, [](const eb_fc_params&, const McuWeights&) { return true; },
     PackRef, [](const eb_fc_params&) { return int64_t{0}; }, RefBytes,
     [](OpContext& ctx, const eb_fc_params& p, const std::vector<CallArg>& a, const CallArg&) {
       ctx.Call(EB_KERNEL(eb_fully_connected_s8), p, {ctx.In(0), a[0], a[1], a[2], a[3], ctx.Out()});
     }},
};

// int16x8: the portable kernel on every target; TFLM's int16 FULLY_CONNECTED reads only an int64 bias.
Status PrepareFullyConnectedInt16(OpContext& ctx, eb_fc_params p) {
  const Tensor& filter = ctx.input(1);
  EB_RETURN_IF_ERROR(CheckInt16x8Types(ctx, p.out_depth, 0, {DType::kI64}));
  EB_RETURN_IF_ERROR(QuantActivationRange(ctx, ctx.attrs().activation, ctx.output(), &p.q_min, &p.q_max));
  p.per_channel = filter.quant.per_axis() ? 1 : 0;
  const ChannelRequant rq = PerChannelMultipliers(ctx.input(0), filter, ctx.output(), p.per_channel ? p.out_depth : 1);
  EB_RETURN_IF_ERROR(CheckS64Requant(ctx, rq));
  ctx.Call(EB_KERNEL(eb_fully_connected_s16), p,
           {ctx.In(0), ctx.In(1), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
  return Status::Ok();
}

}  // namespace

Status PrepareFullyConnected(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 3, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& filter = ctx.input(1);
  EB_RETURN_IF_ERROR(ctx.ExpectRank(filter, 2, "filter"));
  const int32_t out_depth = filter.shape[0];
  const int32_t in_depth = filter.shape[1];
  const int64_t in_elements = in.num_elements();
  if (in_depth <= 0 || in_elements % in_depth != 0) {
    return ctx.Error(Format("input '%s' %s cannot be split into rows of %d (the filter's input depth)",
                            in.name.c_str(), ShapeString(in.shape).c_str(), in_depth));
  }
  auto st = std::make_shared<eb_fc_params>();
  st->batch = static_cast<int32_t>(in_elements / in_depth);
  st->in_depth = in_depth;
  st->out_depth = out_depth;
  std::vector<int32_t> want;
  if (ctx.attrs().keep_num_dims) {
    want = in.shape;
    if (want.empty() || want.back() != in_depth) {
      return ctx.Error(Format("keep_num_dims needs the input's last dimension to be %d, input is %s", in_depth,
                              ShapeString(in.shape).c_str()));
    }
    want.back() = out_depth;
  } else {
    want = {st->batch, out_depth};
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  if (in.dtype == DType::kI16) return PrepareFullyConnectedInt16(ctx, *st);
  EB_RETURN_IF_ERROR(CheckWeightedOpTypes(ctx, out_depth, 0));
  if (in.dtype == DType::kF32) {
    EB_RETURN_IF_ERROR(FloatActivationRange(ctx, ctx.attrs().activation, &st->act_min, &st->act_max));
    const void* bias = ctx.has_input(2) ? ctx.input(2).data.data() : nullptr;
    if (HasConstantWeights(ctx) &&
        TryX86(ctx, std::span(kF32Variants), *st,
                             {.filter = filter.data.data(), .bias = bias, .in = ctx.in<void>(0), .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(EB_KERNEL(eb_fully_connected_f32), *st, {ctx.In(0), ctx.In(1), ctx.In(2), ctx.Out()});
    return Status::Ok();
  }
  EB_RETURN_IF_ERROR(QuantActivationRange(ctx, ctx.attrs().activation, ctx.output(), &st->q_min, &st->q_max));
  st->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  st->filter_zp = 0;
  st->out_zp = static_cast<int32_t>(ctx.output().quant.zero_point[0]);
  st->per_channel = filter.quant.per_axis() ? 1 : 0;
  const ChannelRequant rq = PerChannelMultipliers(in, filter, ctx.output(), st->per_channel ? out_depth : 1);
  if (HasConstantWeights(ctx) &&
      TryX86(ctx, std::span(kS8Variants), *st,
                           {.filter = filter.data.data(), .bias = ctx.has_input(2) ? ctx.input(2).data.data() : nullptr,
                            .mult = rq.mult.data(), .shift = rq.shift.data(), .in = ctx.in<void>(0),
                            .out = ctx.out<void>()})) {
    return Status::Ok();
  }
  const McuWeights w{&filter, ctx.has_input(2) ? &ctx.input(2) : nullptr, &rq, HasConstantWeights(ctx)};
  EmitMcuVariant(ctx, std::span<const FcRow>(kS8McuVariants), *st, w,
                 int64_t{st->batch} * st->in_depth * st->out_depth);
  return Status::Ok();
}

}  // namespace eb
