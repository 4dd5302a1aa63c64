/* Broadcasting element-wise binary ops (ADD, SUB, MUL) share one parameter block.
 *
 * Shapes are right-aligned and padded to `rank` dims; a stride of 0 repeats an input along a dim. */
#ifndef EB_BINARY_H
#define EB_BINARY_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t rank;                        /* 1..EB_MAX_DIMS */
  int32_t out_dims[EB_MAX_DIMS];
  int32_t in1_strides[EB_MAX_DIMS];    /* element strides into input 1; 0 where it broadcasts */
  int32_t in2_strides[EB_MAX_DIMS];
  float act_min, act_max;              /* float32 fused activation */
  int32_t in1_zp, in2_zp, out_zp;      /* int8/int16 zero points */
  int32_t q_min, q_max;                /* int8/int16 fused activation clamp */
  /* int8/int16 ADD/SUB (TFLM scheme): inputs are shifted left by left_shift (20; 15 for int16), scaled by
   * in*_mult/shift to a common scale, summed, and the sum scaled by out_mult/out_shift. MUL uses out_mult/out_shift
   * only. */
  int32_t left_shift;
  int32_t in1_mult, in1_shift, in2_mult, in2_shift;
  int32_t out_mult, out_shift;
} eb_binary_params;

/* Prepare-time: right-aligns the two input shapes, sets rank = max(rank1, rank2) (at least 1), out_dims
 * and the element strides (0 along broadcast dims). Returns 0, or -1 if a dim pair is neither equal nor
 * has a 1, or a rank exceeds EB_MAX_DIMS. Leaves every other field untouched. */
int eb_binary_broadcast(eb_binary_params *p, int rank1, const int32_t *dims1, int rank2, const int32_t *dims2);

/* Prepare-time: TFLM's int8 ADD multipliers (left_shift 20, both inputs rescaled to twice the larger input
 * scale, arithmetic in double). Scales are the model's float32 values widened to double. */
void eb_binary_prepare_add_s8(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale);

/* Prepare-time: TFLM's int8 SUB multipliers. Same scheme as ADD, but TFLM computes the ratios in float32
 * before widening, which can change the last bit of a multiplier; hence the float parameters. */
void eb_binary_prepare_sub_s8(eb_binary_params *p, float in1_scale, float in2_scale, float out_scale);

/* Prepare-time: TFLM's int16 ADD and SUB multipliers: the int8 schemes above with left_shift 15, so that
 * (x - zp) * 2^15 fits int32 for every int16 x (TFLM takes its general path for int16, not the
 * power-of-two one). */
void eb_binary_prepare_add_s16(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale);
void eb_binary_prepare_sub_s16(eb_binary_params *p, float in1_scale, float in2_scale, float out_scale);

/* Prepare-time: TFLM's int8 MUL multiplier, real = in1_scale * in2_scale / out_scale in double. */
void eb_binary_prepare_mul_s8(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale);

/* Eval helpers: the number of rows (product of all but the last output dim), and advancing the input
 * offsets from one row to the next in row-major order. `idx` holds EB_MAX_DIMS counters, zeroed by the
 * caller before the first row. */
/* Eval of int8 ADD (negate2 = 0) and SUB (negate2 = 1), TFLM's scheme: each input's (x - zp) << left_shift
 * rescaled to the common scale, the two summed (or subtracted), the sum requantised to the output. */
void eb_binary_addsub_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *out, int negate2);
/* The same for int16 (binary_s16.c): no tables (65536 terms per input would not fit an MCU's stack). */
void eb_binary_addsub_s16(const eb_binary_params *p, const int16_t *in1, const int16_t *in2, int16_t *out,
                          int negate2);

int32_t eb_binary_row_count(const eb_binary_params *p);
void eb_binary_next_row(const eb_binary_params *p, int32_t *idx, int32_t *off1, int32_t *off2);

#ifdef __cplusplus
}
#endif
#endif
