/* TRANSPOSE_CONV int16x8: int16 activations (zero point 0), int8 per-channel symmetric filter, int64 bias. */
#ifndef EB_TRANSPOSE_CONV_S16_H
#define EB_TRANSPOSE_CONV_S16_H

#include "transpose_conv.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TFLM's int16 reference_integer_ops::TransposeConv: int64 sums of filter * input plus the int64 bias [out_c] (or
 * NULL), requantised by eb_multiply_by_quantized_multiplier_s64 (out_shift at most 7), clamped to [q_min, q_max].
 * eb_transpose_conv_s16_b16 takes an int16 bias, which TFLM widens to int64 (older 16x8 converters wrote them). */
void eb_transpose_conv_s16(const eb_transpose_conv_params *p, const int16_t *in, const int8_t *filter,
                           const int64_t *bias, const int32_t *out_mult, const int32_t *out_shift, int16_t *out);
void eb_transpose_conv_s16_b16(const eb_transpose_conv_params *p, const int16_t *in, const int8_t *filter,
                               const int16_t *bias, const int32_t *out_mult, const int32_t *out_shift, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
