/* FULLY_CONNECTED int8 with the Cortex-M DSP instructions: bit-identical to eb_fully_connected_s8's
 * reference. Four (then two) output rows at a time share each word of the input (SXTAB16 adds the input offset to
 * its even and odd bytes); SMLAD does two multiply-accumulates per instruction. Layers with 16 rows or more take
 * eb_fully_connected_s8_dsp_wide, which widens the input once per row of the batch (into the call's scratch,
 * eb_fully_connected_dsp_wide_scratch_bytes) and runs the row quads in an assembly loop. A filter zero point other
 * than 0 (not produced by spec-conformant converters) takes the reference kernel (the _applies functions). */
#include "arm_dsp.h"
#include "fully_connected.h"

/* Inputs up to which a call widens its input row once into its scratch (2 bytes per input), so that
 * the four-row loop reads ready halfword pairs instead of extending each input word for every row quad. */
enum { EB_FC_WIDE_MAX = 2048 };
/* Output rows from which widening once pays: the four-row loop saves about four cycles per group of
 * four inputs, widening costs about ten per group, so four row quads at least (a 10-row classifier is
 * faster without it). */
enum { EB_FC_WIDE_MIN_ROWS = 16 };

int eb_fully_connected_dsp_applies(const eb_fc_params *p) { return p->filter_zp == 0; }

int eb_fully_connected_dsp_wide_applies(const eb_fc_params *p) {
  return p->filter_zp == 0 && p->in_depth >= 4 && p->in_depth <= EB_FC_WIDE_MAX && p->out_depth >= EB_FC_WIDE_MIN_ROWS;
}

int32_t eb_fully_connected_dsp_wide_scratch_bytes(const eb_fc_params *p) {
  return (p->in_depth >> 2) * 2 * (int32_t)sizeof(int32_t);
}

/* acc[j] = sum over `groups` groups of four inputs of row j's filter . the widened inputs, for the rows w,
 * w + stride, w + 2 stride, w + 3 stride. xw holds each group as the pairs (x0, x2) and (x1, x3) with the
 * input offset added, which is what SXTB16 and SXTB16 ROR 8 make of a filter word. */
#if EB_USE_ARM_DSP && defined(__thumb2__)
/* Thumb-2 assembly: the compiler runs out of registers for the three row offsets and the end and reloads
 * them from the stack on every pass. r0 = xw, r1 = w, r2 = stride, r3 = groups (>= 1), [sp] = acc. */
#define EB_FC_ROW_ASM(ACC, OFF)                   \
  "ldr    r10, [r1" OFF "]\n\t"                   \
  "sxtb16 r11, r10\n\t"                          \
  "smlad  " ACC ", r8, r11, " ACC "\n\t"         \
  "sxtb16 r10, r10, ror #8\n\t"                  \
  "smlad  " ACC ", r9, r10, " ACC "\n\t"
__attribute__((naked)) static void eb_fc_dot4_wide(const int32_t *xw, const int8_t *w, int32_t stride, int32_t groups,
                                                   int32_t *acc) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "add    r3, r0, r3, lsl #3\n\t" /* end of the widened input */
      "lsl    r12, r2, #1\n\t"        /* 2 stride */
      "add    lr, r2, r2, lsl #1\n\t" /* 3 stride */
      "mov    r4, #0\n\t"
      "mov    r5, #0\n\t"
      "mov    r6, #0\n\t"
      "mov    r7, #0\n"
      "1:\n\t"
      "ldrd   r8, r9, [r0], #8\n\t"
      EB_FC_ROW_ASM("r4", "") EB_FC_ROW_ASM("r5", ", r2") EB_FC_ROW_ASM("r6", ", r12") EB_FC_ROW_ASM("r7", ", lr")
      "add    r1, r1, #4\n\t"
      "cmp    r0, r3\n\t"
      "bne    1b\n\t"
      "ldr    r8, [sp, #36]\n\t"      /* acc, above the nine saved registers */
      "stm    r8, {r4-r7}\n\t"
      "pop    {r4-r11, pc}\n\t");
}
#else
static EB_NOINLINE void eb_fc_dot4_wide(const int32_t *xw, const int8_t *w, int32_t stride, int32_t groups,
                                        int32_t *acc) {
  int32_t s[4] = {0, 0, 0, 0};
  for (int32_t g = 0; g < groups; ++g, xw += 2, w += 4) {
    for (int j = 0; j < 4; ++j) {
      const int32_t v = eb_load4(w + (size_t)j * stride);
      s[j] = eb_smlad(xw[1], eb_sxtb16_ror8(v), eb_smlad(xw[0], eb_sxtb16(v), s[j]));
    }
  }
  for (int j = 0; j < 4; ++j) acc[j] = s[j];
}
#endif

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

/* Every full quad of output rows of one input row through eb_fc_dot4_wide; returns the rows done. Its own
 * function so that the narrow loops of the caller keep their registers. */
static EB_NOINLINE int32_t eb_fc_quads_wide(const eb_fc_params *p, const int8_t *row, const int8_t *filter,
                                            const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                            int32_t *xw, int8_t *out) {
  const int32_t n = p->in_depth, groups = n >> 2, offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  eb_widen_groups(row, groups, offset2, xw);
  int32_t o = 0;
  for (; o + 4 <= p->out_depth; o += 4) {
    int32_t acc[4];
    const int8_t *w = filter + (size_t)o * n;
    eb_fc_dot4_wide(xw, w, n, groups, acc);
    for (int32_t i = 4 * groups; i < n; ++i) {
      for (int j = 0; j < 4; ++j) acc[j] += w[(size_t)j * n + i] * (row[i] + offset);
    }
    for (int j = 0; j < 4; ++j) out[o + j] = eb_fc_finish(acc[j], bias, o + j, out_mult, out_shift, p);
  }
  return o;
}

/* Output rows [o, out_depth) of one input row, two at a time (a last odd row computed twice, stored once): the
 * rows the quads leave. Inlined into the 4-row kernel, where it runs once per input row of small layers. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void eb_fc_pairs(const eb_fc_params *p, const int8_t *row, const int8_t *filter, const int32_t *bias,
                               const int32_t *out_mult, const int32_t *out_shift, int32_t o, int8_t *out) {
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  for (; o < p->out_depth; o += 2) {
    const int two = o + 1 < p->out_depth;
    const int8_t *w0 = filter + (size_t)o * p->in_depth;
    const int8_t *w1 = two ? w0 + p->in_depth : w0;
    int32_t acc0, acc1;
    eb_fc_dot2(row, w0, w1, p->in_depth, offset, offset2, &acc0, &acc1);
    out[o] = eb_fc_finish(acc0, bias, o, out_mult, out_shift, p);
    if (two) out[o + 1] = eb_fc_finish(acc1, bias, o + 1, out_mult, out_shift, p);
  }
}

/* eb_fc_pairs out of line, for the widened kernel's last rows (the 4-row kernel inlines it). */
static EB_NOINLINE void eb_fc_pairs_call(const eb_fc_params *p, const int8_t *row, const int8_t *filter,
                                         const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                         int32_t o, int8_t *out) {
  eb_fc_pairs(p, row, filter, bias, out_mult, out_shift, o, out);
}

void eb_fully_connected_s8_dsp(const eb_fc_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                               const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  for (int32_t b = 0; b < p->batch; ++b, out += p->out_depth) {
    const int8_t *row = in + (size_t)b * p->in_depth;
    int32_t o = 0;
    for (; o + 4 <= p->out_depth; o += 4) {
      int32_t acc[4];
      eb_dot4_s8(row, filter + (size_t)o * p->in_depth, p->in_depth, p->in_depth, offset, offset2, acc);
      for (int j = 0; j < 4; ++j) out[o + j] = eb_fc_finish(acc[j], bias, o + j, out_mult, out_shift, p);
    }
    eb_fc_pairs(p, row, filter, bias, out_mult, out_shift, o, out);
  }
}

void eb_fully_connected_s8_dsp_wide(const eb_fc_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                    const int32_t *out_mult, const int32_t *out_shift, void *scratch, int8_t *out) {
  for (int32_t b = 0; b < p->batch; ++b, out += p->out_depth) {
    const int8_t *row = in + (size_t)b * p->in_depth;
    const int32_t o = eb_fc_quads_wide(p, row, filter, bias, out_mult, out_shift, (int32_t *)scratch, out);
    if (o < p->out_depth) eb_fc_pairs_call(p, row, filter, bias, out_mult, out_shift, o, out);
  }
}
