// Opens a model file of any supported format: by extension (.tflite, .onnx), else by content (TFLite's
// "TFL3" identifier, or a protobuf that parses as an ONNX ModelProto). ONNX inputs with a symbolic batch
// dimension get batch 1.
#pragma once

#include <string>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

Result<Graph> LoadModel(const std::string& path);

}  // namespace eb
