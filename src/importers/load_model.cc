#include "importers/load_model.h"

#include <cstring>
#include <filesystem>

#include "core/file_util.h"
#include "core/strings.h"
#include "importers/onnx/onnx_importer.h"
#include "importers/tflite/tflite_importer.h"

namespace eb {
namespace {

// TFLite inputs have static shapes: a bound shape must name an input and equal its shape.
Status CheckTfliteInputShapes(const Graph& g, const LoadOptions& options) {
  for (const auto& [name, dims] : options.input_shapes) {
    const Tensor* input = nullptr;
    for (int t : g.inputs) {
      if (g.tensor(t).name == name) input = &g.tensor(t);
    }
    if (!input) return Status::Error(g.name + ": --input-shape names '" + name + "', which is not a graph input");
    if (input->shape != dims) {
      return Status::Error(Format("%s: input '%s' has the static shape %s; a TFLite file cannot be given %s",
                                  g.name.c_str(), name.c_str(), ShapeString(input->shape).c_str(),
                                  ShapeString(dims).c_str()));
    }
  }
  return Status::Ok();
}

Result<Graph> Checked(Result<Graph> g, const LoadOptions& options) {
  if (!g.ok()) return g;
  EB_RETURN_IF_ERROR(CheckTfliteInputShapes(g.value(), options));
  return g;
}

}  // namespace

Result<Graph> LoadModel(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::Error(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) return Status::Error(path + ": is a directory, expected a model file");
  OnnxOptions onnx;
  onnx.input_shapes = options.input_shapes;
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".onnx") return ImportOnnxFile(path, onnx);
  if (ext == ".tflite") return Checked(ImportTfliteFile(path), options);
  // Any other name: TFLite files carry "TFL3" at byte 4; otherwise try ONNX's protobuf, and report
  // errors as TFLite's when it is not one either.
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  const bool tflite = bytes->size() >= 8 && std::memcmp(bytes->data() + 4, "TFL3", 4) == 0;
  if (!tflite && LooksLikeOnnx(bytes->data(), bytes->size())) return ImportOnnx(bytes->data(), bytes->size(), path, onnx);
  return Checked(ImportTflite(bytes->data(), bytes->size(), path), options);
}

Result<std::map<std::string, std::vector<int32_t>>> ParseInputShapes(const std::vector<std::string>& specs) {
  std::map<std::string, std::vector<int32_t>> out;
  for (const std::string& spec : specs) {
    const size_t eq = spec.rfind('=');
    const std::string bad = "--input-shape '" + spec + "': expected NAME=D1,D2,... with positive dimensions";
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) return Status::Error(bad);
    std::vector<int32_t> dims;
    size_t pos = eq + 1;
    while (pos <= spec.size()) {
      const size_t comma = std::min(spec.find(',', pos), spec.size());
      const std::string part = spec.substr(pos, comma - pos);
      if (part.empty() || part.size() > 9 || part.find_first_not_of("0123456789") != std::string::npos) {
        return Status::Error(bad);
      }
      const int32_t d = std::stoi(part);
      if (d <= 0) return Status::Error(bad);
      dims.push_back(d);
      pos = comma + 1;
    }
    const std::string name = spec.substr(0, eq);
    if (!out.emplace(name, std::move(dims)).second) {
      return Status::Error("--input-shape gives input '" + name + "' twice");
    }
  }
  return out;
}

}  // namespace eb
