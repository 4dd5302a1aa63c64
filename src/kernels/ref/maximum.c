/* MAXIMUM with broadcasting, one typed loop per element type (TFLM's reference element operation
 * `a > b ? a : b`, so a NaN operand yields the second input). */
#include "maximum.h"

#define EB_MAXIMUM_LOOP(T)                                                          \
  const int32_t inner = p->out_dims[p->rank - 1];                                   \
  const int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1]; \
  const int32_t rows = eb_binary_row_count(p);                                      \
  int32_t idx[EB_MAX_DIMS] = {0};                                                   \
  int32_t off1 = 0, off2 = 0;                                                       \
  for (int32_t r = 0; r < rows; ++r) {                                              \
    for (int32_t i = 0; i < inner; ++i) {                                           \
      const T a = in1[off1 + i * st1], b = in2[off2 + i * st2];                     \
      out[i] = a > b ? a : b;                                                       \
    }                                                                               \
    out += inner;                                                                   \
    eb_binary_next_row(p, idx, &off1, &off2);                                       \
  }

void eb_maximum_f32(const eb_binary_params *p, const float *in1, const float *in2, float *out) { EB_MAXIMUM_LOOP(float) }
void eb_maximum_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out) { EB_MAXIMUM_LOOP(int8_t) }
void eb_maximum_u8(const eb_binary_params *p, const uint8_t *in1, const uint8_t *in2, uint8_t *out) { EB_MAXIMUM_LOOP(uint8_t) }
void eb_maximum_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out) { EB_MAXIMUM_LOOP(int16_t) }
void eb_maximum_s32(const eb_binary_params *p, const int32_t *in1, const int32_t *in2, int32_t *out) { EB_MAXIMUM_LOOP(int32_t) }
void eb_maximum_s64(const eb_binary_params *p, const int64_t *in1, const int64_t *in2, int64_t *out) { EB_MAXIMUM_LOOP(int64_t) }
