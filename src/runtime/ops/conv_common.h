// Geometry shared by CONV_2D and DEPTHWISE_CONV_2D prepare.
#pragma once

#include "conv2d.h"
#include "runtime/op_context.h"

namespace eb {

// Fills the geometry of `p` from the NHWC input, the filter's spatial size and the op's attributes,
// checks the output shape, and fills the activation clamp for the input's dtype.
Status PrepareConvGeometry(const OpContext& ctx, int32_t k_h, int32_t k_w, int32_t out_c, eb_conv_params* p);

}  // namespace eb
