// Whole-file reads and all-or-nothing writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path);

// Writes to "<path>.partial" and renames it over `path`, so a failure never leaves a partial file.
Status WriteFileAtomically(const std::string& path, const uint8_t* data, size_t size);

}  // namespace eb
