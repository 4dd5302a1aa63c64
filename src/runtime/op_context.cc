#include "runtime/op_context.h"

namespace eb {

Status OpContext::ExpectArity(size_t min_in, size_t max_in, size_t outputs) const {
  if (op_.inputs.size() < min_in || op_.inputs.size() > max_in) {
    return Error(min_in == max_in ? Format("expected %zu inputs, found %zu", min_in, op_.inputs.size())
                                  : Format("expected %zu to %zu inputs, found %zu", min_in, max_in,
                                           op_.inputs.size()));
  }
  for (size_t k = 0; k < min_in; ++k) {
    if (op_.inputs[k] < 0) return Error(Format("required input %zu is absent", k));
  }
  if (op_.outputs.size() != outputs) {
    return Error(Format("expected %zu outputs, found %zu", outputs, op_.outputs.size()));
  }
  return Status::Ok();
}

Status OpContext::ExpectType(const Tensor& t, DType want, const char* role) const {
  if (t.dtype == want) return Status::Ok();
  return Error(Format("%s '%s' is %s, expected %s", role, t.name.c_str(), std::string(DTypeName(t.dtype)).c_str(),
                      std::string(DTypeName(want)).c_str()));
}

Status OpContext::ExpectOutputShape(const std::vector<int32_t>& want, size_t k) const {
  const Tensor& t = output(k);
  if (t.shape == want) return Status::Ok();
  return Error(Format("output '%s' has shape %s, but the inputs give %s", t.name.c_str(),
                      ShapeString(t.shape).c_str(), ShapeString(want).c_str()));
}

Status OpContext::ExpectRank(const Tensor& t, size_t rank, const char* role) const {
  if (t.shape.size() == rank) return Status::Ok();
  return Error(Format("%s '%s' has shape %s, expected rank %zu", role, t.name.c_str(), ShapeString(t.shape).c_str(),
                      rank));
}

Status OpContext::ExpectPerTensorQuant(const Tensor& t, const char* role) const {
  if (t.quant.scale.size() == 1 && t.quant.scale[0] > 0) return Status::Ok();
  return Error(Format("%s '%s' of type %s needs one positive quantisation scale, found %zu", role, t.name.c_str(),
                      std::string(DTypeName(t.dtype)).c_str(), t.quant.scale.size()));
}

}  // namespace eb
