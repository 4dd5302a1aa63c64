// Preprocessing that belongs to a model: how a raw uint8 pixel becomes the value its input expects.
//
//   real = (pixel * scale - mean[c]) / std[c]          (c = the pixel's channel)
//
// A float32 input receives `real`; an int8/uint8 input receives round(real / input_scale) + zero_point,
// clamped to the type's range. A model records its preprocessing as JSON in
// Graph::metadata["edgebench.preprocess"], e.g.
//   {"scale":0.00392156862745098,"mean":[0.4914,0.4822,0.4465],"std":[0.247,0.243,0.261]}
// Without it: float32 inputs take scale 1/255, mean 0, std 1; quantised inputs take scale = the input's
// own scale (so q = pixel + zero_point, MLPerf Tiny's convention: int8 = pixel - 128); a uint8 input without
// quantisation takes scale 1 (the pixel bytes as they are).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

inline constexpr const char* kPreprocessMetadataKey = "edgebench.preprocess";

struct Preprocess {
  double scale = 1.0 / 255.0;
  std::vector<float> mean;  // one value per channel or one for all; empty means 0
  std::vector<float> std;   // one value per channel or one for all; empty means 1
};

// Field-by-field replacements (from CLI flags).
struct PreprocessOverrides {
  std::optional<double> scale;
  std::optional<std::vector<float>> mean, std;
};

struct ResolvedPreprocess {
  Preprocess pp;
  std::string origin;  // "model metadata", "default for a float32 input", "... + flags"
};

// Parses the metadata JSON; `where` prefixes errors.
Result<Preprocess> ParsePreprocessJson(const std::string& json, const std::string& where);
// The metadata JSON of `pp` (mean/std omitted when empty).
std::string PreprocessToJson(const Preprocess& pp);

// The preprocessing of graph input 0: the default for its type, replaced by the model's metadata when it
// has some, then by each override given.
Result<ResolvedPreprocess> ResolvePreprocess(const Graph& graph, const PreprocessOverrides& overrides);

// "scale=0.00392157 mean=[0.4914,0.4822,0.4465] std=[0.247,0.243,0.261]"
std::string DescribePreprocess(const Preprocess& pp);

// Writes images of one geometry into one model input. Create() checks everything once (type, quantisation,
// layout, channel counts); Fill() is a table lookup per byte.
class InputFiller {
 public:
  // How the input holds an H x W x C image: [1,H,W,C], [1,C,H,W] (ONNX models keep NCHW at their
  // boundary), or flat [1,H*W*C] (also [1,H,W] for one channel). NHWC wins when both shapes fit.
  enum class Layout { kNHWC, kNCHW, kFlat };

  static Result<InputFiller> Create(const Tensor& input, const Preprocess& pp, int height, int width, int channels);

  // `hwc` holds height*width*channels pixels; `dst` the input tensor's num_bytes().
  void Fill(std::span<const uint8_t> hwc, uint8_t* dst) const;
  Layout layout() const { return layout_; }

 private:
  InputFiller() = default;
  Layout layout_ = Layout::kNHWC;
  size_t pixels_ = 0, channels_ = 0;
  size_t elem_bytes_ = 0;
  std::vector<uint8_t> table_;  // [channel][pixel value] -> the element's bytes (float or int8/uint8)
};

const char* LayoutName(InputFiller::Layout l);

}  // namespace eb
