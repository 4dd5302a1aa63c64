// libFuzzer harness: bytes -> ImportTflite -> Runtime::Create (portable C and host kernels) -> Invoke.
// A hostile file must end in an error Status; ASan and UBSan turn anything else into a report.
#include <cstddef>
#include <cstdint>

#include "fuzz_runtime.h"
#include "importers/tflite/tflite_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto graph = eb::ImportTflite(data, size, "fuzz.tflite");
  if (graph.ok()) eb::fuzz::CreateAndInvoke(*graph);
  return 0;
}
