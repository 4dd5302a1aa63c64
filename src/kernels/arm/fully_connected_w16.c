/* FULLY_CONNECTED int8 with a 16-bit filter made at prepare time: bit-identical to eb_fully_connected_s8's
 * reference.
 *
 * Why 16 bits: at batch 1 each filter byte is used once, so an int8 filter costs a sign extension (SXTB16)
 * per two weights on top of the SMLAD. Stored as halfword pairs the filter goes straight from LDM into SMLAD:
 * about 1.3 cycles per multiply-accumulate on a Cortex-M4 against 1.6 for the best int8 loop, for twice the
 * filter's flash.
 *
 * Layout. The rows go in blocks of five (the last block holds the rest). The input is widened once per row of
 * the batch into words of two int16, with the input offset added: for each group of four inputs, (x0, x2) and
 * then (x1, x3), as SXTAB16 and SXTAB16 ROR 8 make them. A block's filter follows the same order: for each
 * group, the block's rows' (w0, w2) words, then their (w1, w3) words. One LDM then fetches the five filter
 * words that one input word meets.
 *
 * The requantisation constants come from prepare, 20 words per block: the five biases (the sums start from
 * them), then each row's multiplier, quarter and r1 of eb_requantize_fast, with the output zero point folded
 * into the quarter (eb_rq_fold). So the layer needs the fast requantisation for every row, r1 <= 22 and the
 * whole int8 clamp; eb_fc_w16_prepare says when it applies. The widened input row lives in the call's scratch
 * (eb_fc_w16_scratch_bytes). */
#include "arm_dsp.h"
#include "fully_connected.h"

/* Rows per block: five sums, five filter words, an input word and the two pointers and the end leave no
 * register of the Cortex-M4 loop unused. */
enum { EB_FC_W16_ROWS = 5 };
/* Output rows and filter bytes from which a layer takes this kernel. A smaller layer is a classifier head
 * or a toy (hello_world's 16 x 16), where the doubled filter and this kernel's 2.5 KB of code weigh most
 * in a small firmware (Dense1's 784 x 10: 13.8 KB of flash with the int8 filter, 21.9 KB with this one) and
 * its few blocks gain least. */
enum { EB_FC_W16_MIN_ROWS = 16, EB_FC_W16_MIN_WEIGHTS = 1024 };
/* Inputs up to which a layer takes this kernel. */
enum { EB_FC_W16_MAX_IN = 1024 };

int32_t eb_fc_w16_padded_rows(int32_t out_depth) {
  return (out_depth + EB_FC_W16_ROWS - 1) / EB_FC_W16_ROWS * EB_FC_W16_ROWS;
}

int32_t eb_fc_w16_scratch_bytes(const eb_fc_params *p) { return p->in_depth / 4 * 2 * (int32_t)sizeof(int32_t); }

int eb_fc_w16_applies(const eb_fc_params *p) {
  const int32_t n = p->in_depth;
  return p->filter_zp == 0 && n % 4 == 0 && n <= EB_FC_W16_MAX_IN && p->out_depth >= EB_FC_W16_MIN_ROWS &&
         p->out_depth * n >= EB_FC_W16_MIN_WEIGHTS;
}

int eb_fc_w16_prepare(const eb_fc_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                      const int32_t *out_shift, int16_t *wf, int32_t *rq) {
  const int32_t n = p->in_depth, groups = n / 4, rows = eb_fc_w16_padded_rows(p->out_depth);
  if (!eb_fc_w16_applies(p)) return 0;
  for (int32_t o = 0; o < rows; ++o) {
    int32_t *tbl = rq + (size_t)(o / EB_FC_W16_ROWS) * 4 * EB_FC_W16_ROWS;
    const int32_t i = o % EB_FC_W16_ROWS, q = p->per_channel && o < p->out_depth ? o : 0;
    /* Padding rows (zero weights, outputs not kept) take row 0's constants with a multiplier of 0. */
    if (!eb_rq_fold(bias && o < p->out_depth ? bias + o : NULL, o < p->out_depth ? out_mult[q] : 0, out_shift[q],
                    p->q_min, p->q_max, p->out_zp, tbl + i, tbl + EB_FC_W16_ROWS + 3 * i)) {
      return 0;
    }
  }
  for (int32_t r0 = 0; r0 < rows; r0 += EB_FC_W16_ROWS) {
    int16_t *block = wf + (size_t)r0 * n;
    for (int32_t g = 0; g < groups; ++g) {
      for (int32_t h = 0; h < 2; ++h) {
        for (int32_t i = 0; i < EB_FC_W16_ROWS; ++i) {
          int16_t *pair = block + (((size_t)g * 2 + (size_t)h) * EB_FC_W16_ROWS + (size_t)i) * 2;
          if (r0 + i < p->out_depth) {
            const int8_t *w = filter + (size_t)(r0 + i) * n + 4 * g + h;
            pair[0] = w[0];
            pair[1] = w[2];
          } else {
            pair[0] = pair[1] = 0;
          }
        }
      }
    }
  }
  return 1;
}

void eb_fully_connected_s8_w16_ref(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                   void *scratch, int8_t *out) {
  const int32_t n = p->in_depth, groups = n / 4;
  int32_t *const xw = (int32_t *)scratch;
  for (int32_t b = 0; b < p->batch; ++b, in += n, out += p->out_depth) {
    eb_widen_groups(in, groups, eb_pack16x2(-p->in_zp), xw);
    for (int32_t r0 = 0; r0 < p->out_depth; r0 += EB_FC_W16_ROWS) {
      const int16_t *block = wf + (size_t)r0 * n;
      const int32_t *tbl = rq + (size_t)r0 * 4;
      int32_t s[EB_FC_W16_ROWS];
      for (int32_t i = 0; i < EB_FC_W16_ROWS; ++i) s[i] = tbl[i];
      for (int32_t k = 0; k < 2 * groups; ++k) {
        for (int32_t i = 0; i < EB_FC_W16_ROWS; ++i) {
          int32_t pair;
          memcpy(&pair, block + ((size_t)k * EB_FC_W16_ROWS + (size_t)i) * 2, 4);
          s[i] = eb_smlad(xw[k], pair, s[i]);
        }
      }
      for (int32_t i = 0; i < EB_FC_W16_ROWS && r0 + i < p->out_depth; ++i) {
        out[r0 + i] = eb_rq_fold_out(s[i], tbl + EB_FC_W16_ROWS + 3 * i);
      }
    }
  }
}

void eb_fully_connected_s8_w16(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                               void *scratch, int8_t *out) {
#if EB_USE_ARM_DSP
  eb_fully_connected_s8_w16_dsp(p, in, wf, rq, scratch, out);
#else
  eb_fully_connected_s8_w16_ref(p, in, wf, rq, scratch, out);
#endif
}

#if EB_USE_ARM_DSP && defined(__thumb2__)
/* Groups per pass of the unrolled loop. */
enum { EB_FC_W16_UNROLL = 16 };

/* One input word (r7, at XOFF from r0) and the five filter words it multiplies (r8-r12, from r1, which the
 * last load moves on), loaded in one run of pipelined loads, then SMLAD into the sums r2-r6. */
#define EB_FC_W16_HALF_ASM(XOFF)            \
  "ldr.w  r7, [r0, #" #XOFF "]\n\t"        \
  "ldr.w  r9, [r1, #4]\n\t"                \
  "ldr.w  r10, [r1, #8]\n\t"               \
  "ldr.w  r11, [r1, #12]\n\t"              \
  "ldr.w  r12, [r1, #16]\n\t"              \
  "ldr.w  r8, [r1], #20\n\t"               \
  "smlad  r2, r7, r8, r2\n\t"              \
  "smlad  r3, r7, r9, r3\n\t"              \
  "smlad  r4, r7, r10, r4\n\t"             \
  "smlad  r5, r7, r11, r5\n\t"             \
  "smlad  r6, r7, r12, r6\n\t"
#define EB_FC_W16_GROUP_ASM(G) EB_FC_W16_HALF_ASM(8 * (G)) EB_FC_W16_HALF_ASM(8 * (G) + 4)
#define EB_FC_W16_G4(G) \
  EB_FC_W16_GROUP_ASM(G) EB_FC_W16_GROUP_ASM(G + 1) EB_FC_W16_GROUP_ASM(G + 2) EB_FC_W16_GROUP_ASM(G + 3)

/* The sum in ACC requantised with the next row's eb_rq_fold constants (at r12, moved on) and stored at lr
 * (moved on); r0, r8, r10 and r11 are scratch. */
#define EB_FC_W16_RQ_ASM(ACC)       \
  "ldm    r12!, {r8, r10, r11}\n\t" \
  EB_RQ_FOLD_ASM(ACC, "r8", "r10", "r11", "r0", "r10", "[lr], #1")

/* Blocks of five rows: sums from the biases, then requantised in registers and stored. The state is a frame
 * of eight words the caller fills (copied to the stack): [sp] the widened input, [4] where its first
 * groups % EB_FC_W16_UNROLL groups end, [8] where it ends, [12] the filter, [16] the end of the blocks'
 * filter, [20] the constants, [24] the output. The leftover groups run first, in a loop out of line. */
__attribute__((naked)) static void eb_fc_w16_blocks(const int32_t *frame) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "sub    sp, sp, #32\n\t"
      "ldm    r0, {r1-r8}\n\t"
      "stm    sp, {r1-r8}\n\t"
      "ldr    r1, [sp, #12]\n"
      "4:\n\t"
      "ldr    r0, [sp]\n\t"
      "ldr    r7, [sp, #4]\n\t"
      "ldr    lr, [sp, #8]\n\t"
      "ldr    r12, [sp, #20]\n\t"
      "ldm    r12!, {r2-r6}\n\t"
      "str    r12, [sp, #20]\n\t"
      "cmp    r0, r7\n\t"
      "bne    5f\n"
      "1:\n\t" EB_FC_W16_G4(0) EB_FC_W16_G4(4) EB_FC_W16_G4(8) EB_FC_W16_G4(12)
      "add    r0, r0, #128\n\t"
      "cmp    r0, lr\n\t"
      "bne    1b\n"
      "3:\n\t"
      "ldr    r12, [sp, #20]\n\t"
      "ldr    lr, [sp, #24]\n\t"
      EB_FC_W16_RQ_ASM("r2") EB_FC_W16_RQ_ASM("r3") EB_FC_W16_RQ_ASM("r4") EB_FC_W16_RQ_ASM("r5")
      EB_FC_W16_RQ_ASM("r6")
      "str    r12, [sp, #20]\n\t"
      "str    lr, [sp, #24]\n\t"
      "ldr    r9, [sp, #16]\n\t"
      "cmp    r1, r9\n\t"
      "bne    4b\n\t"
      "add    sp, sp, #32\n\t"
      "pop    {r4-r11, pc}\n"
      "5:\n\t"
      "ldr    lr, [sp, #4]\n"
      "6:\n\t" EB_FC_W16_GROUP_ASM(0)
      "add    r0, r0, #8\n\t"
      "cmp    r0, lr\n\t"
      "bne    6b\n\t"
      "ldr    lr, [sp, #8]\n\t"
      "cmp    r0, lr\n\t"
      "bne    1b\n\t"
      "b      3b\n\t");
}

/* eb_widen_groups for `quads` runs of four groups (r0 = row, r1 = quads >= 1, r2 = offset2, r3 = xw): the
 * compiler's loop takes about 13 cycles a group, this one under 7. */
__attribute__((naked)) static void eb_fc_w16_widen_quads(const int8_t *row, int32_t quads, int32_t offset2,
                                                         int32_t *xw) {
  __asm__ volatile(
      "push   {r4-r11}\n"
      "1:\n\t"
      "ldr    r4, [r0]\n\t"
      "ldr    r6, [r0, #4]\n\t"
      "ldr    r8, [r0, #8]\n\t"
      "ldr    r10, [r0, #12]\n\t"
      "add    r0, r0, #16\n\t"
      "sxtab16 r5, r2, r4, ror #8\n\t"
      "sxtab16 r4, r2, r4\n\t"
      "sxtab16 r7, r2, r6, ror #8\n\t"
      "sxtab16 r6, r2, r6\n\t"
      "sxtab16 r9, r2, r8, ror #8\n\t"
      "sxtab16 r8, r2, r8\n\t"
      "sxtab16 r11, r2, r10, ror #8\n\t"
      "sxtab16 r10, r2, r10\n\t"
      "stm    r3!, {r4-r11}\n\t"
      "subs   r1, r1, #1\n\t"
      "bne    1b\n\t"
      "pop    {r4-r11}\n\t"
      "bx     lr\n\t");
}

/* Runs eb_fc_w16_blocks over `blocks` blocks from row r0 into out. */
static void eb_fc_w16_run(const int32_t *xw, int32_t groups, const int16_t *wf, const int32_t *rq, int32_t n,
                          int32_t r0, int32_t blocks, int8_t *out) {
  const int32_t frame[8] = {(int32_t)(uintptr_t)xw,
                            (int32_t)(uintptr_t)(xw + 2 * (groups % EB_FC_W16_UNROLL)),
                            (int32_t)(uintptr_t)(xw + 2 * groups),
                            (int32_t)(uintptr_t)(wf + (size_t)r0 * n),
                            (int32_t)(uintptr_t)(wf + (size_t)(r0 + blocks * EB_FC_W16_ROWS) * n),
                            (int32_t)(uintptr_t)(rq + 4 * r0),
                            (int32_t)(uintptr_t)out,
                            0};
  eb_fc_w16_blocks(frame);
}

void eb_fully_connected_s8_w16_dsp(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                   void *scratch, int8_t *out) {
  const int32_t n = p->in_depth, groups = n / 4, full = p->out_depth / EB_FC_W16_ROWS;
  const int32_t rest = p->out_depth - full * EB_FC_W16_ROWS;
  int32_t *const xw = (int32_t *)scratch;
  for (int32_t b = 0; b < p->batch; ++b, in += n, out += p->out_depth) {
    if (groups >= 4) eb_fc_w16_widen_quads(in, groups / 4, eb_pack16x2(-p->in_zp), xw);
    eb_widen_groups(in + groups / 4 * 16, groups % 4, eb_pack16x2(-p->in_zp), xw + groups / 4 * 8);
    if (full > 0) eb_fc_w16_run(xw, groups, wf, rq, n, 0, full, out);
    if (rest > 0) {
      /* The padded last block into a scratch block, of which the real rows are kept. */
      int8_t last[EB_FC_W16_ROWS];
      eb_fc_w16_run(xw, groups, wf, rq, n, full * EB_FC_W16_ROWS, 1, last);
      memcpy(out + full * EB_FC_W16_ROWS, last, (size_t)rest);
    }
  }
}
#else
void eb_fully_connected_s8_w16_dsp(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                   void *scratch, int8_t *out) {
  eb_fully_connected_s8_w16_ref(p, in, wf, rq, scratch, out);
}
#endif
