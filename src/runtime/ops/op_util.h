// Prepare-time helpers shared by several ops: output geometry, activation ranges, requantisation.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/op.h"
#include "ir/tensor.h"
#include "runtime/op_context.h"

namespace eb {

// Output size and leading padding of one spatial dimension, as TFLite computes them.
struct SpatialDim {
  int32_t out = 0;
  int32_t pad_before = 0;
};
SpatialDim ComputeSpatial(Padding padding, int32_t in, int32_t kernel, int32_t stride, int32_t dilation);

// Float clamp of a fused activation.
Status FloatActivationRange(const OpContext& ctx, Activation a, float* lo, float* hi);

// Clamp of a fused activation in the quantised domain of `out` (TFLM's
// CalculateActivationRangeQuantized: zero_point + round(limit / scale), intersected with the type range).
Status QuantActivationRange(const OpContext& ctx, Activation a, const Tensor& out, int32_t* lo, int32_t* hi);

// The value range of an integer type.
void TypeRange(DType t, int32_t* lo, int32_t* hi);

// True when t's values are known at prepare time (a constant with all its bytes), so prepare may lay them
// out anew for a kernel.
inline bool HasConstantData(const Tensor& t) {
  return t.is_constant && t.num_bytes() == static_cast<int64_t>(t.data.size());
}
// HasConstantData of a weighted op's filter (input 1) and of its bias (input 2) when it has one.
inline bool HasConstantWeights(const OpContext& ctx) {
  return HasConstantData(ctx.input(1)) && (!ctx.has_input(2) || HasConstantData(ctx.input(2)));
}

// Per-output-channel multipliers for conv-like ops: in_scale * filter_scale[c] / out_scale computed in
// double (TFLM's PopulateConvolutionQuantizationParams). A per-tensor filter scale is repeated.
struct ChannelRequant {
  std::vector<int32_t> mult, shift;
};
ChannelRequant PerChannelMultipliers(const Tensor& in, const Tensor& filter, const Tensor& out, int32_t channels);

// Checks an int8 conv-like op's filter quantisation: symmetric, one scale or one per output channel.
Status CheckFilterQuant(const OpContext& ctx, const Tensor& filter, int32_t channels, int channel_axis);

// Checks the optional bias input (index 2): float32 for float ops, int32 for int8 ops, `channels` long.
Status CheckBias(const OpContext& ctx, DType want, int32_t channels);

// Checks the types of a weighted op (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED): input 0, filter 1,
// optional bias 2 and the output are all float32, or int8 with per-tensor input/output quantisation,
// symmetric filter scales (one, or one per channel along `channel_axis`) and an int32 bias.
Status CheckWeightedOpTypes(const OpContext& ctx, int32_t channels, int channel_axis);

// Row-major element count of a shape.
int64_t NumElements(const std::vector<int32_t>& shape);

}  // namespace eb

namespace eb {

// One input, one output of the same shape and dtype.
Status ExpectElementwise(const OpContext& ctx);

// Checks int8 output quantisation fixed by the spec (softmax, logistic: 1/256 and -128; tanh: 1/128, 0).
Status ExpectFixedOutputQuant(const OpContext& ctx, float scale, int32_t zero_point);

}  // namespace eb
