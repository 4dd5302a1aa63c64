// Reads an ONNX model (opsets 7 to 17 of the default domain) into the IR.
//
// Graph inputs and outputs keep ONNX's layout (NCHW for images), so data is fed as to PyTorch or ONNX
// Runtime. Inside, 4-D activations of layout-sensitive ops (Conv, pooling, BatchNormalization) are NHWC:
// the importer tracks each value's layout and inserts TRANSPOSE (or a free RESHAPE where the bytes do not
// move) only where a consumer needs the other one. Weights are converted once (OIHW -> OHWI, 1HWO for
// depthwise, [out][in] for fully connected). A malformed protobuf, an unsupported operator, attribute,
// element type or shape ends in an error naming the node; nothing in a hostile file makes it crash.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

struct OnnxOptions {
  // The batch size given to a graph input whose dimension 0 is symbolic (dim_param, 0, -1 or missing).
  // Every other dimension must be static.
  int batch = 1;
  // Shapes bound by the user (`--input-shape name=1,16000`), by graph input name: they give the value of every
  // symbolic dimension (the batch's too) and must agree with the static ones and the rank.
  std::map<std::string, std::vector<int32_t>> input_shapes;
};

// Parses a serialized onnx.ModelProto held in memory. `origin` names it in error messages.
Result<Graph> ImportOnnx(const uint8_t* data, size_t size, const std::string& origin, const OnnxOptions& opts = {});

// Reads and parses a .onnx file.
Result<Graph> ImportOnnxFile(const std::string& path, const OnnxOptions& opts = {});

// True if the bytes parse as an ONNX ModelProto with a graph (used to route files without the extension).
bool LooksLikeOnnx(const uint8_t* data, size_t size);

// The ONNX operators the importer converts (default domain), sorted; for help texts and the README.
const std::vector<std::string>& OnnxSupportedOps();

}  // namespace eb
