/* FULLY_CONNECTED int16x8: int16 activations (zero point 0), int8 symmetric filter (one scale or one per output
 * row), int64 bias. */
#ifndef EB_FULLY_CONNECTED_S16_H
#define EB_FULLY_CONNECTED_S16_H

#include "fully_connected.h"

#ifdef __cplusplus
extern "C" {
#endif

/* TFLM's int16 FullyConnected / FullyConnectedPerChannel with an int64 bias: per output, the int64 sum of
 * in[b][i] * filter[o][i], plus bias[o] (bias NULL: none), requantised by eb_multiply_by_quantized_multiplier_s64
 * with out_mult/out_shift[per_channel ? o : 0] (shift at most 7), clamped to [q_min, q_max]. The zero points are
 * unused. filter: [out_depth][in_depth]. */
void eb_fully_connected_s16(const eb_fc_params *p, const int16_t *in, const int8_t *filter, const int64_t *bias,
                            const int32_t *out_mult, const int32_t *out_shift, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
