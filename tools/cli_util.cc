#include "cli_util.h"

#include <cstdio>

#include "core/strings.h"

namespace eb::cli {

void Fail(const Status& status) {
  std::fprintf(stderr, "edgebench: error: %s\n", status.message().c_str());
  throw CLI::RuntimeError(1);
}

std::string DescribeTensor(const Tensor& t) {
  std::string s = std::string(DTypeName(t.dtype)) + " " + ShapeString(t.shape);
  if (t.quant.scale.size() == 1) {
    s += Format(" scale=%.9g zero_point=%lld", static_cast<double>(t.quant.scale[0]),
                static_cast<long long>(t.quant.zero_point[0]));
  } else if (t.quant.per_axis()) {
    s += Format(" per-axis quantisation (%zu scales, axis %d)", t.quant.scale.size(), t.quant.axis);
  }
  return s;
}

nlohmann::json TensorJson(const Tensor& t) {
  nlohmann::json j = {{"name", t.name}, {"dtype", DTypeName(t.dtype)}, {"shape", t.shape}};
  if (!t.quant.empty()) {
    j["quantization"] = {{"scale", t.quant.scale}, {"zero_point", t.quant.zero_point}, {"axis", t.quant.axis}};
  }
  return j;
}

}  // namespace eb::cli
