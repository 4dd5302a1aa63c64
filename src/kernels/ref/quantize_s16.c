/* QUANTIZE to int16 (TFLM reference semantics): float32 by float division rounded half away from zero,
 * int8/int16/int32 by TFLM's Requantize, MBQM(x - in_zp) + out_zp saturated to int16. */
#include "quantize.h"

void eb_quantize_f32_s16(const eb_quantize_params *p, const float *in, int16_t *out) {
  for (int32_t i = 0; i < p->count; ++i)
    out[i] = (int16_t)eb_quantize_value(in[i], p->scale, p->out_zp, INT16_MIN, INT16_MAX);
}

void eb_requantize_s8_s16(const eb_quantize_params *p, const int8_t *in, int16_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int16_t)eb_requantize_value(p, in[i], INT16_MIN, INT16_MAX);
}

void eb_requantize_s16_s16(const eb_quantize_params *p, const int16_t *in, int16_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int16_t)eb_requantize_value(p, in[i], INT16_MIN, INT16_MAX);
}

void eb_requantize_s32_s16(const eb_quantize_params *p, const int32_t *in, int16_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = (int16_t)eb_requantize_value(p, in[i], INT16_MIN, INT16_MAX);
}
