// SVDF prepare: float32, or int8 with an int16 or int8 state (TFLM's integer SVDF). Input 4 is the state, a
// variable tensor the kernel rewrites each call.
#include <algorithm>
#include <climits>

#include "svdf.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareSvdf(OpContext& ctx) {
  // The bias (input 3) is optional, so the arity is checked by hand.
  if (ctx.num_inputs() != 5 || ctx.num_outputs() != 1) {
    return ctx.Error(Format("expected 5 inputs and 1 output, found %zu and %zu", ctx.num_inputs(), ctx.num_outputs()));
  }
  for (size_t k : {0u, 1u, 2u, 4u}) {
    if (!ctx.has_input(k)) return ctx.Error(Format("required input %zu is absent", k));
  }
  const Tensor& in = ctx.input(0);
  const Tensor& wf = ctx.input(1);
  const Tensor& wt = ctx.input(2);
  const Tensor& state = ctx.input(4);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectRank(in, 2, "input"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(wf, 2, "feature weights"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(wt, 2, "time weights"));
  EB_RETURN_IF_ERROR(ctx.ExpectRank(state, 2, "state"));
  eb_svdf_params p{};
  p.batch = in.shape[0];
  p.input_size = in.shape[1];
  p.num_filters = wf.shape[0];
  p.rank = ctx.attrs().rank;
  p.memory_size = wt.shape[1];
  if (p.rank < 1 || p.num_filters % p.rank != 0) {
    return ctx.Error(Format("rank %d does not divide the %d filters", p.rank, p.num_filters));
  }
  p.num_units = p.num_filters / p.rank;
  if (wf.shape[1] != p.input_size) {
    return ctx.Error(Format("feature weights %s do not match input %s", ShapeString(wf.shape).c_str(),
                            ShapeString(in.shape).c_str()));
  }
  if (wt.shape[0] != p.num_filters) {
    return ctx.Error(Format("time weights %s do not match the %d filters", ShapeString(wt.shape).c_str(), p.num_filters));
  }
  const int64_t memory = static_cast<int64_t>(p.memory_size) * p.num_filters;
  const std::vector<int32_t> want_state = {p.batch, static_cast<int32_t>(std::min<int64_t>(memory, INT32_MAX))};
  if (memory > INT32_MAX || state.shape != want_state) {
    return ctx.Error(Format("state %s should be %s", ShapeString(state.shape).c_str(), ShapeString(want_state).c_str()));
  }
  if (!state.is_variable) return ctx.Error(Format("state '%s' is not a variable tensor", state.name.c_str()));
  if (ctx.has_input(3) && ctx.input(3).num_elements() != p.num_units) {
    return ctx.Error(Format("bias has %lld values, expected %d (one per unit)",
                            static_cast<long long>(ctx.input(3).num_elements()), p.num_units));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape({p.batch, p.num_units}));
  const bool is_float = in.dtype == DType::kF32;
  const CallArg scratch = ctx.CallScratch(eb_svdf_scratch_bytes(&p, is_float ? 1 : 0));
  const std::array<CallArg, 7> args = {ctx.In(0), ctx.In(1), ctx.In(2), ctx.In(3), ctx.In(4), ctx.Out(), scratch};
  if (is_float) {
    for (const auto& [t, role] : {std::pair{&wf, "feature weights"}, {&wt, "time weights"}, {&state, "state"},
                                  {&out, "output"}}) {
      EB_RETURN_IF_ERROR(ctx.ExpectType(*t, DType::kF32, role));
    }
    if (ctx.has_input(3)) EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.input(3), DType::kF32, "bias"));
    EB_RETURN_IF_ERROR(FloatActivationRange(ctx, ctx.attrs().activation, &p.act_min, &p.act_max));
    ctx.Call(EB_KERNEL(eb_svdf_f32), p, args);
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported (float32 or int8)", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(wf, DType::kI8, "feature weights"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kI8, "output"));
  if (state.dtype != DType::kI16 && state.dtype != DType::kI8) {
    return ctx.Error(Format("state type %s is not supported (int16 or int8)", std::string(DTypeName(state.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(wt, state.dtype, "time weights"));
  if (!ctx.has_input(3)) return ctx.Error("int8 SVDF needs a bias");
  const Tensor& bias = ctx.input(3);
  EB_RETURN_IF_ERROR(ctx.ExpectType(bias, DType::kI32, "bias"));
  for (const auto& [t, role] : {std::pair{&in, "input"}, {&wf, "feature weights"}, {&wt, "time weights"},
                                {&state, "state"}, {&bias, "bias"}, {&out, "output"}}) {
    EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(*t, role));
  }
  // TFLM requires the bias to be quantised at state_scale * time_scale.
  const double want_bias = static_cast<double>(state.quant.scale[0] * wt.quant.scale[0]);
  if (std::abs(static_cast<double>(bias.quant.scale[0]) - want_bias) >= 1e-5) {
    return ctx.Error(Format("bias scale %g is not state scale x time-weight scale (%g)",
                            static_cast<double>(bias.quant.scale[0]), want_bias));
  }
  p.input_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  p.state_zp = static_cast<int32_t>(state.quant.zero_point[0]);
  p.output_zp = static_cast<int32_t>(out.quant.zero_point[0]);
  eb_svdf_s8_prepare(&p, in.quant.scale[0], wf.quant.scale[0], state.quant.scale[0], wt.quant.scale[0],
                     out.quant.scale[0]);
  if (state.dtype == DType::kI16) ctx.Call(EB_KERNEL(eb_svdf_s8_s16state), p, args);
  else ctx.Call(EB_KERNEL(eb_svdf_s8_s8state), p, args);
  return Status::Ok();
}

}  // namespace eb
