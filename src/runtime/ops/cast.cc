// CAST prepare: element type conversion among float32, int8, uint8, int16, int32, int64 and bool.
#include <memory>
#include <optional>

#include "cast.h"
#include "runtime/ops/registry.h"

namespace eb {
namespace {

std::optional<eb_elem_type> ElemType(DType t) {
  switch (t) {
    case DType::kF32: return EB_ELEM_F32;
    case DType::kI8: return EB_ELEM_I8;
    case DType::kU8: return EB_ELEM_U8;
    case DType::kI16: return EB_ELEM_I16;
    case DType::kI32: return EB_ELEM_I32;
    case DType::kI64: return EB_ELEM_I64;
    case DType::kBool: return EB_ELEM_BOOL;
    default: return std::nullopt;
  }
}

}  // namespace

Status PrepareCast(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(1, 1, 1));
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(ctx.input(0).shape));
  const auto from = ElemType(ctx.input(0).dtype);
  const auto to = ElemType(ctx.output().dtype);
  if (!from || !to) {
    return ctx.Error(Format("casting %s to %s is not supported", std::string(DTypeName(ctx.input(0).dtype)).c_str(),
                            std::string(DTypeName(ctx.output().dtype)).c_str()));
  }
  auto st = std::make_shared<eb_cast_params>();
  *st = eb_cast_params{static_cast<int32_t>(ctx.input(0).num_elements()), *from, *to};
  ctx.Call(EB_KERNEL(eb_cast), *st, {ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
