// Writes an IR graph as a standard .tflite flatbuffer that edgebench and other TFLite runtimes read.
//
// Tensors, quantisation (per-tensor and per-axis), operator options and constant buffers go in the
// format's standard places; Graph::metadata entries are stored as named metadata buffers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

Result<std::vector<uint8_t>> ExportTflite(const Graph& graph);

// Exports and writes to `path` through a temporary file, so a failure leaves no partial file behind.
Status ExportTfliteFile(const Graph& graph, const std::string& path);

}  // namespace eb
