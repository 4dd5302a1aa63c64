/* UNIDIRECTIONAL_SEQUENCE_LSTM, float32 and int8 (int16 cell state): see unidirectional_sequence_lstm.h. Each step
 * follows TFLM's order: forget, input and cell gates, the cell update, the output gate, the hidden state. */
#include "unidirectional_sequence_lstm.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "logistic.h"
#include "quant.h"

/* The 256 samples of sigmoid(i / 24) in 0.16 fixed point that TFLM's int16 logistic and tanh interpolate
 * (tanh(x) = 2 sigmoid(2x) - 1); their exact values are needed for bit-exact results. */
static const uint16_t kSigmoidTable[256] = {
    32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
    40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
    47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
    53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
    57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
    60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
    62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
    63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
    64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
    64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
    65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
    65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
    65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
    65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
    65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
    65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
    65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
    65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
    65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
    65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
    65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
    65534, 65534, 65534, 65535,
};

enum { kIn = 0, kInWeights = 1, kRecWeights = 5, kBias = 12, kHidden = 18, kCell = 19 };

/* In 64 bits: prepare asks before the planner has bounded the sizes (a hostile file may give huge ones). */
int64_t eb_lstm_scratch_bytes(const eb_lstm_params *p, int is_float) {
  const int64_t rows = p->time_major ? p->batch : 1;
  return 4 * rows * p->state_size * (is_float ? (int64_t)sizeof(float) : (int64_t)sizeof(int16_t));
}

int16_t eb_lstm_logistic_s16(int16_t x) {
  const int32_t v = (int32_t)x * 3; /* Q3.12 to the table's input scale */
  const uint32_t a = (uint32_t)(v < 0 ? -v : v);
  const uint32_t uh = a >> 9;
  uint32_t r;
  if (uh >= 255) {
    r = 0x7FFFu << 10;
  } else {
    const uint32_t ua = kSigmoidTable[uh], ub = kSigmoidTable[uh + 1];
    r = (ua << 9) + (a & 0x1FFu) * (ub - ua);
  }
  r = v >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1u;
  return (int16_t)(r >> 10);
}

int16_t eb_lstm_tanh_s16(int16_t x, int32_t mult, int32_t left_shift) {
  const int32_t round = left_shift > 0 ? 1 << (left_shift - 1) : 0;
  const int32_t v = ((int32_t)x * mult + round) >> left_shift;
  const uint32_t a = (uint32_t)(v < 0 ? -v : v);
  const uint32_t uh = a >> 8;
  int32_t r;
  if (uh >= 255) {
    r = 0xFFFF << 8;
  } else {
    const uint32_t ua = kSigmoidTable[uh], ub = kSigmoidTable[uh + 1];
    r = (int32_t)((ua << 8) + (a & 0xFFu) * (ub - ua));
  }
  r = v >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
  return (int16_t)(r >> 8);
}

/* ---- float32 ---- */

static float eb_lstm_clamp_f32(float v) { return v < -FLT_MAX ? -FLT_MAX : (v > FLT_MAX ? FLT_MAX : v); }

/* out[r][s] = clamp(sum_d x[r][d] * w[s][d] + bias[s]) for `rows` rows: TFLite's float FULLY_CONNECTED. */
static void eb_lstm_fc_f32(const float *x, const float *w, const float *bias, int32_t rows, int32_t depth,
                           int32_t units, float *out) {
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t s = 0; s < units; ++s) {
      float total = 0.0f;
      for (int32_t d = 0; d < depth; ++d) total += x[(size_t)r * depth + d] * w[(size_t)s * depth + d];
      out[(size_t)r * units + s] = eb_lstm_clamp_f32(total + (bias ? bias[s] : 0.0f));
    }
  }
}

static void eb_lstm_gate_f32(const eb_lstm_params *p, const void *const *in, int g, const float *x, const float *h,
                             int32_t rows, int tanh_act, float *gate, float *tmp) {
  const int32_t n = rows * p->state_size;
  eb_lstm_fc_f32(x, (const float *)in[kInWeights + g], (const float *)in[kBias + g], rows, p->input_size,
                 p->state_size, gate);
  eb_lstm_fc_f32(h, (const float *)in[kRecWeights + g], NULL, rows, p->state_size, p->state_size, tmp);
  for (int32_t i = 0; i < n; ++i) gate[i] += tmp[i];
  if (tanh_act) {
    for (int32_t i = 0; i < n; ++i) gate[i] = tanhf(gate[i]);
  } else {
    eb_act_params a;
    memset(&a, 0, sizeof a);
    a.count = n;
    eb_logistic_f32(&a, gate, gate);
  }
}

static void eb_lstm_step_f32(const eb_lstm_params *p, const void *const *in, const float *x, float *h, float *c,
                             float *out, int32_t rows, float *scratch) {
  const int32_t n = rows * p->state_size;
  float *b0 = scratch, *b1 = scratch + n, *b2 = scratch + 2 * n, *b3 = scratch + 3 * n;
  eb_lstm_gate_f32(p, in, 1, x, h, rows, 0, b0, b3);            /* forget */
  eb_lstm_gate_f32(p, in, 0, x, h, rows, 0, b1, b3);            /* input */
  eb_lstm_gate_f32(p, in, 2, x, h, rows, p->cell_tanh, b2, b3); /* cell */
  for (int32_t i = 0; i < n; ++i) c[i] = eb_lstm_clamp_f32(b0[i] * c[i]);
  for (int32_t i = 0; i < n; ++i) b1[i] = eb_lstm_clamp_f32(b1[i] * b2[i]);
  for (int32_t i = 0; i < n; ++i) c[i] = c[i] + b1[i];
  if (p->cell_clip > 0.0f) {
    for (int32_t i = 0; i < n; ++i) c[i] = c[i] > p->cell_clip ? p->cell_clip : (c[i] < -p->cell_clip ? -p->cell_clip : c[i]);
  }
  eb_lstm_gate_f32(p, in, 3, x, h, rows, 0, b1, b3);            /* output */
  for (int32_t i = 0; i < n; ++i) b0[i] = tanhf(c[i]);
  for (int32_t i = 0; i < n; ++i) h[i] = eb_lstm_clamp_f32(b0[i] * b1[i]);
  memcpy(out, h, (size_t)n * sizeof(float));
}

/* ---- int8 with int16 cell state ---- */

/* out[r][s] = clamp16(MBQM(sum_d w[s][d] * (x[r][d] - zp) + bias[s], mult, shift)): TFLM's int8 -> int16 FC. */
static void eb_lstm_fc_s8(const int8_t *x, int32_t zp, const int8_t *w, const int32_t *bias, int32_t rows,
                          int32_t depth, int32_t units, int32_t mult, int32_t shift, int16_t *out) {
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t s = 0; s < units; ++s) {
      uint32_t acc = 0;
      for (int32_t d = 0; d < depth; ++d) {
        acc += (uint32_t)((int32_t)w[(size_t)s * depth + d] * ((int32_t)x[(size_t)r * depth + d] - zp));
      }
      if (bias) acc += (uint32_t)bias[s];
      const int32_t v = eb_multiply_by_quantized_multiplier((int32_t)acc, mult, shift);
      out[(size_t)r * units + s] = (int16_t)eb_clamp_i32(v, INT16_MIN, INT16_MAX);
    }
  }
}

static int16_t eb_lstm_add_sat_s16(int16_t a, int16_t b) {
  return (int16_t)eb_clamp_i32((int32_t)a + (int32_t)b, INT16_MIN, INT16_MAX);
}

static void eb_lstm_gate_s8(const eb_lstm_params *p, const void *const *in, int g, const int8_t *x, const int8_t *h,
                            int32_t rows, int tanh_act, int16_t *gate, int16_t *tmp) {
  const int32_t n = rows * p->state_size;
  eb_lstm_fc_s8(x, p->input_zp, (const int8_t *)in[kInWeights + g], (const int32_t *)in[kBias + g], rows,
                p->input_size, p->state_size, p->in_mult[g], p->in_shift[g], gate);
  eb_lstm_fc_s8(h, p->hidden_zp, (const int8_t *)in[kRecWeights + g], NULL, rows, p->state_size, p->state_size,
                p->rec_mult[g], p->rec_shift[g], tmp);
  for (int32_t i = 0; i < n; ++i) gate[i] = eb_lstm_add_sat_s16(gate[i], tmp[i]);
  /* Q3.12 gate input: both non-linearities read it at multiplier 3, no shift. */
  for (int32_t i = 0; i < n; ++i) gate[i] = tanh_act ? eb_lstm_tanh_s16(gate[i], 3, 0) : eb_lstm_logistic_s16(gate[i]);
}

/* TFLM's MulElementwise of two symmetric int16 operands: clamp(MBQM(a * b, mult, shift) + zp). */
static int32_t eb_lstm_mul(int16_t a, int16_t b, int32_t mult, int32_t shift, int32_t zp) {
  return eb_add_wrap_i32(eb_multiply_by_quantized_multiplier((int32_t)a * (int32_t)b, mult, shift), zp);
}

static void eb_lstm_step_s8(const eb_lstm_params *p, const void *const *in, const int8_t *x, int8_t *h, int16_t *c,
                            int8_t *out, int32_t rows, int16_t *scratch) {
  const int32_t n = rows * p->state_size;
  int16_t *b0 = scratch, *b1 = scratch + n, *b2 = scratch + 2 * n, *b3 = scratch + 3 * n;
  eb_lstm_gate_s8(p, in, 1, x, h, rows, 0, b0, b3);            /* forget */
  eb_lstm_gate_s8(p, in, 0, x, h, rows, 0, b1, b3);            /* input */
  eb_lstm_gate_s8(p, in, 2, x, h, rows, p->cell_tanh, b2, b3); /* cell */
  for (int32_t i = 0; i < n; ++i) {
    c[i] = (int16_t)eb_clamp_i32(eb_lstm_mul(b0[i], c[i], p->forget_mult, p->forget_shift, 0), INT16_MIN, INT16_MAX);
  }
  for (int32_t i = 0; i < n; ++i) {
    b1[i] = (int16_t)eb_clamp_i32(eb_lstm_mul(b1[i], b2[i], p->input_mult, p->input_shift, 0), INT16_MIN, INT16_MAX);
  }
  for (int32_t i = 0; i < n; ++i) c[i] = eb_lstm_add_sat_s16(c[i], b1[i]);
  if (p->quantized_cell_clip > 0) {
    for (int32_t i = 0; i < n; ++i) c[i] = (int16_t)eb_clamp_i32(c[i], -p->quantized_cell_clip, p->quantized_cell_clip);
  }
  eb_lstm_gate_s8(p, in, 3, x, h, rows, 0, b1, b3);            /* output */
  for (int32_t i = 0; i < n; ++i) b0[i] = eb_lstm_tanh_s16(c[i], p->tanh_mult, p->tanh_left_shift);
  for (int32_t i = 0; i < n; ++i) {
    h[i] = (int8_t)eb_clamp_i32(eb_lstm_mul(b0[i], b1[i], p->output_mult, p->output_shift, p->hidden_zp), INT8_MIN,
                                INT8_MAX);
  }
  memcpy(out, h, (size_t)n);
}

/* Batch major: each batch row runs its own sequence on its own state rows; time major: all rows step together. */
#define EB_LSTM_WALK(STEP, T, CELL)                                                                      \
  const int32_t in_step = p->time_major ? p->batch * p->input_size : p->input_size;                     \
  const int32_t out_step = p->time_major ? p->batch * p->state_size : p->state_size;                    \
  const int32_t rows = p->time_major ? p->batch : 1;                                                     \
  const int32_t seqs = p->time_major ? 1 : p->batch;                                                     \
  const T *x = (const T *)in[kIn];                                                                       \
  for (int32_t b = 0; b < seqs; ++b) {                                                                   \
    T *h = (T *)in[kHidden] + (size_t)b * p->state_size;                                                 \
    CELL *c = (CELL *)in[kCell] + (size_t)b * p->state_size;                                             \
    for (int32_t t = 0; t < p->time_steps; ++t) {                                                        \
      const size_t k = (size_t)b * p->time_steps + (size_t)t;                                            \
      STEP(p, in, x + k * in_step, h, c, out + k * out_step, rows, scratch);                             \
    }                                                                                                    \
  }

void eb_unidirectional_sequence_lstm_f32(const eb_lstm_params *p, const void *const *in, float *out, float *scratch) {
  EB_LSTM_WALK(eb_lstm_step_f32, float, float)
}

void eb_unidirectional_sequence_lstm_s8(const eb_lstm_params *p, const void *const *in, int8_t *out,
                                        int16_t *scratch) {
  EB_LSTM_WALK(eb_lstm_step_s8, int8_t, int16_t)
}
