/* FULLY_CONNECTED int16x8 reference kernel, arithmetic identical to TFLite Micro's int16 FullyConnected with an
 * int64 bias: int16 x int8 products summed in 64 bits (wrapping only where TFLM's would be undefined). */
#include "fully_connected_s16.h"

#include "quant.h"

void eb_fully_connected_s16(const eb_fc_params *p, const int16_t *in, const int8_t *filter, const int64_t *bias,
                            const int32_t *out_mult, const int32_t *out_shift, int16_t *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const int16_t *row = in + (size_t)b * p->in_depth;
    for (int32_t o = 0; o < p->out_depth; ++o) {
      const int8_t *f = filter + (size_t)o * p->in_depth;
      int64_t acc = 0;
      for (int32_t i = 0; i < p->in_depth; ++i) acc = eb_add_wrap_i64(acc, (int64_t)f[i] * row[i]);
      if (bias) acc = eb_add_wrap_i64(acc, bias[o]);
      const int32_t q = p->per_channel ? o : 0;
      const int32_t r = eb_multiply_by_quantized_multiplier_s64(acc, out_mult[q], out_shift[q]);
      *out++ = (int16_t)eb_clamp_i32(r, p->q_min, p->q_max);
    }
  }
}
