/* FULLY_CONNECTED int8 with the Cortex-M DSP instructions: bit-identical to eb_fully_connected_s8's
 * reference. Four (then two) output rows at a time share each word of the input (SXTAB16 adds the input offset to
 * its even and odd bytes); SMLAD does two multiply-accumulates per instruction. A filter zero point other
 * than 0 (not produced by spec-conformant converters) takes the reference path. */
#include "arm_dsp.h"
#include "fully_connected.h"

static inline void eb_fc_dot2(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t n, int32_t offset,
                              int32_t offset2, int32_t *acc0, int32_t *acc1) {
  int32_t s0 = 0, s1 = 0;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const int32_t xv = eb_load4(x + i);
    const int32_t x_even = eb_sxtab16(offset2, xv), x_odd = eb_sxtab16_ror8(offset2, xv);
    const int32_t v0 = eb_load4(w0 + i), v1 = eb_load4(w1 + i);
    s0 = eb_smlad(x_even, eb_sxtb16(v0), s0);
    s0 = eb_smlad(x_odd, eb_sxtb16_ror8(v0), s0);
    s1 = eb_smlad(x_even, eb_sxtb16(v1), s1);
    s1 = eb_smlad(x_odd, eb_sxtb16_ror8(v1), s1);
  }
  for (; i < n; ++i) {
    const int32_t xi = x[i] + offset;
    s0 += w0[i] * xi;
    s1 += w1[i] * xi;
  }
  *acc0 = s0;
  *acc1 = s1;
}

static inline int8_t eb_fc_finish(int32_t acc, const int32_t *bias, int32_t o, const int32_t *mult,
                                  const int32_t *shift, const eb_fc_params *p) {
  if (bias) acc = eb_add_wrap_i32(acc, bias[o]);
  const int32_t q = p->per_channel ? o : 0;
  acc = eb_add_wrap_i32(eb_requantize_inline(acc, mult[q], shift[q]), p->out_zp);
  return (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
}

void eb_fully_connected_s8_dsp(const eb_fc_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                               const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  if (p->filter_zp != 0) {
    eb_fully_connected_s8_ref(p, in, filter, bias, out_mult, out_shift, out);
    return;
  }
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *row = in + (size_t)b * p->in_depth;
    int32_t o = 0;
    for (; o + 4 <= p->out_depth; o += 4) {
      int32_t acc[4];
      eb_dot4_s8(row, filter + (size_t)o * p->in_depth, p->in_depth, p->in_depth, offset, offset2, acc);
      for (int j = 0; j < 4; ++j) out[o + j] = eb_fc_finish(acc[j], bias, o + j, out_mult, out_shift, p);
    }
    for (; o < p->out_depth; o += 2) {
      const int two = o + 1 < p->out_depth;
      const int8_t *w0 = filter + (size_t)o * p->in_depth;
      const int8_t *w1 = two ? w0 + p->in_depth : w0;
      int32_t acc0, acc1;
      eb_fc_dot2(row, w0, w1, p->in_depth, offset, offset2, &acc0, &acc1);
      out[o] = eb_fc_finish(acc0, bias, o, out_mult, out_shift, p);
      if (two) out[o + 1] = eb_fc_finish(acc1, bias, o + 1, out_mult, out_shift, p);
    }
    out += p->out_depth;
  }
}
