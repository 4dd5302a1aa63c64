// FULLY_CONNECTED prepare: input rows of in_depth, filter [out][in_depth], optional bias;
// float32 or int8 (per-tensor or per-channel weights).
#include <memory>
#include <vector>

#include "fully_connected.h"
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
  if (HasConstantWeights(ctx)) {
    // The filter widened to 16 bits and the requantisation constants gathered per row, both in place of the
    // originals: the firmware's loop feeds SMLAD straight from flash (twice the filter's bytes, see
    // fully_connected_w16.c). The host runs the same kernel's portable arithmetic.
    const size_t rows = static_cast<size_t>(eb_fc_w16_padded_rows(out_depth));
    std::vector<int16_t> wf(rows * static_cast<size_t>(in_depth));
    std::vector<int32_t> table(rows * 4);
    if (eb_fc_w16_prepare(st.get(), filter.as<int8_t>(), ctx.has_input(2) ? ctx.input(2).as<int32_t>() : nullptr,
                          rq.mult.data(), rq.shift.data(), wf.data(), table.data())) {
      ctx.Call(EB_KERNEL(eb_fully_connected_s8_w16), *st,
               {ctx.In(0), CallArg::Const(wf), CallArg::Const(table), ctx.Out()});
      return Status::Ok();
    }
  }
  ctx.Call(EB_KERNEL(eb_fully_connected_s8), *st,
           {ctx.In(0), ctx.In(1), ctx.In(2), CallArg::Const(rq.mult), CallArg::Const(rq.shift), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
