/* FULLY_CONNECTED reference kernels, arithmetic identical to TFLite Micro's reference FullyConnected
 * (float and int8, per-tensor) and FullyConnectedPerChannel (int8).
 *
 * Each output is a dot product of one input row with one filter row. The float sum runs over the depth
 * in order and the bias is added after it, as in TFLM. The int8 accumulator is int32; the filter zero
 * point is subtracted too (TFLM's per-tensor path does, and it is 0 whenever per-channel is used). */
#include "fully_connected.h"

#include "quant.h"

void eb_fully_connected_f32(const eb_fc_params *p, const float *in, const float *filter,
                            const float *bias, float *out) {
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *row = in + (size_t)b * p->in_depth;
    for (int32_t o = 0; o < p->out_depth; ++o) {
      const float *w = filter + (size_t)o * p->in_depth;
      float total = 0.0f;
      for (int32_t d = 0; d < p->in_depth; ++d) total += row[d] * w[d];
      const float bias_value = bias ? bias[o] : 0.0f;
      *out++ = eb_clamp_f32(total + bias_value, p->act_min, p->act_max);
    }
  }
}

void eb_fully_connected_s8(const eb_fc_params *p, const int8_t *in, const int8_t *filter,
                           const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                           int8_t *out) {
  eb_fully_connected_s8_ref(p, in, filter, bias, out_mult, out_shift, out);
}

void eb_fully_connected_s8_ref(const eb_fc_params *p, const int8_t *in, const int8_t *filter,
                               const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                               int8_t *out) {
  const int32_t in_offset = -p->in_zp;
  const int32_t filter_offset = -p->filter_zp;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *row = in + (size_t)b * p->in_depth;
    for (int32_t o = 0; o < p->out_depth; ++o) {
      const int8_t *w = filter + (size_t)o * p->in_depth;
      int32_t acc = 0;
      for (int32_t d = 0; d < p->in_depth; ++d) acc += (w[d] + filter_offset) * (row[d] + in_offset);
      if (bias) acc = eb_add_wrap_i32(acc, bias[o]);
      const int32_t q = p->per_channel ? o : 0;
      acc = eb_multiply_by_quantized_multiplier(acc, out_mult[q], out_shift[q]);
      acc = eb_add_wrap_i32(acc, p->out_zp);
      *out++ = (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
    }
  }
}
