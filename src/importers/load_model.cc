#include "importers/load_model.h"

#include <filesystem>

#include "importers/tflite/tflite_importer.h"

namespace eb {

Result<Graph> LoadModel(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::Error(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) return Status::Error(path + ": is a directory, expected a model file");
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".onnx") return Status::Error(path + ": ONNX models are not supported yet");
  return ImportTfliteFile(path);
}

}  // namespace eb
