#include "datasets/preprocess.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace eb {
namespace {

Result<std::vector<float>> ParseFloatList(const nlohmann::json& j, const std::string& what) {
  std::vector<float> out;
  if (j.is_number()) {
    out.push_back(j.get<float>());
  } else if (j.is_array() && !j.empty()) {
    for (const auto& v : j) {
      if (!v.is_number()) return Status::Error(what + " holds a non-number");
      out.push_back(v.get<float>());
    }
  } else {
    return Status::Error(what + " must be a number or a non-empty array of numbers");
  }
  return out;
}

std::string ListString(const std::vector<float>& v) {
  std::ostringstream s;
  s << '[';
  for (size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
  s << ']';
  return s.str();
}

// Value of a per-channel list for channel c (a single value serves every channel).
float PerChannel(const std::vector<float>& v, size_t c, float fallback) {
  if (v.empty()) return fallback;
  return v.size() == 1 ? v[0] : v[c];
}

}  // namespace

Result<Preprocess> ParsePreprocessJson(const std::string& json, const std::string& where) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::Error(where + ": not a JSON object: " + json);
  Preprocess pp;
  if (j.contains("scale")) {
    if (!j["scale"].is_number()) return Status::Error(where + ": \"scale\" must be a number");
    pp.scale = j["scale"].get<double>();
  }
  for (const char* key : {"mean", "std"}) {
    if (!j.contains(key)) continue;
    auto v = ParseFloatList(j[key], where + ": \"" + key + "\"");
    if (!v.ok()) return v.status();
    (std::string(key) == "mean" ? pp.mean : pp.std) = std::move(v.value());
  }
  return pp;
}

std::string PreprocessToJson(const Preprocess& pp) {
  nlohmann::json j;
  j["scale"] = pp.scale;
  if (!pp.mean.empty()) j["mean"] = pp.mean;
  if (!pp.std.empty()) j["std"] = pp.std;
  return j.dump();
}

std::string DescribePreprocess(const Preprocess& pp) {
  std::string s = Format("scale=%.9g", pp.scale);
  s += " mean=" + (pp.mean.empty() ? std::string("0") : ListString(pp.mean));
  s += " std=" + (pp.std.empty() ? std::string("1") : ListString(pp.std));
  return s;
}

Result<ResolvedPreprocess> ResolvePreprocess(const Graph& graph, const PreprocessOverrides& o) {
  if (graph.inputs.empty()) return Status::Error(graph.name + ": the model has no input");
  const Tensor& in = graph.tensor(graph.inputs[0]);
  ResolvedPreprocess r;
  if (in.dtype == DType::kF32) {
    r.origin = "default for a float32 input";
  } else if ((in.dtype == DType::kI8 || in.dtype == DType::kU8) && in.quant.scale.size() == 1) {
    r.pp.scale = in.quant.scale[0];
    r.origin = in.dtype == DType::kI8 ? "default for an int8 input: real = pixel * input scale"
                                      : "default for a uint8 input: real = pixel * input scale";
  } else if (in.dtype == DType::kI16) {
    r.origin = "default for an int16 input: real = pixel / 255";
  } else if (in.dtype == DType::kU8 && in.quant.scale.empty()) {
    r.pp.scale = 1.0;
    r.origin = "default for a plain uint8 input: the pixel bytes as they are";
  } else {
    r.origin = "default";
  }
  if (auto it = graph.metadata.find(kPreprocessMetadataKey); it != graph.metadata.end()) {
    auto pp = ParsePreprocessJson(it->second, graph.name + ": metadata " + kPreprocessMetadataKey);
    if (!pp.ok()) return pp.status();
    r.pp = std::move(pp.value());
    r.origin = "model metadata";
  }
  if (o.scale || o.mean || o.std) {
    if (o.scale) r.pp.scale = *o.scale;
    if (o.mean) r.pp.mean = *o.mean;
    if (o.std) r.pp.std = *o.std;
    r.origin += ", overridden by flags";
  }
  return r;
}

const char* LayoutName(InputFiller::Layout l) {
  switch (l) {
    case InputFiller::Layout::kNHWC: return "NHWC";
    case InputFiller::Layout::kNCHW: return "NCHW";
    case InputFiller::Layout::kFlat: return "flat";
  }
  return "?";
}

Result<InputFiller> InputFiller::Create(const Tensor& input, const Preprocess& pp, int height, int width,
                                        int channels) {
  const std::string what = Format("model input '%s' %s %s", input.name.c_str(),
                                  std::string(DTypeName(input.dtype)).c_str(), ShapeString(input.shape).c_str());
  const std::vector<int32_t>& s = input.shape;
  const int64_t h = height, w = width, c = channels;
  InputFiller f;
  if (s.size() == 4 && s[0] == 1 && s[1] == h && s[2] == w && s[3] == c) {
    f.layout_ = Layout::kNHWC;
  } else if (s.size() == 4 && s[0] == 1 && s[1] == c && s[2] == h && s[3] == w) {
    f.layout_ = Layout::kNCHW;
  } else if ((s.size() == 2 && s[0] == 1 && s[1] == h * w * c) ||
             (s.size() == 3 && c == 1 && s[0] == 1 && s[1] == h && s[2] == w)) {
    f.layout_ = Layout::kFlat;
  } else {
    return Status::Error(Format("%s does not fit %dx%dx%d images (HxWxC; images are not resized): expected "
                                "[1,%d,%d,%d], [1,%d,%d,%d] or [1,%lld]",
                                what.c_str(), height, width, channels, height, width, channels, channels, height,
                                width, static_cast<long long>(h * w * c)));
  }
  for (const auto* list : {&pp.mean, &pp.std}) {
    if (list->size() > 1 && list->size() != static_cast<size_t>(channels)) {
      return Status::Error(Format("preprocessing %s: %s has %zu values but the images have %d channels",
                                  DescribePreprocess(pp).c_str(), list == &pp.mean ? "mean" : "std", list->size(),
                                  channels));
    }
  }
  if (!std::isfinite(pp.scale) || pp.scale == 0) {
    return Status::Error(Format("preprocessing scale %g is not a finite non-zero number", pp.scale));
  }
  for (float v : pp.std) {
    if (v == 0 || !std::isfinite(v)) return Status::Error("preprocessing std " + ListString(pp.std) + " holds 0 or a non-finite value");
  }
  for (float v : pp.mean) {
    if (!std::isfinite(v)) return Status::Error("preprocessing mean " + ListString(pp.mean) + " holds a non-finite value");
  }

  const bool quantized = input.dtype == DType::kI8 || input.dtype == DType::kU8 || input.dtype == DType::kI16;
  if (input.dtype != DType::kF32 && !quantized) {
    return Status::Error(what + ": only float32, int8, uint8 and int16 image inputs are supported");
  }
  // A uint8 input without quantisation (raw pixels, often CAST to float inside the model) holds real values
  // directly: scale 1, zero point 0.
  const bool plain_u8 = input.dtype == DType::kU8 && input.quant.scale.empty();
  const double in_scale = plain_u8 ? 1.0 : (input.quant.scale.empty() ? 0.0 : input.quant.scale[0]);
  const double in_zp = plain_u8 || input.quant.zero_point.empty() ? 0.0 : static_cast<double>(input.quant.zero_point[0]);
  if (quantized && !plain_u8 && (input.quant.scale.size() != 1 || !(input.quant.scale[0] > 0))) {
    return Status::Error(what + ": a quantised image input needs one positive scale (per-tensor quantisation)");
  }
  f.pixels_ = static_cast<size_t>(h * w);
  f.channels_ = static_cast<size_t>(c);
  f.elem_bytes_ = DTypeSize(input.dtype);
  f.table_.resize(f.channels_ * 256 * f.elem_bytes_);
  for (size_t ch = 0; ch < f.channels_; ++ch) {
    const double mean = PerChannel(pp.mean, ch, 0.0f), std = PerChannel(pp.std, ch, 1.0f);
    for (int px = 0; px < 256; ++px) {
      // In double and rounded once, so that the default int8 mapping (real = pixel * input scale) gives
      // exactly pixel + zero_point.
      const double real = (px * pp.scale - mean) / std;
      uint8_t* slot = f.table_.data() + (ch * 256 + static_cast<size_t>(px)) * f.elem_bytes_;
      if (!quantized) {
        const float v = static_cast<float>(real);
        std::memcpy(slot, &v, sizeof v);
        continue;
      }
      const double q = std::round(real / in_scale) + in_zp;
      if (input.dtype == DType::kI8) {
        const int8_t v = static_cast<int8_t>(std::clamp(q, -128.0, 127.0));
        std::memcpy(slot, &v, 1);
      } else if (input.dtype == DType::kI16) {
        const int16_t v = static_cast<int16_t>(std::clamp(q, -32768.0, 32767.0));
        std::memcpy(slot, &v, 2);
      } else {
        *slot = static_cast<uint8_t>(std::clamp(q, 0.0, 255.0));
      }
    }
  }
  return f;
}

void InputFiller::Fill(std::span<const uint8_t> hwc, uint8_t* dst) const {
  const size_t eb = elem_bytes_;
  if (layout_ == Layout::kNCHW) {
    for (size_t p = 0; p < pixels_; ++p) {
      for (size_t c = 0; c < channels_; ++c) {
        std::memcpy(dst + (c * pixels_ + p) * eb, table_.data() + (c * 256 + hwc[p * channels_ + c]) * eb, eb);
      }
    }
    return;
  }
  for (size_t p = 0; p < pixels_; ++p) {
    for (size_t c = 0; c < channels_; ++c) {
      const size_t i = p * channels_ + c;
      std::memcpy(dst + i * eb, table_.data() + (c * 256 + hwc[i]) * eb, eb);
    }
  }
}

}  // namespace eb
