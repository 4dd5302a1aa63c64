// CONCATENATION prepare: along one axis (negative counts from the end); int8 inputs must share the
// output's quantisation, as in TFLM.
#include <memory>

#include "concatenation.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareConcatenation(OpContext& ctx) {
  if (ctx.num_inputs() < 1 || ctx.num_outputs() != 1) return ctx.Error("expected at least 1 input and 1 output");
  const Tensor& out = ctx.output();
  const int rank = static_cast<int>(out.shape.size());
  int axis = ctx.attrs().axis;
  if (axis < 0) axis += rank;
  if (axis < 0 || axis >= rank) return ctx.Error(Format("axis %d is out of range for rank %d", ctx.attrs().axis, rank));
  if (ctx.attrs().activation != Activation::kNone) return ctx.Error("a fused activation on CONCATENATION is not supported");
  struct State {
    eb_concat_params p;
    std::vector<int32_t> copy_bytes;
  };
  auto st = std::make_shared<State>();
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= out.shape[static_cast<size_t>(d)];
  for (int d = axis + 1; d < rank; ++d) inner *= out.shape[static_cast<size_t>(d)];
  int32_t axis_sum = 0;
  for (size_t k = 0; k < ctx.num_inputs(); ++k) {
    if (!ctx.has_input(k)) return ctx.Error(Format("input %zu is absent", k));
    const Tensor& in = ctx.input(k);
    EB_RETURN_IF_ERROR(ctx.ExpectType(in, out.dtype, "input"));
    bool same = static_cast<int>(in.shape.size()) == rank;
    for (int d = 0; same && d < rank; ++d) {
      if (d != axis && in.shape[static_cast<size_t>(d)] != out.shape[static_cast<size_t>(d)]) same = false;
    }
    if (!same) {
      return ctx.Error(Format("input %zu '%s' %s does not fit output %s along axis %d", k, in.name.c_str(),
                              ShapeString(in.shape).c_str(), ShapeString(out.shape).c_str(), axis));
    }
    if (IsQuantizedType(out.dtype) && (in.quant.scale != out.quant.scale || in.quant.zero_point != out.quant.zero_point)) {
      return ctx.Error(Format("input %zu '%s' has other quantisation than the output; requantising "
                              "concatenation is not supported", k, in.name.c_str()));
    }
    axis_sum += in.shape[static_cast<size_t>(axis)];
    st->copy_bytes.push_back(static_cast<int32_t>(in.shape[static_cast<size_t>(axis)] * inner *
                                                  static_cast<int64_t>(DTypeSize(in.dtype))));
  }
  if (axis_sum != out.shape[static_cast<size_t>(axis)]) {
    return ctx.Error(Format("inputs add up to %d along axis %d, the output has %d", axis_sum, axis,
                            out.shape[static_cast<size_t>(axis)]));
  }
  st->p.num_inputs = static_cast<int32_t>(ctx.num_inputs());
  st->p.outer = static_cast<int32_t>(outer);
  st->p.copy_bytes = st->copy_bytes.data();
  // Call() keeps its own copy of copy_bytes for the host and prints it as a constant array in C.
  ctx.Call(EB_KERNEL(eb_concatenation), st->p, {ctx.Inputs(), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
