// PAD prepare: constant padding given as an [rank, 2] operand; int8 pads with the zero point, int16 with 0.
#include <cstring>
#include <memory>

#include "pad.h"
#include "runtime/ops/registry.h"
#include "runtime/ops/view_common.h"

namespace eb {

Status PreparePad(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  const size_t rank = in.shape.size();
  if (rank == 0 || rank > EB_MAX_DIMS) return ctx.Error(Format("input rank %zu is not supported", rank));
  std::vector<int64_t> pads;
  EB_RETURN_IF_ERROR(ReadIntOperand(ctx, 1, "paddings", &pads));
  if (pads.size() != rank * 2) {
    return ctx.Error(Format("paddings have %zu values, expected %zu for a rank-%zu input", pads.size(), rank * 2, rank));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, in.dtype, "output"));
  auto st = std::make_shared<eb_pad_params>();
  st->rank = static_cast<int32_t>(rank);
  st->elem_size = static_cast<int32_t>(DTypeSize(in.dtype));
  std::vector<int32_t> want(rank);
  for (size_t d = 0; d < rank; ++d) {
    if (pads[2 * d] < 0 || pads[2 * d + 1] < 0 || pads[2 * d] > (1 << 20) || pads[2 * d + 1] > (1 << 20)) {
      return ctx.Error(Format("padding of dimension %zu is out of range", d));
    }
    st->in_dims[d] = in.shape[d];
    st->before[d] = static_cast<int32_t>(pads[2 * d]);
    st->after[d] = static_cast<int32_t>(pads[2 * d + 1]);
    want[d] = in.shape[d] + st->before[d] + st->after[d];
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  if (IsQuantizedType(in.dtype) && !out.quant.empty()) {
    if (in.quant.scale != out.quant.scale || in.quant.zero_point != out.quant.zero_point) {
      return ctx.Error("quantised PAD needs equal input and output quantisation");
    }
    // TFLM pads int8 with the zero point but int16 with 0 (int16 zero points are 0 in practice).
    const int64_t zp = in.dtype == DType::kI16 ? 0 : out.quant.zero_point[0];
    std::memcpy(st->pad_value, &zp, static_cast<size_t>(st->elem_size));  // little-endian low bytes
  }
  ctx.Call(EB_KERNEL(eb_pad), *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
