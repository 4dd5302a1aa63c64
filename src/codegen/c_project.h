// Writing generated C to a folder that builds on its own: model.c, model.h and the portable kernels.
#pragma once

#include <string>
#include <string_view>

#include "codegen/c_emitter.h"
#include "core/status.h"

namespace eb {

// Writes <dir>/model.c, <dir>/model.h and every C kernel source into <dir>/kernels/ (creating folders).
Status WriteCProject(const GeneratedModel& model, const std::string& dir);

// Writes the embedded files whose path starts with `prefix` into `dest` (by file name).
Status WriteEmbeddedFiles(std::string_view prefix, const std::string& dest);

// Writes `text` to `path` (whole file, replaced if present).
Status WriteTextFile(const std::string& path, std::string_view text);

}  // namespace eb
