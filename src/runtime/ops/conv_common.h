// Geometry shared by CONV_2D and DEPTHWISE_CONV_2D prepare.
#pragma once

#include <initializer_list>
#include <vector>

#include "conv2d.h"
#include "runtime/mcu_variant_table.h"
#include "runtime/op_context.h"

namespace eb {

// Fills the geometry of `p` from the NHWC input, the filter's spatial size and the op's attributes,
// checks the output shape, and fills the activation clamp for the input's dtype.
Status PrepareConvGeometry(const OpContext& ctx, int32_t k_h, int32_t k_w, int32_t out_c, eb_conv_params* p);

// The channels' eb_rq_channel constants (4 words each, eb_rq_table) for the MCU kernels that requantise in
// registers, or empty when a channel lacks the usual requantisation or the clamp is not the whole int8 range.
std::vector<int32_t> ConvRqTable(const eb_conv_params& p, const McuWeights& w);
bool HasConvRqTable(const eb_conv_params& p, const McuWeights& w);
// The arguments bias, out_mult, out_shift, rq of the MCU kernels that take either the table (the others NULL) or,
// without one, the bias and requantisation (rq NULL); and their bytes in flash.
std::vector<CallArg> ConvRequantArgs(const OpContext& ctx, const eb_conv_params& p, const McuWeights& w);
int64_t ConvRequantBytes(const eb_conv_params& p, const McuWeights& w);
// Multiply-accumulates of a convolution (depthwise: in_c = 1 per output channel).
int64_t ConvMacs(const eb_conv_params& p, bool depthwise);

// Where a weighted op keeps its operands (TRANSPOSE_CONV: output shape, filter, input, bias).
struct WeightedOperands {
  size_t input = 0, filter = 1, bias = 2;
};

// Checks the int16x8 form of a weighted op: int16 input and output with one scale and zero point 0 (TFLM's
// int16 kernels have no zero-point terms), an int8 symmetric filter with one scale or one per channel along
// `channel_axis`, and an optional bias of one of the types `biases`, `channels` long.
Status CheckInt16x8Types(const OpContext& ctx, int32_t channels, int channel_axis, std::initializer_list<DType> biases,
                         WeightedOperands k = {});

// Checks that every channel's rescale fits TFLM's int64 requantisation (eb_multiply_by_quantized_multiplier_s64:
// a shift of at most 7, i.e. in_scale * filter_scale / out_scale below 128).
Status CheckS64Requant(const OpContext& ctx, const ChannelRequant& rq, WeightedOperands k = {});

}  // namespace eb
