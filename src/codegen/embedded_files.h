// Source files compiled into the edgebench binary: the MCU kernels (src/kernels/ref, arm, common) and the
// Cortex-M4 firmware harness (firmware/cortex-m4). `codegen` writes them next to the generated model so
// that the output folder builds on its own.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace eb {

struct EmbeddedFile {
  const char* path;      // relative to the repository root, e.g. "src/kernels/ref/conv2d.c"
  const char* data;
  size_t size;
  std::string_view text() const { return {data, size}; }
  // The file name without its folder.
  std::string_view name() const {
    std::string_view p(path);
    return p.substr(p.rfind('/') + 1);
  }
};

// Every embedded file, in a fixed order.
std::span<const EmbeddedFile> EmbeddedFiles();

}  // namespace eb
