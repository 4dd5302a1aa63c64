// STRIDED_SLICE prepare: TFLM's index semantics (negative indices, clamping, begin_mask, end_mask,
// shrink_axis_mask) resolved once into begin, count and step per axis; every dtype, as raw elements.
// TFLM ignores ellipsis_mask, new_axis_mask and offset (it zeroes them), so a model that sets one is
// refused rather than given a meaning TFLM would not give it.
#include <string>
#include <vector>

#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "strided_slice.h"

namespace eb {
namespace {

// Operand k (begin, end or strides): a constant int32 vector of one value per input axis.
Status ReadIndices(const OpContext& ctx, size_t k, const char* role, size_t rank, std::vector<int32_t>* out) {
  const Tensor& t = ctx.input(k);
  EB_RETURN_IF_ERROR(ctx.ExpectType(t, DType::kI32, role));
  if (!HasConstantData(t)) return ctx.Error(Format("%s '%s' must be a constant", role, t.name.c_str()));
  if (t.num_elements() != static_cast<int64_t>(rank)) {
    return ctx.Error(Format("%s '%s' has %lld values, expected %zu (one per input axis)", role, t.name.c_str(),
                            static_cast<long long>(t.num_elements()), rank));
  }
  out->assign(t.as<int32_t>(), t.as<int32_t>() + rank);
  return Status::Ok();
}

}  // namespace

Status PrepareStridedSlice(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(4, 4, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  const OpAttrs& a = ctx.attrs();
  const size_t rank = in.shape.size();
  if (rank == 0 || rank > EB_MAX_DIMS) return ctx.Error(Format("input rank %zu is not supported", rank));
  if (a.ellipsis_mask != 0 || a.new_axis_mask != 0 || a.offset) {
    return ctx.Error(Format("ellipsis_mask %d, new_axis_mask %d and offset %d are not supported (TFLM's "
                            "reference ignores them; only 0 is)",
                            a.ellipsis_mask, a.new_axis_mask, a.offset ? 1 : 0));
  }
  std::vector<int32_t> begin, end, strides;
  EB_RETURN_IF_ERROR(ReadIndices(ctx, 1, "begin", rank, &begin));
  EB_RETURN_IF_ERROR(ReadIndices(ctx, 2, "end", rank, &end));
  EB_RETURN_IF_ERROR(ReadIndices(ctx, 3, "strides", rank, &strides));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, in.dtype, "output"));
  if (IsQuantizedType(in.dtype) && in.quant != out.quant) {
    return ctx.Error("quantised STRIDED_SLICE needs equal input and output quantisation");
  }
  eb_strided_slice_params p{};
  p.rank = static_cast<int32_t>(rank);
  p.elem_size = static_cast<int32_t>(DTypeSize(in.dtype));
  std::vector<int32_t> want;
  for (size_t d = 0; d < rank; ++d) {
    const int32_t stride = strides[d];
    if (stride == 0) return ctx.Error(Format("the stride of axis %zu is 0", d));
    const auto bit = [&](int32_t mask) { return (mask >> d) & 1; };
    const bool shrink = bit(a.shrink_axis_mask) != 0;
    p.in_dims[d] = in.shape[d];
    p.step[d] = stride;
    eb_strided_slice_axis(in.shape[d], begin[d], end[d], stride, bit(a.begin_mask), bit(a.end_mask), shrink,
                          &p.begin[d], &p.count[d]);
    if (shrink) {
      // TFLM walks a shrunk axis from begin to begin + 1, which a backward stride never enters.
      if (stride < 0 || p.count[d] != 1) {
        return ctx.Error(Format("shrunk axis %zu takes no element (begin %d, stride %d, size %d)", d, begin[d],
                                stride, in.shape[d]));
      }
      continue;
    }
    want.push_back(p.count[d]);
  }
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  ctx.Call(EB_KERNEL(eb_strided_slice), p, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
