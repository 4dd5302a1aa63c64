#include "codegen/c_project.h"

#include <filesystem>

#include "codegen/embedded_files.h"
#include "core/file_util.h"

namespace eb {

Status WriteTextFile(const std::string& path, std::string_view text) {
  return WriteFileAtomically(path, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

Status WriteEmbeddedFiles(std::string_view prefix, const std::string& dest) {
  std::error_code ec;
  std::filesystem::create_directories(dest, ec);
  if (ec) return Status::Error(dest + ": cannot create the folder: " + ec.message());
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (!std::string_view(f.path).starts_with(prefix)) continue;
    EB_RETURN_IF_ERROR(WriteTextFile(dest + "/" + std::string(f.name()), f.text()));
  }
  return Status::Ok();
}

Status WriteCProject(const GeneratedModel& model, const std::string& dir) {
  EB_RETURN_IF_ERROR(WriteEmbeddedFiles("src/kernels/", dir + "/kernels"));
  EB_RETURN_IF_ERROR(WriteTextFile(dir + "/model.h", model.header));
  return WriteTextFile(dir + "/model.c", model.source);
}

}  // namespace eb
