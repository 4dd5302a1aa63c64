// Geometry shared by CONV_2D and DEPTHWISE_CONV_2D prepare.
#pragma once

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

}  // namespace eb
