// The C emitter: a prepared Runtime turned into interpreter-free C99.
//
// The runtime's prepare already computed every kernel parameter and recorded each step as a KernelCall
// (kernel name, params struct, arguments). The emitter prints that description: constant tensors as
// `const` arrays (flash on an MCU), params structs as designated initialisers, one static arena of exactly
// the planned size, and one function that calls the kernels in order. The generated code calls the
// MCU kernels (src/kernels/ref, arm, common), includes no interpreter, allocates nothing and prints nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "runtime/runtime.h"

namespace eb {

struct CodegenOptions {
  // Prefix of the generated API (`<name>_run`, `<name>_invoke`); a C identifier.
  std::string name = "model";
  // Where the model came from, for the file comments.
  std::string source;
};

struct GeneratedModel {
  std::string header;              // model.h
  std::string source;              // model.c
  std::vector<std::string> kernels;  // the C kernels called, in first-use order
  int64_t arena_bytes = 0;         // the static arena
  int64_t constant_bytes = 0;      // constant tensors and prepare-time arrays (flash)
  int64_t input_bytes = 0;         // all inputs, concatenated
  int64_t output_bytes = 0;        // all outputs, concatenated
};

// A C identifier from a file name ("vww_96_int8.tflite" -> "vww_96_int8", "3d-net" -> "m_3d_net").
std::string CIdentifierFromPath(const std::string& path);

// Bytes of constant data the generated code holds (flash on an MCU): the constant tensors the calls read
// (each once), prepare-time arrays and params structs. Cheap: nothing is printed.
int64_t CountConstantBytes(const Graph& graph, const std::vector<KernelCall>& calls);

// Emits model.h and model.c for `rt`. Fails, naming the op, if a step has no C description.
Result<GeneratedModel> EmitC(const Runtime& rt, const CodegenOptions& options);
// The same from the pieces a Runtime holds: the graph (constant data), its memory plan and its calls.
Result<GeneratedModel> EmitC(const Graph& graph, const MemoryPlan& plan, const std::vector<KernelCall>& calls,
                             const CodegenOptions& options);

}  // namespace eb
