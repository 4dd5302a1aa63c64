// DEPTHWISE_CONV_2D prepare: NHWC input, 1HWO filter (O = in_c * multiplier), float32 or int8.
#include <memory>

#include "depthwise_conv2d.h"
#include "runtime/ops/conv_common.h"
#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"

namespace eb {

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
  if (in.dtype == DType::kF32) {
    const float* x = ctx.in<float>(0);
    const float* w = ctx.in<float>(1);
    const float* b = ctx.in<float>(2);
    float* y = ctx.out<float>();
    ctx.Emit([st, x, w, b, y] { eb_depthwise_conv2d_f32(st.get(), x, w, b, y); });
    return Status::Ok();
  }
  auto rq = std::make_shared<ChannelRequant>(PerChannelMultipliers(in, filter, ctx.output(), out_c));
  const int8_t* x = ctx.in<int8_t>(0);
  const int8_t* w = ctx.in<int8_t>(1);
  const int32_t* b = ctx.in<int32_t>(2);
  int8_t* y = ctx.out<int8_t>();
  ctx.Emit([st, rq, x, w, b, y] {
    eb_depthwise_conv2d_s8(st.get(), x, w, b, rq->mult.data(), rq->shift.data(), y);
  });
  return Status::Ok();
}

}  // namespace eb
