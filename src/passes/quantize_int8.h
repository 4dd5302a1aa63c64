// Post-training int8 (or int16x8) quantisation to the TFLite quantisation spec, from calibrated activation ranges.
//
//   weights   CONV_2D, DEPTHWISE_CONV_2D: symmetric per-channel int8 (scale = max|w|/127, zero point 0),
//             along the output-channel axis (0 for CONV_2D, 3 for DEPTHWISE_CONV_2D); FULLY_CONNECTED:
//             per-tensor (per-channel along axis 0 on request)
//   bias      int32, scale = input scale * weight scale (per channel), zero point 0
//   activations  asymmetric int8 from the range (widened to include 0): scale = (max-min)/255,
//             zero point = round(-128 - min/scale) clamped to [-128,127]
//   fixed     SOFTMAX and LOGISTIC outputs 1/256, -128; TANH 1/128, 0
//   shared    RESHAPE, SQUEEZE, EXPAND_DIMS, TRANSPOSE, MAX_POOL_2D, PAD/PADV2 outputs take their input's
//             parameters (the kernels copy bytes)
// Other float32 constants an int8 op reads (an ADD operand) are quantised per-tensor from their own range.
// Fused activations stay op attributes: the int8 kernels clamp to them.
// With int8_io the graph inputs and outputs become int8; otherwise they stay float32 and a QUANTIZE after
// each input and a DEQUANTIZE before each output convert at the boundary (the boundary tensors keep their
// names).
#pragma once

#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "passes/calibrate.h"
#include "passes/pass_report.h"

namespace eb {

struct Int8Options {
  bool int8_io = true;            // quantised graph inputs/outputs (int16 ones with int16x8)
  bool per_channel_dense = false;
  // int16x8 (TFLite's 16-bit activation scheme): activations symmetric int16 (zero point 0, scale =
  // max|range| / 32767), weights int8 as above, biases int64. An op without int16x8 kernels stays float32, with
  // a DEQUANTIZE before and a QUANTIZE after it where it meets int16 tensors (reported as a float island).
  bool int16x8 = false;
};

// The asymmetric int8 parameters of a range (0 is always representable).
Quant ActivationQuant(float min, float max);
// The symmetric int16 parameters of a range (zero point 0).
Quant ActivationQuant16(float min, float max);

// Quantises a float32 graph in place. `ranges` is indexed like graph.tensors (see CalibrateRanges).
// Fails, naming the op and its index, for an op without an int8 kernel or a tensor without a range.
Status QuantizeInt8(Graph& graph, const std::vector<TensorRange>& ranges, const Int8Options& options,
                    PassReport* report = nullptr);

}  // namespace eb
