// Where tests find ../shared data, the source tree and the CLI binary.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
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

// The CIFAR-10 test set in the official binary format, as scripts/setup.sh converts it from the shared
// JPEG copy: $EB_CIFAR10_DIR, else build/data/cifar10 in the source tree. Empty when it is not there.
inline std::string Cifar10BinDir() {
  const char* env = std::getenv("EB_CIFAR10_DIR");
  const std::string dir = env && *env ? env : std::string(EB_SOURCE_DIR) + "/build/data/cifar10";
  return std::filesystem::is_regular_file(dir + "/test_batch.bin") ? dir : std::string();
}

// Whole-test-set evaluations take tens of seconds per model in Release; scripts/test.sh sets
// EB_FULL_EVAL=1 for the Release run only, so the sanitizer build (and a bare ctest) stays quick.
inline bool FullEval() {
  const char* v = std::getenv("EB_FULL_EVAL");
  return v && std::string(v) == "1";
}

inline std::vector<uint8_t> ReadBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

}  // namespace eb::test
