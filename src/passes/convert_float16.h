// Pass: float16 weights. The float32 constant filters of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED
// are stored as IEEE half precision (half the bytes) and a DEQUANTIZE (float16 -> float32) op feeds each
// back to its readers, who still compute in float32. This is the layout TFLite's float16 quantisation
// writes, so the exported .tflite runs in other runtimes too. Biases stay float32, as TFLite keeps them.
//
// Each DEQUANTIZE is placed just before the first reader of its weights, so the planner keeps the
// float32 copy alive only while it is used. The original float32 tensor (name, shape, readers) stays
// and becomes the DEQUANTIZE's output; the half-precision constant is named "<name>/float16".
// Filters that anything else reads, or that are not float32 constants, are left alone.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

// IEEE 754 binary32 -> binary16, round to nearest even: subnormal halves where the value is below
// 2^-14, +-inf at and beyond 65520 (the midpoint above the largest half, 65504), NaN stays NaN (quiet).
uint16_t FloatToHalf(float f);

Status ConvertFloat16(Graph& graph, PassReport* report = nullptr);

}  // namespace eb
