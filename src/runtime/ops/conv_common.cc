#include "runtime/ops/conv_common.h"

#include <algorithm>
#include <string>

#include "arm_dsp.h"
#include "runtime/ops/op_util.h"

namespace eb {

Status PrepareConvGeometry(const OpContext& ctx, int32_t k_h, int32_t k_w, int32_t out_c, eb_conv_params* p) {
  const OpAttrs& a = ctx.attrs();
  const Tensor& in = ctx.input(0);
  if (a.stride_h < 1 || a.stride_w < 1 || a.dilation_h < 1 || a.dilation_w < 1) {
    return ctx.Error(Format("strides (%d,%d) and dilations (%d,%d) must be at least 1", a.stride_h, a.stride_w,
                            a.dilation_h, a.dilation_w));
  }
  const SpatialDim h = ComputeSpatial(a.padding, in.shape[1], k_h, a.stride_h, a.dilation_h);
  const SpatialDim w = ComputeSpatial(a.padding, in.shape[2], k_w, a.stride_w, a.dilation_w);
  if (h.out <= 0 || w.out <= 0) return ctx.Error("the filter is larger than the padded input");
  *p = eb_conv_params{};
  p->batch = in.shape[0];
  p->in_h = in.shape[1];
  p->in_w = in.shape[2];
  p->in_c = in.shape[3];
  p->out_h = h.out;
  p->out_w = w.out;
  p->out_c = out_c;
  p->k_h = k_h;
  p->k_w = k_w;
  p->stride_h = a.stride_h;
  p->stride_w = a.stride_w;
  p->dil_h = a.dilation_h;
  p->dil_w = a.dilation_w;
  p->pad_top = h.pad_before;
  p->pad_left = w.pad_before;
  p->depth_multiplier = a.depth_multiplier;
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape({p->batch, p->out_h, p->out_w, p->out_c}));
  if (in.dtype == DType::kF32) return FloatActivationRange(ctx, a.activation, &p->act_min, &p->act_max);
  p->in_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  p->out_zp = static_cast<int32_t>(ctx.output().quant.zero_point[0]);
  return QuantActivationRange(ctx, a.activation, ctx.output(), &p->q_min, &p->q_max);
}

std::vector<int32_t> ConvRqTable(const eb_conv_params& p, const McuWeights& w) {
  std::vector<int32_t> t(static_cast<size_t>(p.out_c) * 4);
  static_assert(sizeof(eb_rq_channel) == 4 * sizeof(int32_t));
  if (!eb_rq_table(w.bias_data(), w.rq->mult.data(), w.rq->shift.data(), p.out_c, p.q_min, p.q_max,
                   reinterpret_cast<eb_rq_channel*>(t.data()))) {
    return {};
  }
  return t;
}

bool HasConvRqTable(const eb_conv_params& p, const McuWeights& w) {
  if (p.q_min != -128 || p.q_max != 127) return false;
  for (int32_t c = 0; c < p.out_c; ++c) {
    const int32_t m = w.rq->mult[static_cast<size_t>(c)];
    if (m != 0 && !eb_requantize_is_fast(m, w.rq->shift[static_cast<size_t>(c)])) return false;
  }
  return true;
}

std::vector<CallArg> ConvRequantArgs(const OpContext& ctx, const eb_conv_params& p, const McuWeights& w) {
  if (HasConvRqTable(p, w)) {
    return {CallArg::Tensor(-1), CallArg::Tensor(-1), CallArg::Tensor(-1), CallArg::Const(ConvRqTable(p, w))};
  }
  return {ctx.In(2), CallArg::Const(w.rq->mult), CallArg::Const(w.rq->shift), CallArg::Tensor(-1)};
}

int64_t ConvRequantBytes(const eb_conv_params& p, const McuWeights& w) {
  if (HasConvRqTable(p, w)) return int64_t{16} * p.out_c;
  return TensorBytes(w.bias) + int64_t{8} * p.out_c;
}

int64_t ConvMacs(const eb_conv_params& p, bool depthwise) {
  return int64_t{p.batch} * p.out_h * p.out_w * p.out_c * p.k_h * p.k_w * (depthwise ? 1 : p.in_c);
}

namespace {

Status ExpectSymmetricInt16(const OpContext& ctx, const Tensor& t, const char* role) {
  EB_RETURN_IF_ERROR(ctx.ExpectType(t, DType::kI16, role));
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(t, role));
  const int64_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  if (zp != 0) {
    return ctx.Error(Format("%s '%s' has zero point %lld; int16 activations must be symmetric (zero point 0)", role,
                            t.name.c_str(), static_cast<long long>(zp)));
  }
  return Status::Ok();
}

}  // namespace

Status CheckInt16x8Types(const OpContext& ctx, int32_t channels, int channel_axis, std::initializer_list<DType> biases,
                         WeightedOperands k) {
  EB_RETURN_IF_ERROR(ExpectSymmetricInt16(ctx, ctx.input(k.input), "input"));
  EB_RETURN_IF_ERROR(ExpectSymmetricInt16(ctx, ctx.output(), "output"));
  const Tensor& filter = ctx.input(k.filter);
  EB_RETURN_IF_ERROR(ctx.ExpectType(filter, DType::kI8, "filter"));
  EB_RETURN_IF_ERROR(CheckFilterQuant(ctx, filter, channels, channel_axis));
  if (!ctx.has_input(k.bias)) return Status::Ok();
  const Tensor& bias = ctx.input(k.bias);
  if (std::find(biases.begin(), biases.end(), bias.dtype) == biases.end()) {
    std::string want;
    for (DType t : biases) want += (want.empty() ? "" : " or ") + std::string(DTypeName(t));
    return ctx.Error(Format("bias '%s' is %s, expected %s for int16 activations", bias.name.c_str(),
                            std::string(DTypeName(bias.dtype)).c_str(), want.c_str()));
  }
  if (bias.num_elements() != channels) {
    return ctx.Error(Format("bias '%s' has %lld elements, expected %d", bias.name.c_str(),
                            static_cast<long long>(bias.num_elements()), channels));
  }
  return Status::Ok();
}

Status CheckS64Requant(const OpContext& ctx, const ChannelRequant& rq, WeightedOperands k) {
  for (size_t c = 0; c < rq.shift.size(); ++c) {
    if (rq.shift[c] <= 7) continue;
    const Tensor& filter = ctx.input(k.filter);
    const float fs = filter.quant.per_axis() ? filter.quant.scale[c] : filter.quant.scale[0];
    const double real = static_cast<double>(ctx.input(k.input).quant.scale[0]) * fs / ctx.output().quant.scale[0];
    return ctx.Error(Format("channel %zu rescales by %g (input scale * filter scale / output scale); the int16 "
                            "kernels need less than 128", c, real));
  }
  return Status::Ok();
}

}  // namespace eb
