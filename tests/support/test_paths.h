// Where tests find ../shared data, the source tree and the CLI binary.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace eb::test {

inline std::string SharedDir() { return EB_SHARED_DIR; }
inline std::string SharedPath(const std::string& rel) { return SharedDir() + "/" + rel; }
inline bool HaveShared() { return std::filesystem::is_directory(SharedPath("models/tflite")); }

// Every .tflite file under ../shared/models/tflite, sorted.
inline std::vector<std::string> SharedTfliteModels() {
  std::vector<std::string> out;
  if (!HaveShared()) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(SharedPath("models/tflite"))) {
    if (e.path().extension() == ".tflite") out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace eb::test
