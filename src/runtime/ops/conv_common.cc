#include "runtime/ops/conv_common.h"

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

}  // namespace eb
