/* CONV_2D int8, pointwise (1x1, stride 1, unpadded), with the filters laid out for the SMLAD loop at
 * prepare time: bit-identical to eb_conv2d_s8's reference.
 *
 * eb_conv2d_s8_pw_filter interleaves each pair of output channels group by group (four input channels
 * are a group, one word per filter): [pair][group][filter 0's word, filter 1's word]. One LDM then brings
 * both filter words of a group and one pointer walks every pair, which frees the registers the
 * Cortex-M4 loop needs to run without a loop counter: for the common group counts the loop over a
 * pixel pair's groups is unrolled, and each pair of channels is requantised in registers as in
 * conv2d_dsp.c, with the channels' constants that prepare gathered (eb_rq_table: the layer takes this kernel only
 * when every channel has them). The call carries the interleaved filter and the constants instead of the filter,
 * bias, multipliers and shifts. eb_conv2d_s8_pw runs eb_conv2d_s8_pw_dsp on a Cortex-M DSP target and
 * eb_conv2d_s8_pw_ref (the same sums in C) elsewhere. The pixel pair's patch and a last odd pixel's outputs
 * live in the call's scratch (eb_conv2d_pw_scratch_bytes). */
#include "arm_dsp.h"
#include "conv2d.h"

/* Input channels up to which a layer takes this kernel: the unrolled group loops cover up to 32 groups, the
 * looped one any even count. */
enum { EB_PW_MAX_IN_C = 512 };

int eb_conv2d_pw_applies(const eb_conv_params *p) {
  return p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->dil_h == 1 && p->dil_w == 1 &&
         p->pad_top == 0 && p->pad_left == 0 && p->in_c % 8 == 0 && p->in_c <= EB_PW_MAX_IN_C && p->out_c % 2 == 0;
}

void eb_conv2d_s8_pw_filter(const eb_conv_params *p, const int8_t *filter, int8_t *fp) {
  const int32_t c_n = p->in_c, groups = c_n / 4;
  for (int32_t oc = 0; oc < p->out_c; ++oc) {
    for (int32_t g = 0; g < groups; ++g) {
      memcpy(fp + (((size_t)(oc / 2) * groups + (size_t)g) * 2 + (size_t)(oc % 2)) * 4,
             filter + (size_t)oc * c_n + 4 * g, 4);
    }
  }
}

int32_t eb_conv2d_pw_scratch_bytes(const eb_conv_params *p) { return 4 * p->in_c + 2 * p->out_c; }

#if EB_USE_ARM_DSP && defined(__thumb2__)
/* One group: the pair's patch words a even, a odd, b even, b odd (r8-r11) against the two filter words
 * (r12, lr), split by SXTB16 into r3 and the word itself. */
#define EB_PW_GROUP_ASM                                          \
  "ldm    r0!, {r8-r11}\n\t"                                     \
  "ldm    r2!, {r12, lr}\n\t"                                    \
  "sxtb16 r3, r12\n\t"                                           \
  "smlad  r4, r8, r3, r4\n\t"                                    \
  "smlad  r6, r10, r3, r6\n\t"                                   \
  "sxtb16 r12, r12, ror #8\n\t"                                  \
  "smlad  r4, r9, r12, r4\n\t"                                   \
  "smlad  r6, r11, r12, r6\n\t"                                  \
  "sxtb16 r3, lr\n\t"                                            \
  "smlad  r5, r8, r3, r5\n\t"                                    \
  "smlad  r7, r10, r3, r7\n\t"                                   \
  "sxtb16 lr, lr, ror #8\n\t"                                    \
  "smlad  r5, r9, lr, r5\n\t"                                    \
  "smlad  r7, r11, lr, r7\n\t"
/* Every channel pair of a block for one pixel pair: sums, requantisation, stores. GROUPS is the
 * assembly of the loop over the groups, which leaves r0 past the patch. The state lives in a frame of
 * seven words the caller fills (copied to the stack): [sp] words, [4] zp, [8] tbl, [12] y0, [16] end of
 * the block's filters, [20] out_c, [24] groups. r0 = that frame, r2 = the block's interleaved filters.
 * r1 holds out_c (pixel 1's outputs are out_c bytes on) except inside the looped groups. */
#define EB_PW_PAIRS_ASM(GROUPS)                                                               \
  "push   {r4-r11, lr}\n\t"                                                                   \
  "sub    sp, sp, #32\n\t"                                                                    \
  "ldm    r0, {r3-r9}\n\t"                                                                    \
  "stm    sp, {r3-r9}\n\t"                                                                    \
  "ldr    r1, [sp, #20]\n"                                                                    \
  "3:\n\t"                                                                                    \
  "ldr    r0, [sp]\n\t"                                                                       \
  "mov    r4, #0\n\t"                                                                         \
  "mov    r5, #0\n\t"                                                                         \
  "mov    r6, #0\n\t"                                                                         \
  "mov    r7, #0\n\t" GROUPS                                                                  \
  "ldr    r12, [sp, #8]\n\t"                                                                  \
  "ldr    lr, [sp, #12]\n\t"                                                                  \
  "ldr    r9, [sp, #4]\n\t" EB_RQ2_ASM("r4", "r6", "r8", "r1") "add    lr, lr, #1\n\t"                \
  EB_RQ2_ASM("r5", "r7", "r8", "r1") "add    lr, lr, #1\n\t"                                          \
  "str    lr, [sp, #12]\n\t"                                                                  \
  "str    r12, [sp, #8]\n\t"                                                                  \
  "ldr    r3, [sp, #16]\n\t"                                                                  \
  "cmp    r2, r3\n\t"                                                                         \
  "bne    3b\n\t"                                                                             \
  "add    sp, sp, #32\n\t"                                                                    \
  "pop    {r4-r11, pc}\n\t"
#define EB_PW_G2 EB_PW_GROUP_ASM EB_PW_GROUP_ASM
#define EB_PW_G4 EB_PW_G2 EB_PW_G2
#define EB_PW_G8 EB_PW_G4 EB_PW_G4
#define EB_PW_G16 EB_PW_G8 EB_PW_G8
#define EB_PW_G32 EB_PW_G16 EB_PW_G16
/* Any even group count: two groups per pass up to the patch's end (r0 + 16 groups, in r1 meanwhile). */
#define EB_PW_GLOOP                                                                           \
  "ldr    r1, [sp, #24]\n\t"                                                                  \
  "add    r1, r0, r1, lsl #4\n"                                                               \
  "1:\n\t" EB_PW_GROUP_ASM EB_PW_GROUP_ASM                                                    \
  "cmp    r0, r1\n\t"                                                                         \
  "bne    1b\n\t"                                                                             \
  "ldr    r1, [sp, #20]\n\t"
#define EB_PW_PAIRS_FN(name, GROUPS)                                                   \
  __attribute__((naked)) static void name(const int32_t *frame, int32_t unused, const int8_t *fp) { \
    __asm__ volatile(EB_PW_PAIRS_ASM(GROUPS));                                         \
  }
EB_PW_PAIRS_FN(eb_pw_pairs_g2, EB_PW_G2)
EB_PW_PAIRS_FN(eb_pw_pairs_g4, EB_PW_G4)
EB_PW_PAIRS_FN(eb_pw_pairs_g8, EB_PW_G8)
EB_PW_PAIRS_FN(eb_pw_pairs_g16, EB_PW_G16)
EB_PW_PAIRS_FN(eb_pw_pairs_g32, EB_PW_G32)
EB_PW_PAIRS_FN(eb_pw_pairs_loop, EB_PW_GLOOP)

/* y0[c], y0[out_c + c] for the block's channels c of one pixel pair whose patches are in words. */
static void eb_pw_pairs(const int32_t *words, int32_t groups, const int8_t *fp, int32_t n, const eb_rq_channel *tbl,
                        int32_t zp, int32_t out_c, int8_t *y0) {
  const int32_t frame[7] = {(int32_t)(uintptr_t)words, zp, (int32_t)(uintptr_t)tbl, (int32_t)(uintptr_t)y0,
                            (int32_t)(uintptr_t)(fp + (size_t)n * groups * 4), out_c, groups};
  switch (groups) {
    case 2: eb_pw_pairs_g2(frame, 0, fp); break;
    case 4: eb_pw_pairs_g4(frame, 0, fp); break;
    case 8: eb_pw_pairs_g8(frame, 0, fp); break;
    case 16: eb_pw_pairs_g16(frame, 0, fp); break;
    case 32: eb_pw_pairs_g32(frame, 0, fp); break;
    default: eb_pw_pairs_loop(frame, 0, fp); break;
  }
}
#else
static void eb_pw_pairs(const int32_t *words, int32_t groups, const int8_t *fp, int32_t n, const eb_rq_channel *tbl,
                        int32_t zp, int32_t out_c, int8_t *y0) {
  for (int32_t c = 0; c < n; c += 2, fp += (size_t)groups * 8) {
    int32_t s[4] = {0, 0, 0, 0}; /* a0, a1, b0, b1 */
    for (int32_t g = 0; g < groups; ++g) {
      const int32_t *x = words + 4 * g;
      for (int k = 0; k < 2; ++k) {
        const int32_t v = eb_load4(fp + (size_t)g * 8 + 4 * k);
        const int32_t ve = eb_sxtb16(v), vo = eb_sxtb16_ror8(v);
        s[k] = eb_smlad(x[1], vo, eb_smlad(x[0], ve, s[k]));
        s[2 + k] = eb_smlad(x[3], vo, eb_smlad(x[2], ve, s[2 + k]));
      }
    }
    for (int k = 0; k < 2; ++k) {
      y0[c + k] = eb_rq_out(s[k], tbl + c + k, zp);
      y0[out_c + c + k] = eb_rq_out(s[2 + k], tbl + c + k, zp);
    }
  }
}
#endif

void eb_conv2d_s8_pw_ref(const eb_conv_params *p, const int8_t *in, const int8_t *fp, const int32_t *rq, void *scratch,
                         int8_t *out) {
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  const int32_t c_n = p->in_c, groups = c_n / 4, c_out = p->out_c, offset = -p->in_zp;
  const int32_t pixels = p->batch * p->out_h * p->out_w;
  (void)scratch;
  for (int32_t q = 0; q < pixels; ++q) {
    const int8_t *x = in + (size_t)q * c_n;
    for (int32_t oc = 0; oc < c_out; oc += 2) {
      const int8_t *f = fp + (size_t)(oc / 2) * groups * 8;
      int32_t s0 = 0, s1 = 0;
      for (int32_t g = 0; g < groups; ++g, f += 8) {
        for (int i = 0; i < 4; ++i) {
          const int32_t xi = x[4 * g + i] + offset;
          s0 += f[i] * xi;
          s1 += f[4 + i] * xi;
        }
      }
      out[(size_t)q * c_out + oc] = eb_rq_out(s0, tbl + oc, p->out_zp);
      out[(size_t)q * c_out + oc + 1] = eb_rq_out(s1, tbl + oc + 1, p->out_zp);
    }
  }
}

void eb_conv2d_s8_pw(const eb_conv_params *p, const int8_t *in, const int8_t *fp, const int32_t *rq, void *scratch,
                     int8_t *out) {
#if EB_USE_ARM_DSP
  eb_conv2d_s8_pw_dsp(p, in, fp, rq, scratch, out);
#else
  eb_conv2d_s8_pw_ref(p, in, fp, rq, scratch, out);
#endif
}

void eb_conv2d_s8_pw_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *fp, const int32_t *rq, void *scratch,
                         int8_t *out) {
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  const int32_t c_n = p->in_c, groups = c_n / 4, c_out = p->out_c;
  const int32_t pixels = p->batch * p->out_h * p->out_w, offset2 = eb_pack16x2(-p->in_zp);
  int32_t *const words = (int32_t *)scratch;
  /* A last odd pixel's outputs, then its pair's discarded second. */
  int8_t *const last = (int8_t *)(words + 4 * groups);
  for (int32_t q = 0; q < pixels; q += 2) {
    const int two = q + 1 < pixels;
    const int8_t *a = in + (size_t)q * c_n, *b = two ? a + c_n : a;
    for (int32_t g = 0; g < groups; ++g) {
      const int32_t va = eb_load4(a + 4 * g), vb = eb_load4(b + 4 * g);
      int32_t *w = words + 4 * g;
      w[0] = eb_sxtab16(offset2, va);
      w[1] = eb_sxtab16_ror8(offset2, va);
      w[2] = eb_sxtab16(offset2, vb);
      w[3] = eb_sxtab16_ror8(offset2, vb);
    }
    if (two) {
      eb_pw_pairs(words, groups, fp, c_out, tbl, p->out_zp, c_out, out + (size_t)q * c_out);
    } else {
      eb_pw_pairs(words, groups, fp, c_out, tbl, p->out_zp, c_out, last);
      memcpy(out + (size_t)q * c_out, last, (size_t)c_out);
    }
  }
}
