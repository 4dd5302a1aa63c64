/* DEPTHWISE_CONV_2D int16x8: int16 activations (zero point 0), int8 per-channel symmetric filter, int64 bias. */
#ifndef EB_DEPTHWISE_CONV2D_S16_H
#define EB_DEPTHWISE_CONV2D_S16_H

#include "conv2d.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TFLM's int16 DepthwiseConvPerChannel: an int64 sum per output channel oc = ic * depth_multiplier + m, plus the
 * int64 bias [out_c] (or NULL), requantised by eb_multiply_by_quantized_multiplier_s64 (out_shift at most 7) and
 * clamped to [q_min, q_max]. filter: int8 [1][k_h][k_w][out_c]; in_zp and out_zp are unused. */
void eb_depthwise_conv2d_s16(const eb_conv_params *p, const int16_t *in, const int8_t *filter, const int64_t *bias,
                             const int32_t *out_mult, const int32_t *out_shift, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
