/* CONV_2D int8, pointwise, with a 16-bit filter made at prepare time: bit-identical to eb_conv2d_s8's
 * reference.
 *
 * Why: the int8 pointwise kernel (conv2d_pw.c) spends a sign extension per two weights and reloads its patch
 * for every channel pair, about 1.25 cycles per multiply-accumulate in its inner loop on a Cortex-M4. With the
 * filter already in halfword pairs, three pixels and two channels fit the fourteen registers: each run of
 * five pipelined loads (three patch words, two filter words) feeds six SMLAD, 1.0 cycle per
 * multiply-accumulate, for twice the filter's flash.
 *
 * Layout. Per pair of output channels, per group of four input channels: channel 0's (w0, w2), channel 1's
 * (w0, w2), channel 0's (w1, w3), channel 1's (w1, w3), each a word of two int16. The patch of a pixel triple
 * is, per group, the three pixels' (x0, x2) words then their (x1, x3) words, input offset added (SXTAB16 and
 * SXTAB16 ROR 8 of each input word). The requantisation constants come per channel pair: the two biases
 * (the sums start from them), then each channel's multiplier, quarter and r1 of eb_requantize_fast. (The
 * output zero point is added after the shift: these layers' shifts, up to 28, are too large to fold it in.)
 * eb_conv2d_pw16_prepare says when a layer takes this kernel. */
#include "arm_dsp.h"
#include "conv2d.h"

/* Input channels up to which the unrolled group sequence (16 bytes of patch offsets per group, 88 bytes of
 * code) covers a layer, and output channels up to which a last partial pixel triple fits its scratch. */
enum { EB_PW16_MAX_IN_C = 256, EB_PW16_MAX_OUT_C = 256 };
/* Words of constants per channel pair. */
enum { EB_PW16_RQ_WORDS = 8 };

int eb_conv2d_pw16_prepare(const eb_conv_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                           const int32_t *out_shift, int16_t *wf, int32_t *rq) {
  if (!eb_conv2d_pw_applies(p) || p->in_c > EB_PW16_MAX_IN_C || p->out_c > EB_PW16_MAX_OUT_C) return 0;
  const int32_t c_n = p->in_c, groups = c_n / 4;
  for (int32_t oc = 0; oc < p->out_c; ++oc) {
    int32_t *tbl = rq + (size_t)(oc / 2) * EB_PW16_RQ_WORDS;
    eb_rq_channel ch;
    if (!eb_rq_table(bias ? bias + oc : NULL, out_mult + oc, out_shift + oc, 1, p->q_min, p->q_max, &ch)) return 0;
    tbl[oc % 2] = ch.bias;
    tbl[2 + 3 * (oc % 2)] = ch.mult;
    tbl[3 + 3 * (oc % 2)] = (int32_t)ch.quarter;
    tbl[4 + 3 * (oc % 2)] = ch.r1;
    for (int32_t g = 0; g < groups; ++g) {
      for (int32_t h = 0; h < 2; ++h) {
        const int8_t *w = filter + (size_t)oc * c_n + 4 * g + h;
        int16_t *pair = wf + ((((size_t)(oc / 2) * groups + (size_t)g) * 2 + (size_t)h) * 2 + (size_t)(oc % 2)) * 2;
        pair[0] = w[0];
        pair[1] = w[2];
      }
    }
  }
  return 1;
}

/* The patch of pixels a, b, c (a triple; repeat one for fewer) into words: per group, (x0, x2) of a, b, c
 * then (x1, x3) of a, b, c. */
static void eb_pw16_patch(const int8_t *a, const int8_t *b, const int8_t *c, int32_t groups, int32_t offset2,
                          int32_t *words) {
  for (int32_t g = 0; g < groups; ++g, words += 6) {
    const int32_t va = eb_load4(a + 4 * g), vb = eb_load4(b + 4 * g), vc = eb_load4(c + 4 * g);
    words[0] = eb_sxtab16(offset2, va);
    words[1] = eb_sxtab16(offset2, vb);
    words[2] = eb_sxtab16(offset2, vc);
    words[3] = eb_sxtab16_ror8(offset2, va);
    words[4] = eb_sxtab16_ror8(offset2, vb);
    words[5] = eb_sxtab16_ror8(offset2, vc);
  }
}

/* Every channel pair for the pixel triple whose patch is in words: outputs at out (pixel a), out + out_c and
 * out + 2 out_c. */
static void eb_pw16_pairs_ref(const int32_t *words, int32_t groups, const int16_t *wf, const int32_t *rq,
                              int32_t out_c, int32_t zp, int8_t *out) {
  for (int32_t oc = 0; oc < out_c; oc += 2, wf += (size_t)groups * 8, rq += EB_PW16_RQ_WORDS) {
    int32_t s[2][3];
    for (int k = 0; k < 2; ++k) s[k][0] = s[k][1] = s[k][2] = rq[k];
    for (int32_t g = 0; g < groups; ++g) {
      for (int32_t h = 0; h < 2; ++h) {
        const int32_t *x = words + 6 * g + 3 * h;
        for (int k = 0; k < 2; ++k) {
          int32_t w;
          memcpy(&w, wf + ((size_t)g * 2 + (size_t)h) * 4 + 2 * (size_t)k, 4);
          for (int j = 0; j < 3; ++j) s[k][j] = eb_smlad(x[j], w, s[k][j]);
        }
      }
    }
    for (int k = 0; k < 2; ++k) {
      const int32_t *c = rq + 2 + 3 * k;
      for (int j = 0; j < 3; ++j) {
        const int32_t v = eb_requantize_fast(s[k][j], c[0], (uint32_t)c[1], c[2]);
        out[(size_t)j * out_c + oc + k] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(v, zp), -128, 127);
      }
    }
  }
}

#if EB_USE_ARM_DSP && defined(__thumb2__)
/* Groups in the unrolled sequence: any layer of up to 4 * this many input channels enters it part way. */
enum { EB_PW16_SEQ_GROUPS = EB_PW16_MAX_IN_C / 4 };
/* Bytes of code per group in the sequence (22 four-byte instructions). */
enum { EB_PW16_GROUP_CODE = 88 };

/* Half a group: the three pixels' patch words (r8-r10, at XOFF from r0) and the two channels' filter words
 * (r11, r12, from r1, which the last load moves on) in one run of pipelined loads, then six SMLAD into the
 * sums r2-r4 (channel 0 of pixels a, b, c) and r5-r7 (channel 1). */
#define EB_PW16_HALF_ASM(XOFF)               \
  "ldr.w  r8, [r0, #" #XOFF "]\n\t"         \
  "ldr.w  r9, [r0, #" #XOFF " + 4]\n\t"     \
  "ldr.w  r10, [r0, #" #XOFF " + 8]\n\t"    \
  "ldr.w  r12, [r1, #4]\n\t"                \
  "ldr.w  r11, [r1], #8\n\t"                \
  "smlad  r2, r8, r11, r2\n\t"              \
  "smlad  r3, r9, r11, r3\n\t"              \
  "smlad  r4, r10, r11, r4\n\t"             \
  "smlad  r5, r8, r12, r5\n\t"              \
  "smlad  r6, r9, r12, r6\n\t"              \
  "smlad  r7, r10, r12, r7\n\t"
#define EB_PW16_GROUP_ASM(G) EB_PW16_HALF_ASM(24 * (G)) EB_PW16_HALF_ASM(24 * (G) + 12)
#define EB_PW16_G4(G) \
  EB_PW16_GROUP_ASM(G) EB_PW16_GROUP_ASM((G) + 1) EB_PW16_GROUP_ASM((G) + 2) EB_PW16_GROUP_ASM((G) + 3)
#define EB_PW16_G16(G) EB_PW16_G4(G) EB_PW16_G4((G) + 4) EB_PW16_G4((G) + 8) EB_PW16_G4((G) + 12)

/* The sum in ACC requantised with the constants in r8 (multiplier), r10 (quarter), r11 (r1), offset by the
 * zero point in r7, saturated and stored at ADDR; r0 and r1 are scratch. */
#define EB_PW16_RQ_ASM(ACC, ADDR)                   \
  "and    r0, " ACC ", #0x80000000\n\t"             \
  "orr    r0, r0, #0x40000000\n\t"                  \
  "add    r1, r10, " ACC ", asr #31\n\t"            \
  "smlal  r0, r1, " ACC ", r8\n\t"                  \
  "asr    r1, r1, r11\n\t"                          \
  "add    r1, r1, r7\n\t"                           \
  "ssat   r1, #8, r1\n\t"                           \
  "strb   r1, " ADDR "\n\t"
/* One channel's three sums A, B, C with its constants (r12, moved on), stored at lr, lr + r9 and lr + 2 r9;
 * lr moves on by one. */
#define EB_PW16_RQ3_ASM(A, B, C)          \
  "ldm    r12!, {r8, r10, r11}\n\t"       \
  EB_PW16_RQ_ASM(A, "[lr]")               \
  EB_PW16_RQ_ASM(B, "[lr, r9]")           \
  EB_PW16_RQ_ASM(C, "[lr, r9, lsl #1]")   \
  "add    lr, lr, #1\n\t"

/* Every channel pair for one pixel triple. The state is a frame of eight words the caller fills (copied to
 * the stack): [sp] the patch minus the skipped groups' offsets, [4] the bytes of code to skip (then the
 * entry address), [8] the constants, [12] the output, [16] out_c, [20] the end of the filter, [24] the
 * filter, [28] the output zero point; [32] keeps r1 and [36] one sum while the sums are requantised. A layer
 * of G groups enters the sequence at group EB_PW16_SEQ_GROUPS - G. */
__attribute__((naked)) static void eb_pw16_pairs(const int32_t *frame) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "sub    sp, sp, #40\n\t"
      "ldm    r0, {r1-r8}\n\t"
      "stm    sp, {r1-r8}\n\t"
      "adr.w  r3, 9f\n\t"
      "add    r3, r3, r2\n\t"
      "orr    r3, r3, #1\n\t"
      "str    r3, [sp, #4]\n\t"
      "ldr    r1, [sp, #24]\n"
      "8:\n\t"
      "ldr    r12, [sp, #8]\n\t"
      "ldm    r12!, {r2, r5}\n\t"
      "str    r12, [sp, #8]\n\t"
      "ldr    r0, [sp]\n\t"
      "ldr    lr, [sp, #4]\n\t"
      "mov    r3, r2\n\t"
      "mov    r4, r2\n\t"
      "mov    r6, r5\n\t"
      "mov    r7, r5\n\t"
      "bx     lr\n\t"
      ".p2align 2\n"
      "9:\n\t" EB_PW16_G16(0) EB_PW16_G16(16) EB_PW16_G16(32) EB_PW16_G16(48)
      "str    r7, [sp, #36]\n\t"
      "str    r1, [sp, #32]\n\t"
      "ldr    r12, [sp, #8]\n\t"
      "ldr    lr, [sp, #12]\n\t"
      "ldr    r9, [sp, #16]\n\t"
      "ldr    r7, [sp, #28]\n\t"
      EB_PW16_RQ3_ASM("r2", "r3", "r4")
      "ldr    r2, [sp, #36]\n\t"
      EB_PW16_RQ3_ASM("r5", "r6", "r2")
      "str    r12, [sp, #8]\n\t"
      "str    lr, [sp, #12]\n\t"
      "ldr    r1, [sp, #32]\n\t"
      "ldr    r9, [sp, #20]\n\t"
      "cmp    r1, r9\n\t"
      "bne    8b\n\t"
      "add    sp, sp, #40\n\t"
      "pop    {r4-r11, pc}\n\t");
}

static void eb_pw16_pairs_run(const int32_t *words, int32_t groups, const int16_t *wf, const int32_t *rq,
                              int32_t out_c, int32_t zp, int8_t *out) {
  const int32_t skip = EB_PW16_SEQ_GROUPS - groups;
  const int32_t frame[8] = {(int32_t)(uintptr_t)(words - 6 * skip),
                            skip * EB_PW16_GROUP_CODE,
                            (int32_t)(uintptr_t)rq,
                            (int32_t)(uintptr_t)out,
                            out_c,
                            (int32_t)(uintptr_t)(wf + (size_t)out_c * groups * 4),
                            (int32_t)(uintptr_t)wf,
                            zp};
  eb_pw16_pairs(frame);
}
#else
static void eb_pw16_pairs_run(const int32_t *words, int32_t groups, const int16_t *wf, const int32_t *rq,
                              int32_t out_c, int32_t zp, int8_t *out) {
  eb_pw16_pairs_ref(words, groups, wf, rq, out_c, zp, out);
}
#endif

static void eb_conv2d_s8_pw16_any(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                  int8_t *out, int use_run) {
  const int32_t c_n = p->in_c, groups = c_n / 4, c_out = p->out_c, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t pixels = p->batch * p->out_h * p->out_w;
  int32_t words[6 * groups];
  for (int32_t q = 0; q < pixels; q += 3) {
    const int8_t *a = in + (size_t)q * c_n;
    const int8_t *b = q + 1 < pixels ? a + c_n : a, *c = q + 2 < pixels ? a + 2 * c_n : a;
    eb_pw16_patch(a, b, c, groups, offset2, words);
    int8_t *o = out + (size_t)q * c_out;
    if (q + 2 < pixels) {
      if (use_run) eb_pw16_pairs_run(words, groups, wf, rq, c_out, p->out_zp, o);
      else eb_pw16_pairs_ref(words, groups, wf, rq, c_out, p->out_zp, o);
    } else {
      /* A last pixel or two: the triple into a scratch block, of which their rows are kept. */
      int8_t last[3 * EB_PW16_MAX_OUT_C];
      if (use_run) eb_pw16_pairs_run(words, groups, wf, rq, c_out, p->out_zp, last);
      else eb_pw16_pairs_ref(words, groups, wf, rq, c_out, p->out_zp, last);
      memcpy(o, last, (size_t)(pixels - q) * (size_t)c_out);
    }
  }
}

void eb_conv2d_s8_pw16_ref(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                           int8_t *out) {
  eb_conv2d_s8_pw16_any(p, in, wf, rq, out, 0);
}

void eb_conv2d_s8_pw16_dsp(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                           int8_t *out) {
  eb_conv2d_s8_pw16_any(p, in, wf, rq, out, 1);
}

void eb_conv2d_s8_pw16(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq, int8_t *out) {
#if EB_USE_ARM_DSP
  eb_conv2d_s8_pw16_dsp(p, in, wf, rq, out);
#else
  eb_conv2d_s8_pw16_ref(p, in, wf, rq, out);
#endif
}
