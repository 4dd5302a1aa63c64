/* UNIDIRECTIONAL_SEQUENCE_LSTM without peepholes, projection or layer norm (what TFLM's reference kernel
 * runs): per time step, four gates (input, forget, cell, output) each = act(W_x x_t + b + W_h h_{t-1}); then
 * c = f * c + i * g (clipped when cell_clip > 0), h = o * tanh(c), and h is the step's output row. The hidden
 * and cell states are variable tensors carried from one call to the next. TFLM's order of operations.
 *
 * Operands come as the op's 24 inputs in TFLite's order (a NULL for absent optional ones): 0 input,
 * 1-4 input weights (input, forget, cell, output gate), 5-8 recurrent weights, 12-15 gate biases, 18 hidden
 * state, 19 cell state. float32: all float. int8: int8 input, weights and hidden state, int32 biases, int16
 * cell state; the gates are computed in int16 Q3.12 (input to the non-linearity) and Q0.15 (its output). */
#ifndef EB_UNIDIRECTIONAL_SEQUENCE_LSTM_H
#define EB_UNIDIRECTIONAL_SEQUENCE_LSTM_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { EB_LSTM_GATES = 4 }; /* input, forget, cell, output */

typedef struct {
  int32_t time_major;                   /* input [time, batch, in] when 1, else [batch, time, in] */
  int32_t batch, time_steps, input_size, state_size;
  int32_t cell_tanh;                    /* the cell gate's non-linearity: 1 tanh, 0 logistic */
  float cell_clip;                      /* float32: |c| <= cell_clip when > 0 */
  /* int8 */
  int32_t input_zp, hidden_zp;
  int32_t in_mult[EB_LSTM_GATES], in_shift[EB_LSTM_GATES];    /* input FC -> Q3.12 */
  int32_t rec_mult[EB_LSTM_GATES], rec_shift[EB_LSTM_GATES];  /* recurrent FC -> Q3.12 */
  int32_t forget_mult, forget_shift;    /* f * c -> cell scale */
  int32_t input_mult, input_shift;      /* i * g -> cell scale */
  int32_t output_mult, output_shift;    /* o * tanh(c) -> hidden scale (+ hidden_zp) */
  int32_t quantized_cell_clip;          /* 0: none */
  int32_t tanh_mult, tanh_left_shift;   /* tanh(c): c's Q format to the table's input */
} eb_lstm_params;

/* Scratch: four gate buffers of batch (time major) or 1 row of state_size cells, in the cell type. */
int64_t eb_lstm_scratch_bytes(const eb_lstm_params *p, int is_float);

void eb_unidirectional_sequence_lstm_f32(const eb_lstm_params *p, const void *const *in, float *out, float *scratch);
void eb_unidirectional_sequence_lstm_s8(const eb_lstm_params *p, const void *const *in, int8_t *out,
                                        int16_t *scratch);

/* TFLM's int16 logistic (Q3.12 in, Q0.15 out) and tanh ((x * mult + round) >> left_shift indexes the table;
 * Q0.15 out), by linear interpolation in one 256-entry table; exposed for tests. */
int16_t eb_lstm_logistic_s16(int16_t x);
int16_t eb_lstm_tanh_s16(int16_t x, int32_t mult, int32_t left_shift);

#ifdef __cplusplus
}
#endif
#endif
