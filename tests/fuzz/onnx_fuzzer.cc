// libFuzzer harness: bytes -> ImportOnnx -> Runtime::Create (portable C and host kernels) -> Invoke.
// A hostile file must end in an error Status; ASan and UBSan turn anything else into a report.
#include <cstddef>
#include <cstdint>

#include <google/protobuf/stubs/logging.h>

#include "fuzz_runtime.h"
#include "importers/onnx/onnx_importer.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // A malformed protobuf is an expected outcome; its parser's log lines would only drown libFuzzer's.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto graph = eb::ImportOnnx(data, size, "fuzz.onnx");
  if (graph.ok()) eb::fuzz::CreateAndInvoke(*graph);
  return 0;
}
