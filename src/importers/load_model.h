// Opens a model file of any supported format: by extension (.tflite, .onnx), else by content (TFLite's
// "TFL3" identifier, or a protobuf that parses as an ONNX ModelProto). ONNX inputs with a symbolic batch
// dimension get batch 1.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

struct LoadOptions {
  // Graph input shapes bound by the user (`--input-shape name=1,16000`): an ONNX input's symbolic dimensions
  // take these values; a TFLite input's static shape must equal it (TFLite files carry static shapes).
  std::map<std::string, std::vector<int32_t>> input_shapes;
};

Result<Graph> LoadModel(const std::string& path, const LoadOptions& options = {});

// Parses `--input-shape` values, "name=1,16000" (the name is everything before the last '='; every dimension a
// positive integer), into LoadOptions::input_shapes. A name given twice is an error.
Result<std::map<std::string, std::vector<int32_t>>> ParseInputShapes(const std::vector<std::string>& specs);

}  // namespace eb
