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

void PreprocessFlags::Add(CLI::App* cmd) {
  scale_opt_ = cmd->add_option("--scale", scale_, "Preprocessing: real = (pixel * scale - mean[c]) / std[c]");
  mean_opt_ = cmd->add_option("--mean", mean_, "Per-channel means, comma-separated (or one for all)")->delimiter(',');
  std_opt_ = cmd->add_option("--std", std_, "Per-channel standard deviations, comma-separated (or one for all)")
                 ->delimiter(',');
}

PreprocessOverrides PreprocessFlags::overrides() const {
  PreprocessOverrides o;
  if (scale_opt_ && scale_opt_->count()) o.scale = scale_;
  if (mean_opt_ && mean_opt_->count()) o.mean = mean_;
  if (std_opt_ && std_opt_->count()) o.std = std_;
  return o;
}

}  // namespace eb::cli
