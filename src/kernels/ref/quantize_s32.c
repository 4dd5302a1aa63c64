/* QUANTIZE to int32 (TFLM reference semantics): MBQM(x - in_zp) + out_zp, which int32 holds unclamped (the
 * addition wraps, as TFLM's does on its targets). */
#include "quantize.h"

void eb_requantize_s8_s32(const eb_quantize_params *p, const int8_t *in, int32_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = eb_requantize_value(p, in[i], INT32_MIN, INT32_MAX);
}

void eb_requantize_s16_s32(const eb_quantize_params *p, const int16_t *in, int32_t *out) {
  for (int32_t i = 0; i < p->count; ++i) out[i] = eb_requantize_value(p, in[i], INT32_MIN, INT32_MAX);
}
