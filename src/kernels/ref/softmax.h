/* SOFTMAX over the last dimension. int8 follows TFLM's reference fixed-point algorithm (gemmlowp exp,
 * 5 integer bits for scaled differences, 12 for the accumulator); output scale 1/256, zero point -128. */
#ifndef EB_SOFTMAX_H
#define EB_SOFTMAX_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer, depth;
  float beta;                    /* float32 */
  int32_t in_mult, in_left_shift, diff_min;   /* int8, from eb_softmax_s8_prepare */
} eb_softmax_params;

/* Prepare-time: fills in_mult, in_left_shift, diff_min from beta and the input scale (TFLM's
 * PreprocessSoftmaxScaling and CalculateInputRadius with 5 integer bits). */
void eb_softmax_s8_prepare(eb_softmax_params *p, double beta, double in_scale);

/* Prepare-time, int8: table[d] = exp(-d * beta * in_scale) in Q0.31 (gemmlowp's exp, as TFLM computes it)
 * for d = 0..255, every difference to the row maximum int8 inputs can have; 0 where -d < diff_min, which
 * then contributes nothing and gives the lowest output exactly as the skipped branch of TFLM's kernel. */
enum { EB_SOFTMAX_S8_TABLE_SIZE = 256 };
void eb_softmax_s8_exp_table(const eb_softmax_params *p, int32_t table[EB_SOFTMAX_S8_TABLE_SIZE]);

void eb_softmax_f32(const eb_softmax_params *p, const float *in, float *out);
/* exp_table from eb_softmax_s8_exp_table: the kernel looks every exponential up instead of evaluating it
 * twice per element (the fixed-point exp is hundreds of instructions on a Cortex-M4). */
void eb_softmax_s8(const eb_softmax_params *p, const int32_t *exp_table, const int8_t *in, int8_t *out);
/* int8 in, int16 out (scale 1/65536, zero point -32768): the same probabilities with 16 fractional bits. */
void eb_softmax_s8_s16(const eb_softmax_params *p, const int32_t *exp_table, const int8_t *in, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif
