// PADV2 prepare: constant padding ([rank, 2] operand) with an explicit fill value (a one-element
// constant of the input's type, stored raw: a quantised value for int8). ONNX max pooling pads with
// the lowest float through it, so padding never wins a maximum.
#include <cstring>
#include "pad.h"
#include "runtime/ops/registry.h"
#include "runtime/ops/view_common.h"

namespace eb {

Status PreparePadV2(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(3, 3, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& value = ctx.input(2);
  const Tensor& out = ctx.output();
  const size_t rank = in.shape.size();
  if (rank == 0 || rank > EB_MAX_DIMS) return ctx.Error(Format("input rank %zu is not supported", rank));
  std::vector<int64_t> pads;
  EB_RETURN_IF_ERROR(ReadIntOperand(ctx, 1, "paddings", &pads));
  if (pads.size() != rank * 2) {
    return ctx.Error(Format("paddings have %zu values, expected %zu for a rank-%zu input", pads.size(), rank * 2, rank));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, in.dtype, "output"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(value, in.dtype, "pad value"));
  if (!value.is_constant || value.num_elements() != 1) {
    return ctx.Error(Format("the pad value '%s' must be a constant with one element", value.name.c_str()));
  }
  if (in.quant != out.quant || (!in.quant.empty() && value.quant != in.quant)) {
    return ctx.Error("quantised PADV2 needs equal input, pad value and output quantisation");
  }
  eb_pad_params p{};
  p.rank = static_cast<int32_t>(rank);
  p.elem_size = static_cast<int32_t>(DTypeSize(in.dtype));
  std::vector<int32_t> want(rank);
  for (size_t d = 0; d < rank; ++d) {
    if (pads[2 * d] < 0 || pads[2 * d + 1] < 0 || pads[2 * d] > (1 << 20) || pads[2 * d + 1] > (1 << 20)) {
      return ctx.Error(Format("padding of dimension %zu is out of range", d));
    }
    p.in_dims[d] = in.shape[d];
    p.before[d] = static_cast<int32_t>(pads[2 * d]);
    p.after[d] = static_cast<int32_t>(pads[2 * d + 1]);
    want[d] = in.shape[d] + p.before[d] + p.after[d];
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  if (p.elem_size > static_cast<int32_t>(sizeof(p.pad_value))) return ctx.Error("the element type is too wide");
  std::memcpy(p.pad_value, value.data.data(), static_cast<size_t>(p.elem_size));
  ctx.Call(EB_KERNEL(eb_pad), p, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
