#include "cli_util.h"

#include <cstdio>
#include <cstdlib>

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

void EngineFlags::Add(CLI::App* cmd, bool threads) {
  cmd->add_option("--isa", isa_,
                  "x86-64 kernel level for the host: ref, avx2, avx512, avx512vnni (default: the best this CPU has, "
                  "or EB_ISA)")
      ->check(CLI::IsMember({"ref", "avx2", "avx512", "avx512vnni"}));
  if (!threads) return;
  cmd->add_option("--threads", threads_, "Threads each kernel call may split its work over (default 1)")
      ->check(CLI::Range(1, 256));
}

RuntimeOptions EngineFlags::options() const {
  RuntimeOptions o;
  std::string isa = isa_;
  const char* env = std::getenv("EB_ISA");
  if (isa.empty() && env && *env) isa = env;
  if (!isa.empty()) {
    const Result<Isa> level = ParseIsa(isa);
    if (!level.ok()) Fail(level.status().With(isa_.empty() ? "EB_ISA: " : "--isa: "));
    o.target = Check(KernelTarget::Host(level.value()));
  }
  o.threads = threads_;
  return o;
}

void InputShapes::Add(CLI::App* cmd) {
  cmd->add_option("--input-shape", specs,
                  "NAME=D1,D2,...: the shape of graph input NAME, binding its symbolic dimensions (an ONNX model's "
                  "sequence or sample count, e.g. audio=1,16000); repeat for several inputs")
      ->type_name("NAME=DIMS");
}

LoadOptions InputShapes::options() const {
  LoadOptions o;
  o.input_shapes = Check(ParseInputShapes(specs));
  return o;
}

Graph Load(const std::string& path, const InputShapes& shapes) { return Check(LoadModel(path, shapes.options())); }

void AddMcuOptimizeOption(CLI::App* cmd, std::string& optimize) {
  cmd->add_option("--optimize", optimize,
                  "speed (default): per layer the fastest kernel layouts (16-bit filters, Winograd) that keep the "
                  "firmware within --flash-kb, giving them up where they save the most flash per cycle; size: int8 "
                  "filters everywhere")
      ->check(CLI::IsMember({"speed", "size"}));
}

}  // namespace eb::cli
