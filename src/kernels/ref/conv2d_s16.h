/* CONV_2D int16x8: int16 activations (zero point 0), int8 per-channel symmetric filter, int64 or int32 bias. */
#ifndef EB_CONV2D_S16_H
#define EB_CONV2D_S16_H

#include "conv2d.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TFLM's int16 ConvPerChannel, whose accumulator has the bias's type. Geometry as for eb_conv2d_s8; in_zp and
 * out_zp are unused (int16 activations are symmetric); q_min/q_max: the fused activation's clamp in the int16
 * output's domain. filter: int8 [out_c][k_h][k_w][in_c]; out_mult/out_shift: [out_c], in_scale * filter_scale[c] /
 * out_scale.
 * eb_conv2d_s16: int64 bias [out_c] (the converters' 16x8 default), an int64 sum requantised by
 * eb_multiply_by_quantized_multiplier_s64 (out_shift at most 7).
 * eb_conv2d_s16_acc32: int32 bias [out_c] or NULL (TFLM takes this path when there is no bias), an int32 sum
 * (wrapping) requantised like int8's. */
void eb_conv2d_s16(const eb_conv_params *p, const int16_t *in, const int8_t *filter, const int64_t *bias,
                   const int32_t *out_mult, const int32_t *out_shift, int16_t *out);
void eb_conv2d_s16_acc32(const eb_conv_params *p, const int16_t *in, const int8_t *filter, const int32_t *bias,
                         const int32_t *out_mult, const int32_t *out_shift, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
