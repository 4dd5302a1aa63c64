#include "importers/load_model.h"

#include <cstring>
#include <filesystem>

#include "core/file_util.h"
#include "importers/onnx/onnx_importer.h"
#include "importers/tflite/tflite_importer.h"

namespace eb {

Result<Graph> LoadModel(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::Error(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) return Status::Error(path + ": is a directory, expected a model file");
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".onnx") return ImportOnnxFile(path);
  if (ext == ".tflite") return ImportTfliteFile(path);
  // Any other name: TFLite files carry "TFL3" at byte 4; otherwise try ONNX's protobuf, and report
  // errors as TFLite's when it is not one either.
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  const bool tflite = bytes->size() >= 8 && std::memcmp(bytes->data() + 4, "TFL3", 4) == 0;
  if (!tflite && LooksLikeOnnx(bytes->data(), bytes->size())) return ImportOnnx(bytes->data(), bytes->size(), path);
  return ImportTflite(bytes->data(), bytes->size(), path);
}

}  // namespace eb
