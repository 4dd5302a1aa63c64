/* CONV_2D int8 with a 16-bit filter made at prepare time: bit-identical to eb_conv2d_s8's reference.
 *
 * Why: the int8 kernels (conv2d_dsp.c, conv2d_pw.c) spend a sign extension per two weights and reload their
 * patch for every channel pair, about 1.25 cycles per multiply-accumulate in their inner loops on a
 * Cortex-M4. With the filter already in halfword pairs, three pixels and two channels fit the fourteen
 * registers: each run of five pipelined loads (three patch words, two filter words) feeds six SMLAD, 1.0 cycle
 * per multiply-accumulate, for twice the filter's flash.
 *
 * Two kernels share that loop. Pointwise layers (eb_conv2d_s8_pw16) read each pixel's channels as its patch;
 * other layers (eb_conv2d_s8_g16) gather each pixel's taps in the filter's order first (im2col), zero-padded
 * to whole groups of four. A patch holds K = in_c (pointwise) or k_h * k_w * in_c rounded up to 4 taps.
 *
 * Layout. Per pair of output channels, per group of four taps: channel 0's (w0, w2), channel 1's (w0, w2),
 * channel 0's (w1, w3), channel 1's (w1, w3), each a word of two int16. The patch of a pixel triple is, per
 * group, the three pixels' (x0, x2) words then their (x1, x3) words, input offset added (SXTAB16 and SXTAB16
 * ROR 8 of each input word). The requantisation constants come per channel pair: the two biases (the sums
 * start from them), then each channel's multiplier, quarter and r1 of eb_requantize_fast, and two words of
 * padding at the end. (The output zero point is added after the shift: these layers' shifts, up to 28, are
 * too large to fold it in.) The _prepare functions say when a layer takes these kernels.
 *
 * The patch of a pixel triple, the gathered taps (eb_conv2d_s8_g16) and a last partial triple's outputs live in
 * the call's scratch: eb_conv2d_pw16_scratch_bytes / eb_conv2d_g16_scratch_bytes, placed by the planner. */
#include "arm_dsp.h"
#include "conv2d.h"

/* Taps up to which the unrolled group sequence (24 bytes of patch offsets and 88 bytes of code per group)
 * covers a layer, and output channels up to which its requantisation table is laid out. */
enum { EB_W16_MAX_TAPS = 256, EB_W16_MAX_OUT_C = 256 };
/* Words of constants per channel pair. */
enum { EB_W16_RQ_WORDS = 8 };

/* Taps per patch: the filter's, rounded up to a whole group. */
static int32_t eb_w16_taps(const eb_conv_params *p) { return (p->k_h * p->k_w * p->in_c + 3) & ~3; }

/* Whether the geometry of a layer of k taps per filter fits the kernels. */
static int eb_w16_fits(const eb_conv_params *p, int32_t k) {
  return p->out_c % 2 == 0 && p->out_c <= EB_W16_MAX_OUT_C && ((k + 3) & ~3) <= EB_W16_MAX_TAPS;
}

int eb_conv2d_pw16_applies(const eb_conv_params *p) { return eb_conv2d_pw_applies(p) && eb_w16_fits(p, p->in_c); }
int eb_conv2d_g16_applies(const eb_conv_params *p) {
  return p->depth_multiplier == 1 && eb_w16_fits(p, p->k_h * p->k_w * p->in_c);
}

/* The filter (out_c x k taps, zero past them up to the patch's taps) and constants in their layout. */
static int eb_w16_prepare(const eb_conv_params *p, int32_t k, const int8_t *filter, const int32_t *bias,
                          const int32_t *out_mult, const int32_t *out_shift, int16_t *wf, int32_t *rq) {
  const int32_t taps = (k + 3) & ~3, groups = taps / 4;
  if (!eb_w16_fits(p, k)) return 0;
  for (int32_t oc = 0; oc < p->out_c; ++oc) {
    int32_t *tbl = rq + (size_t)(oc / 2) * EB_W16_RQ_WORDS;
    eb_rq_channel ch;
    if (!eb_rq_table(bias ? bias + oc : NULL, out_mult + oc, out_shift + oc, 1, p->q_min, p->q_max, &ch)) return 0;
    tbl[oc % 2] = ch.bias;
    tbl[2 + 3 * (oc % 2)] = ch.mult;
    tbl[3 + 3 * (oc % 2)] = (int32_t)ch.quarter;
    tbl[4 + 3 * (oc % 2)] = ch.r1;
    for (int32_t g = 0; g < groups; ++g) {
      for (int32_t h = 0; h < 2; ++h) {
        const int32_t t = 4 * g + h;
        int16_t *pair = wf + ((((size_t)(oc / 2) * groups + (size_t)g) * 2 + (size_t)h) * 2 + (size_t)(oc % 2)) * 2;
        pair[0] = t < k ? filter[(size_t)oc * k + t] : 0;
        pair[1] = t + 2 < k ? filter[(size_t)oc * k + t + 2] : 0;
      }
    }
  }
  return 1;
}

int32_t eb_conv2d_w16_filter_len(const eb_conv_params *p) { return p->out_c * eb_w16_taps(p); }

/* The scratch: the triple's patch (6 words per group), a last partial triple's outputs, then (g16) the three
 * pixels' gathered taps. */
static size_t eb_w16_last_at(const eb_conv_params *p) { return (size_t)eb_w16_taps(p) / 4 * 24; }
static size_t eb_w16_taps_at(const eb_conv_params *p) {
  return eb_w16_last_at(p) + (((size_t)p->out_c * 3 + 3) & ~(size_t)3);
}
static size_t eb_w16_patch_stride(const eb_conv_params *p) { return (size_t)eb_w16_taps(p) + 4; }

int32_t eb_conv2d_pw16_scratch_bytes(const eb_conv_params *p) { return (int32_t)eb_w16_taps_at(p); }
int32_t eb_conv2d_g16_scratch_bytes(const eb_conv_params *p) {
  return (int32_t)(eb_w16_taps_at(p) + 3 * eb_w16_patch_stride(p));
}

int eb_conv2d_pw16_prepare(const eb_conv_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                           const int32_t *out_shift, int16_t *wf, int32_t *rq) {
  return eb_conv2d_pw_applies(p) && eb_w16_prepare(p, p->in_c, filter, bias, out_mult, out_shift, wf, rq);
}

int eb_conv2d_g16_prepare(const eb_conv_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                          const int32_t *out_shift, int16_t *wf, int32_t *rq) {
  return p->depth_multiplier == 1 &&
         eb_w16_prepare(p, p->k_h * p->k_w * p->in_c, filter, bias, out_mult, out_shift, wf, rq);
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
  for (int32_t oc = 0; oc < out_c; oc += 2, wf += (size_t)groups * 8, rq += EB_W16_RQ_WORDS) {
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
enum { EB_PW16_SEQ_GROUPS = EB_W16_MAX_TAPS / 4 };
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

/* One channel's three sums A, B, C with its constants (r12, moved on) and the zero point in r7, stored at
 * lr, lr + r9 and lr + 2 r9; lr moves on by one. r0 and r1 are scratch. */
#define EB_PW16_RQ3_ASM(A, B, C)                                               \
  "ldm    r12!, {r8, r10, r11}\n\t"                                            \
  EB_RQ_ZP_ASM(A, "r8", "r10", "r11", "r7", "r0", "r1", "[lr]")             \
  EB_RQ_ZP_ASM(B, "r8", "r10", "r11", "r7", "r0", "r1", "[lr, r9]")         \
  EB_RQ_ZP_ASM(C, "r8", "r10", "r11", "r7", "r0", "r1", "[lr, r9, lsl #1]") \
  "add    lr, lr, #1\n\t"

/* Every channel pair for one pixel triple. The state is a frame of eight words the caller fills (copied to
 * the stack): [sp] the patch minus the skipped groups' offsets, [4] the bytes of code to skip (then the
 * entry address), [8] the constants, [12] the output, [16] out_c, [20] the end of the filter, [24] the
 * filter, [28] the output zero point; [32] keeps r1 and [36] one sum while the sums are requantised. A layer
 * of G groups enters the sequence at group EB_PW16_SEQ_GROUPS - G. lr walks the output throughout; each
 * pair's requantisation ends by loading the next pair's biases (past the last pair: the constants' two
 * words of padding). */
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
      "ldr    r1, [sp, #24]\n\t"
      "ldr    r12, [sp, #8]\n\t"
      "ldr    lr, [sp, #12]\n\t"
      "ldm    r12!, {r2, r5}\n\t"
      "str    r12, [sp, #8]\n"
      "8:\n\t"
      "ldr    r0, [sp]\n\t"
      "ldr    r8, [sp, #4]\n\t"
      "mov    r3, r2\n\t"
      "mov    r4, r2\n\t"
      "mov    r6, r5\n\t"
      "mov    r7, r5\n\t"
      "bx     r8\n\t"
      ".p2align 2\n"
      "9:\n\t" EB_PW16_G16(0) EB_PW16_G16(16) EB_PW16_G16(32) EB_PW16_G16(48)
      "str    r7, [sp, #36]\n\t"
      "str    r1, [sp, #32]\n\t"
      "ldr    r12, [sp, #8]\n\t"
      "ldr    r9, [sp, #16]\n\t"
      "ldr    r7, [sp, #28]\n\t"
      EB_PW16_RQ3_ASM("r2", "r3", "r4")
      "ldr    r2, [sp, #36]\n\t"
      EB_PW16_RQ3_ASM("r5", "r6", "r2")
      "ldm    r12!, {r2, r5}\n\t"
      "str    r12, [sp, #8]\n\t"
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

/* Every channel pair of the pixel triple whose patch is in words, into out; `count` (1 to 3) of the triple's
 * pixels are real: fewer go through the scratch block after the patch (3 c_out bytes), of which their rows are
 * kept. */
static void eb_w16_triple(const int32_t *words, int32_t groups, const int16_t *wf, const int32_t *rq, int32_t c_out,
                          int32_t zp, int32_t count, int use_run, int8_t *out) {
  int8_t *const last = (int8_t *)(words + 6 * groups);
  int8_t *o = count == 3 ? out : last;
  if (use_run) eb_pw16_pairs_run(words, groups, wf, rq, c_out, zp, o);
  else eb_pw16_pairs_ref(words, groups, wf, rq, c_out, zp, o);
  if (count < 3) memcpy(out, last, (size_t)count * (size_t)c_out);
}

static void eb_conv2d_s8_pw16_any(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                  void *scratch, int8_t *out, int use_run) {
  const int32_t c_n = p->in_c, groups = c_n / 4, c_out = p->out_c, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t pixels = p->batch * p->out_h * p->out_w;
  int32_t *const words = (int32_t *)scratch;
  for (int32_t q = 0; q < pixels; q += 3) {
    const int8_t *a = in + (size_t)q * c_n;
    const int8_t *b = q + 1 < pixels ? a + c_n : a, *c = q + 2 < pixels ? a + 2 * c_n : a;
    eb_pw16_patch(a, b, c, groups, offset2, words);
    eb_w16_triple(words, groups, wf, rq, c_out, p->out_zp, eb_min_i32(3, pixels - q), use_run,
                  out + (size_t)q * c_out);
  }
}

/* The taps of the output pixel (oy, ox) of image in_b in the filter's order into t: the input zero point
 * outside the image, so that they add nothing. Any geometry; eb_g16_gather_inside is the common case. */
static EB_NOINLINE void eb_g16_gather(const eb_conv_params *p, const int8_t *in_b, int32_t oy, int32_t ox, int8_t *t) {
  const int32_t c_n = p->in_c, span = p->k_w * c_n, y0 = oy * p->stride_h - p->pad_top;
  const int32_t x0 = ox * p->stride_w - p->pad_left;
  const int8_t zp = (int8_t)p->in_zp;
  /* The filter columns inside the image: kx0 <= kx < kx1. */
  int32_t kx0 = 0, kx1 = p->k_w;
  while (kx0 < kx1 && x0 + kx0 * p->dil_w < 0) ++kx0;
  while (kx1 > kx0 && x0 + (kx1 - 1) * p->dil_w >= p->in_w) --kx1;
  for (int32_t ky = 0; ky < p->k_h; ++ky, t += span) {
    const int32_t y = y0 + ky * p->dil_h;
    if (y < 0 || y >= p->in_h || kx0 == kx1) {
      memset(t, zp, (size_t)span);
      continue;
    }
    const int8_t *row = in_b + (size_t)y * p->in_w * c_n;
    for (int32_t i = 0; i < kx0 * c_n; ++i) t[i] = zp;
    if (p->dil_w == 1) {
      const int8_t *src = row + (size_t)(x0 + kx0) * c_n;
      for (int32_t i = kx0 * c_n; i < kx1 * c_n; ++i) t[i] = *src++;
    } else {
      for (int32_t kx = kx0; kx < kx1; ++kx) {
        memcpy(t + kx * c_n, row + (size_t)(x0 + kx * p->dil_w) * c_n, (size_t)c_n);
      }
    }
    for (int32_t i = kx1 * c_n; i < span; ++i) t[i] = zp;
  }
}

/* The taps of a patch that lies inside the image, its rows (span bytes each) row_step bytes apart from src:
 * whole words, then the row's last bytes one at a time (a word there could read past the input). */
static EB_NOINLINE void eb_g16_gather_inside(const int8_t *src, int32_t rows, int32_t span, int32_t row_step,
                                             int8_t *t) {
  for (int32_t ky = 0; ky < rows; ++ky, src += row_step, t += span) {
    int32_t i = 0;
    for (; i + 4 <= span; i += 4) {
      const int32_t v = eb_load4(src + i);
      memcpy(t + i, &v, 4);
    }
    for (; i < span; ++i) t[i] = src[i];
  }
}

static void eb_conv2d_s8_g16_any(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                 void *scratch, int8_t *out, int use_run) {
  const int32_t taps = eb_w16_taps(p), groups = taps / 4, c_out = p->out_c, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t pixels = p->batch * p->out_h * p->out_w, k = p->k_h * p->k_w * p->in_c;
  const int32_t row_bytes = p->in_w * p->in_c, span = p->k_w * p->in_c, reach_y = (p->k_h - 1) * p->dil_h;
  const int row_ok = p->dil_w == 1;
  int32_t *const words = (int32_t *)scratch;
  int8_t *const patch = (int8_t *)scratch + eb_w16_taps_at(p);
  const size_t stride = eb_w16_patch_stride(p);
  for (int j = 0; j < 3; ++j) memset(patch + j * stride + k, (int8_t)p->in_zp, (size_t)(taps - k));
  int32_t b = 0, oy = 0, ox = 0; /* the next pixel to gather */
  const int8_t *in_b = in;
  for (int32_t q = 0; q < pixels; q += 3) {
    const int32_t count = eb_min_i32(3, pixels - q);
    for (int32_t j = 0; j < count; ++j) {
      const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
      if (row_ok && y0 >= 0 && y0 + reach_y < p->in_h && x0 >= 0 && x0 + p->k_w <= p->in_w) {
        eb_g16_gather_inside(in_b + (size_t)y0 * row_bytes + (size_t)x0 * p->in_c, p->k_h, span, p->dil_h * row_bytes,
                             patch + j * stride);
      } else {
        eb_g16_gather(p, in_b, oy, ox, patch + j * stride);
      }
      if (++ox == p->out_w) {
        ox = 0;
        if (++oy == p->out_h) oy = 0, ++b, in_b += (size_t)p->in_h * row_bytes;
      }
    }
    eb_pw16_patch(patch, patch + (count > 1) * stride, patch + (count > 2 ? 2 : 0) * stride, groups, offset2, words);
    eb_w16_triple(words, groups, wf, rq, c_out, p->out_zp, count, use_run, out + (size_t)q * c_out);
  }
}

void eb_conv2d_s8_pw16_ref(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                           void *scratch, int8_t *out) {
  eb_conv2d_s8_pw16_any(p, in, wf, rq, scratch, out, 0);
}

void eb_conv2d_s8_pw16(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq, void *scratch,
                       int8_t *out) {
  eb_conv2d_s8_pw16_any(p, in, wf, rq, scratch, out, EB_USE_ARM_DSP);
}

void eb_conv2d_s8_g16_ref(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                          void *scratch, int8_t *out) {
  eb_conv2d_s8_g16_any(p, in, wf, rq, scratch, out, 0);
}

void eb_conv2d_s8_g16(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq, void *scratch,
                      int8_t *out) {
  eb_conv2d_s8_g16_any(p, in, wf, rq, scratch, out, EB_USE_ARM_DSP);
}
