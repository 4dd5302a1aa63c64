// Helpers shared by the CLI verbs: failing with a message, describing tensors.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/status.h"
#include "datasets/preprocess.h"
#include "importers/load_model.h"
#include "ir/tensor.h"
#include "runtime/runtime.h"

namespace eb::cli {

// Prints "edgebench: error: <message>" and ends the command with exit code 1.
[[noreturn]] void Fail(const Status& status);

// Unwraps a Result or fails with its error.
template <class T>
T Check(Result<T> r) {
  if (!r.ok()) Fail(r.status());
  return std::move(r.value());
}

// "int8 [1,96,96,3] scale=0.00392157 zero_point=-128"
std::string DescribeTensor(const Tensor& t);
nlohmann::json TensorJson(const Tensor& t);

// --scale, --mean and --std: preprocessing overrides (datasets/preprocess.h), each set only when given.
// Add() registers the options; the object must outlive the command (verbs keep it in their options).
class PreprocessFlags {
 public:
  void Add(CLI::App* cmd);
  PreprocessOverrides overrides() const;

 private:
  double scale_ = 0;
  std::vector<float> mean_, std_;
  CLI::Option *scale_opt_ = nullptr, *mean_opt_ = nullptr, *std_opt_ = nullptr;
};

// --isa and --threads: how the host engine runs. --isa (or the EB_ISA environment variable, which the flag
// overrides) forces an x86-64 level: ref (the portable kernels), avx2, avx512 or avx512vnni; a level the CPU
// lacks is an error. Default: the best level this CPU has.
class EngineFlags {
 public:
  // threads = false: --isa only (a verb with its own --threads).
  void Add(CLI::App* cmd, bool threads = true);
  // The host target and thread count; fails with a clear error for a bad --isa / EB_ISA.
  RuntimeOptions options() const;

 private:
  std::string isa_;
  int threads_ = 1;
};

// --input-shape NAME=D1,D2,... (repeatable), for every verb that loads a model: binds an input's symbolic
// dimensions (an ONNX sequence or sample count). `Load()` opens the model with them.
struct InputShapes {
  std::vector<std::string> specs;
  void Add(CLI::App* cmd);
  LoadOptions options() const;  // exits with the parse error
};
// LoadModel with the shapes, or exit with its error.
Graph Load(const std::string& path, const InputShapes& shapes);

// --optimize speed|size for the verbs that prepare for an MCU (codegen, firmware): how to trade flash for cycles.
void AddMcuOptimizeOption(CLI::App* cmd, std::string& optimize);

}  // namespace eb::cli
