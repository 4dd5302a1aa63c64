#include "runtime/ops/view_common.h"

#include "copy.h"

namespace eb {

Status PrepareView(OpContext& ctx, size_t min_inputs, size_t max_inputs) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(min_inputs, max_inputs, 1));
  const Tensor& in = ctx.input(0);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, in.dtype, "output"));
  if (in.num_elements() != out.num_elements()) {
    return ctx.Error(Format("output '%s' %s has %lld elements, the input %s has %lld", out.name.c_str(),
                            ShapeString(out.shape).c_str(), static_cast<long long>(out.num_elements()),
                            ShapeString(in.shape).c_str(), static_cast<long long>(in.num_elements())));
  }
  // The planner lets a view share its input's bytes; only a constant input needs a copy.
  if (ctx.in<uint8_t>(0) != ctx.out<uint8_t>()) {
    ctx.Call(EB_KERNEL(eb_copy), eb_copy_params{static_cast<int32_t>(in.num_bytes())}, {ctx.In(0), ctx.Out()});
  }
  return Status::Ok();
}

Status ReadIntOperand(const OpContext& ctx, size_t k, const char* role, std::vector<int64_t>* out) {
  if (!ctx.has_input(k)) return ctx.Error(Format("the %s operand is missing", role));
  const Tensor& t = ctx.input(k);
  if (!t.is_constant) return ctx.Error(Format("the %s operand '%s' must be constant", role, t.name.c_str()));
  out->clear();
  if (t.dtype == DType::kI32) {
    for (int64_t i = 0; i < t.num_elements(); ++i) out->push_back(t.as<int32_t>()[i]);
  } else if (t.dtype == DType::kI64) {
    for (int64_t i = 0; i < t.num_elements(); ++i) out->push_back(t.as<int64_t>()[i]);
  } else {
    return ctx.Error(Format("the %s operand '%s' must be int32 or int64, found %s", role, t.name.c_str(),
                            std::string(DTypeName(t.dtype)).c_str()));
  }
  return Status::Ok();
}

}  // namespace eb
