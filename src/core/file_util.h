// Whole-file reads and all-or-nothing writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

// No file edgebench reads may hold 2 GiB or more: protobuf and flatbuffers cap a model below 2 GiB, and
// inputs, datasets and firmware images are far smaller.
constexpr int64_t kMaxFileBytes = (int64_t{1} << 31) - 1;

// Reads a whole file of at most `max_bytes`. A larger one is refused before it is read: a regular file by
// its size, a pipe or device (whose size is not known in advance) once max_bytes + 1 bytes have arrived.
// The error reads "<path>: holds N bytes, but <limit> M" ("holds more than M bytes" when the size is not
// known); `limit` defaults to "it may hold at most".
Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path, int64_t max_bytes = kMaxFileBytes,
                                           const std::string& limit = "");

// Writes to "<path>.partial" and renames it over `path`, so a failure never leaves a partial file.
Status WriteFileAtomically(const std::string& path, const uint8_t* data, size_t size);

}  // namespace eb
