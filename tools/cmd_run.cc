// `edgebench run MODEL --input FILE | --random SEED [--output FILE]`: one inference on raw tensor bytes.
#include <cstdio>
#include <cstring>
#include <random>

#include "cli_util.h"
#include "commands.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "importers/load_model.h"
#include "runtime/runtime.h"

namespace eb::cli {
namespace {

struct RunOptions {
  std::string model, input, output;
  int64_t seed = -1;
  bool quiet = false;
  EngineFlags engine;
  InputShapes shapes;
};

// Fills an input with seeded values across the type's range (floats in [-1, 1]).
void FillRandom(const Tensor& t, uint8_t* dst, std::mt19937& rng) {
  const int64_t n = t.num_elements();
  switch (t.dtype) {
    case DType::kF32: {
      std::uniform_real_distribution<float> d(-1.0f, 1.0f);
      for (int64_t i = 0; i < n; ++i) reinterpret_cast<float*>(dst)[i] = d(rng);
      break;
    }
    case DType::kI8: {
      std::uniform_int_distribution<int> d(-128, 127);
      for (int64_t i = 0; i < n; ++i) reinterpret_cast<int8_t*>(dst)[i] = static_cast<int8_t>(d(rng));
      break;
    }
    default: {
      std::uniform_int_distribution<int> d(0, 255);
      for (int64_t i = 0; i < t.num_bytes(); ++i) dst[i] = static_cast<uint8_t>(d(rng));
      break;
    }
  }
}

double ElementAsDouble(const Tensor& t, const uint8_t* p, int64_t i) {
  switch (t.dtype) {
    case DType::kF32: return reinterpret_cast<const float*>(p)[i];
    case DType::kI8: return reinterpret_cast<const int8_t*>(p)[i];
    case DType::kU8: return reinterpret_cast<const uint8_t*>(p)[i];
    case DType::kI16: return reinterpret_cast<const int16_t*>(p)[i];
    case DType::kI32: return reinterpret_cast<const int32_t*>(p)[i];
    case DType::kI64: return static_cast<double>(reinterpret_cast<const int64_t*>(p)[i]);
    case DType::kBool: return p[i] != 0;
    case DType::kF16: return static_cast<double>(reinterpret_cast<const uint16_t*>(p)[i]);
  }
  return 0;
}

// Prints an output's values; quantised outputs also as real numbers.
void PrintTensor(const Tensor& t, const uint8_t* p) {
  constexpr int64_t kMaxShown = 64;
  const int64_t n = t.num_elements();
  std::printf("'%s' %s\n  values:", t.name.c_str(), DescribeTensor(t).c_str());
  for (int64_t i = 0; i < std::min(n, kMaxShown); ++i) std::printf(" %.9g", ElementAsDouble(t, p, i));
  if (n > kMaxShown) std::printf(" ... (%lld more)", static_cast<long long>(n - kMaxShown));
  std::printf("\n");
  if (t.quant.scale.size() == 1) {
    std::printf("  real:  ");
    for (int64_t i = 0; i < std::min(n, kMaxShown); ++i) {
      std::printf(" %.6g", t.quant.scale[0] * (ElementAsDouble(t, p, i) - static_cast<double>(t.quant.zero_point[0])));
    }
    if (n > kMaxShown) std::printf(" ...");
    std::printf("\n");
  }
}

void RunRun(const RunOptions& o) {
  if (o.input.empty() == (o.seed < 0)) Fail(Status::Error("give exactly one of --input FILE and --random SEED"));
  auto rt = Check(Runtime::Create(Load(o.model, o.shapes), o.engine.options()));
  const Graph& g = rt->graph();
  int64_t in_bytes = 0;
  for (size_t i = 0; i < g.inputs.size(); ++i) in_bytes += rt->input_tensor(i).num_bytes();
  if (!o.input.empty()) {
    std::string want;
    for (size_t i = 0; i < g.inputs.size(); ++i) want += (i ? " + " : "") + DescribeTensor(rt->input_tensor(i));
    const std::string need = Format("the model's inputs (%s) need", want.c_str());
    // Read with the model's size as the bound: a larger file (or /dev/zero) is refused before it is read.
    const std::vector<uint8_t> bytes = Check(ReadFileBytes(o.input, in_bytes, need));
    if (static_cast<int64_t>(bytes.size()) != in_bytes) {
      Fail(Status::Error(Format("%s: holds %zu bytes, but %s %lld", o.input.c_str(), bytes.size(), need.c_str(),
                                static_cast<long long>(in_bytes))));
    }
    size_t off = 0;
    for (size_t i = 0; i < g.inputs.size(); ++i) {
      const size_t n = static_cast<size_t>(rt->input_tensor(i).num_bytes());
      std::memcpy(rt->input(i), bytes.data() + off, n);
      off += n;
    }
  } else {
    std::mt19937 rng(static_cast<uint32_t>(o.seed));
    for (size_t i = 0; i < g.inputs.size(); ++i) FillRandom(rt->input_tensor(i), rt->input(i), rng);
  }
  rt->Invoke();
  std::vector<uint8_t> out;
  for (size_t i = 0; i < g.outputs.size(); ++i) {
    const Tensor& t = rt->output_tensor(i);
    out.insert(out.end(), rt->output(i), rt->output(i) + t.num_bytes());
    if (!o.quiet) {
      std::printf("Output %zu ", i);
      PrintTensor(t, rt->output(i));
    }
  }
  if (!o.output.empty()) {
    Status s = WriteFileAtomically(o.output, out.data(), out.size());
    if (!s.ok()) Fail(s);
    if (!o.quiet) std::printf("Wrote %zu bytes to %s\n", out.size(), o.output.c_str());
  }
}

}  // namespace

void AddRun(CLI::App& app) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run one inference. Inputs and outputs are raw tensor bytes (row-major, the tensor's own type), "
             "all inputs (or outputs) concatenated in order.");
  o->shapes.Add(cmd);
  cmd->add_option("model", o->model, "Model file (.tflite or .onnx)")->required();
  cmd->add_option("--input,-i", o->input, "File with the raw input bytes");
  cmd->add_option("--random", o->seed, "Use seeded pseudo-random inputs instead of a file")->check(CLI::NonNegativeNumber);
  cmd->add_option("--output,-o", o->output, "Write the raw output bytes to this file");
  cmd->add_flag("--quiet,-q", o->quiet, "Do not print the outputs");
  o->engine.Add(cmd);
  cmd->callback([o] { RunRun(*o); });
}

}  // namespace eb::cli
