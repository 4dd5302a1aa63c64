/* Shared prepare-time set-up and row iteration for ADD, SUB and MUL. See binary.h.
 *
 * The eval kernels walk the output in row-major order one innermost row at a time; within a row each input
 * advances by its last-dim stride (0 when it broadcasts). Between rows the offsets move like an odometer. */
#include "binary.h"

#include "quant.h"

int eb_binary_broadcast(eb_binary_params *p, int rank1, const int32_t *dims1, int rank2, const int32_t *dims2) {
  if (rank1 < 0 || rank2 < 0 || rank1 > EB_MAX_DIMS || rank2 > EB_MAX_DIMS) return -1;
  const int rank = rank1 > rank2 ? (rank1 > 0 ? rank1 : 1) : (rank2 > 0 ? rank2 : 1);
  int32_t d1[EB_MAX_DIMS], d2[EB_MAX_DIMS];
  /* Right-align: missing leading dims are 1. */
  for (int i = 0; i < rank; ++i) {
    const int i1 = i - (rank - rank1);
    const int i2 = i - (rank - rank2);
    d1[i] = i1 >= 0 ? dims1[i1] : 1;
    d2[i] = i2 >= 0 ? dims2[i2] : 1;
    if (d1[i] != d2[i] && d1[i] != 1 && d2[i] != 1) return -1;
  }
  int32_t s1 = 1, s2 = 1;
  for (int i = rank - 1; i >= 0; --i) {
    p->out_dims[i] = d1[i] == 1 ? d2[i] : d1[i];
    /* A size-1 dim never advances the input: stride 0 whether it broadcasts or not. */
    p->in1_strides[i] = d1[i] == 1 ? 0 : s1;
    p->in2_strides[i] = d2[i] == 1 ? 0 : s2;
    s1 *= d1[i];
    s2 *= d2[i];
  }
  p->rank = rank;
  return 0;
}

void eb_binary_prepare_add_s8(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale) {
  p->left_shift = 20;
  const double twice_max = 2.0 * (in1_scale > in2_scale ? in1_scale : in2_scale);
  eb_quantize_multiplier(in1_scale / twice_max, &p->in1_mult, &p->in1_shift);
  eb_quantize_multiplier(in2_scale / twice_max, &p->in2_mult, &p->in2_shift);
  eb_quantize_multiplier(twice_max / ((double)(1 << 20) * out_scale), &p->out_mult, &p->out_shift);
}

void eb_binary_prepare_sub_s8(eb_binary_params *p, float in1_scale, float in2_scale, float out_scale) {
  p->left_shift = 20;
  /* Deliberately float32 throughout, as TFLM's SUB prepare; each ratio is widened only at the end. */
  const float twice_max = 2.0f * (in1_scale > in2_scale ? in1_scale : in2_scale);
  const float real1 = in1_scale / twice_max;
  const float real2 = in2_scale / twice_max;
  const float real_out = twice_max / ((float)(1 << 20) * out_scale);
  eb_quantize_multiplier((double)real1, &p->in1_mult, &p->in1_shift);
  eb_quantize_multiplier((double)real2, &p->in2_mult, &p->in2_shift);
  eb_quantize_multiplier((double)real_out, &p->out_mult, &p->out_shift);
}

void eb_binary_prepare_mul_s8(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale) {
  eb_quantize_multiplier(in1_scale * in2_scale / out_scale, &p->out_mult, &p->out_shift);
}

int32_t eb_binary_row_count(const eb_binary_params *p) {
  int32_t rows = 1;
  for (int32_t i = 0; i + 1 < p->rank; ++i) rows *= p->out_dims[i];
  return rows;
}

void eb_binary_next_row(const eb_binary_params *p, int32_t *idx, int32_t *off1, int32_t *off2) {
  for (int32_t d = p->rank - 2; d >= 0; --d) {
    *off1 += p->in1_strides[d];
    *off2 += p->in2_strides[d];
    if (++idx[d] < p->out_dims[d]) return;
    /* This dim wrapped: rewind it and carry into the next outer one. */
    *off1 -= p->in1_strides[d] * p->out_dims[d];
    *off2 -= p->in2_strides[d] * p->out_dims[d];
    idx[d] = 0;
  }
}
