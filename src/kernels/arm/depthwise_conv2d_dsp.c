/* DEPTHWISE_CONV_2D int8 with the Cortex-M DSP instructions: bit-identical to eb_depthwise_conv2d_s8's
 * reference. Four neighbouring output channels are one word of the filter, split into even and odd
 * halfword pairs (SXTB16); SMLABB/SMLATT accumulate each channel separately.
 *  - Depth multiplier 1: the four matching input channels are one word of the input too (SXTAB16 adds
 *    the input offset to its even and odd bytes). Channels beyond a multiple of four use plain C.
 *  - Depth multiplier a multiple of 4 (e.g. micro_speech's 8): the four outputs read one input value,
 *    which is broadcast to both halfwords.
 * Other depth multipliers take the reference kernel. A 3x3 filter whose taps all fall inside the image (every
 * pixel but the border ones) has its taps unrolled in assembly, which also requantises the sums in
 * registers when prepare gathered the channels' constants (eb_rq_table: every channel takes the usual
 * requantisation, the whole int8 clamp); border pixels go through a 3x3 patch padded with the input zero
 * point, in the call's scratch (eb_depthwise_dsp_scratch_bytes). */
#include "arm_dsp.h"
#include "depthwise_conv2d.h"

static void eb_dw_valid_taps(int32_t o, int32_t k, int32_t dil, int32_t size, int32_t *begin, int32_t *end) {
  int32_t b = 0, e = k;
  while (b < k && o + b * dil < 0) ++b;
  while (e > b && o + (e - 1) * dil >= size) --e;
  *begin = b;
  *end = e;
}

/* Channels up to which border pixels of a 3x3 filter go through a scratch patch (9 bytes per channel). */
enum { EB_DW_BORDER_MAX_CHANNELS = 256 };

int eb_depthwise_dsp_m4_applies(const eb_conv_params *p) { return p->depth_multiplier % 4 == 0; }

static int eb_dw_border_patch(const eb_conv_params *p) {
  return p->k_h == 3 && p->k_w == 3 && p->dil_h == 1 && p->dil_w == 1 && p->in_c <= EB_DW_BORDER_MAX_CHANNELS;
}

int32_t eb_depthwise_dsp_scratch_bytes(const eb_conv_params *p) { return eb_dw_border_patch(p) ? 9 * p->in_c : 0; }

/* Depth multiplier 4k: output channels 4j..4j+3 all read input channel 4j / multiplier. */
void eb_depthwise_conv2d_s8_dsp_m4(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                   const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  const int32_t offset = -p->in_zp;
  const int32_t c_n = p->in_c, m = p->depth_multiplier;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * c_n;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      int32_t ky0, ky1;
      eb_dw_valid_taps(y0, p->k_h, p->dil_h, p->in_h, &ky0, &ky1);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        int32_t kx0, kx1;
        eb_dw_valid_taps(x0, p->k_w, p->dil_w, p->in_w, &kx0, &kx1);
        for (int32_t oc = 0; oc < p->out_c; oc += 4) {
          const int32_t ic = oc / m;
          int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int8_t *row = in_b + (size_t)(y0 + ky * p->dil_h) * p->in_w * c_n + ic;
            const int8_t *frow = filter + (size_t)ky * p->k_w * p->out_c + oc;
            for (int32_t kx = kx0; kx < kx1; ++kx) {
              const int32_t xp = eb_pack16x2(row[(size_t)(x0 + kx * p->dil_w) * c_n] + offset);
              const int32_t wv = eb_load4(frow + (size_t)kx * p->out_c);
              const int32_t w_even = eb_sxtb16(wv), w_odd = eb_sxtb16_ror8(wv);
              a0 = eb_smlabb(xp, w_even, a0);
              a2 = eb_smlatt(xp, w_even, a2);
              a1 = eb_smlabb(xp, w_odd, a1);
              a3 = eb_smlatt(xp, w_odd, a3);
            }
          }
          out[oc] = eb_conv_finish(a0, bias, oc, out_mult, out_shift, p);
          out[oc + 1] = eb_conv_finish(a1, bias, oc + 1, out_mult, out_shift, p);
          out[oc + 2] = eb_conv_finish(a2, bias, oc + 2, out_mult, out_shift, p);
          out[oc + 3] = eb_conv_finish(a3, bias, oc + 3, out_mult, out_shift, p);
        }
        out += p->out_c;
      }
    }
  }
}

/* Depth multiplier 1, a 3x3 undilated filter whose nine taps all lie inside the image: the taps unrolled,
 * four channels per pass: x is the input word of a tap, w the filter word (tap t of channel c at
 * filter + t * c_n + c). */
#define EB_DW_TAP(x, w)                                                                      \
  do {                                                                                       \
    const int32_t xv = eb_load4(x), wv = eb_load4(w);                                        \
    const int32_t x_even = eb_sxtab16(offset2, xv), x_odd = eb_sxtab16_ror8(offset2, xv);    \
    const int32_t w_even = eb_sxtb16(wv), w_odd = eb_sxtb16_ror8(wv);                        \
    a0 = eb_smlabb(x_even, w_even, a0);                                                      \
    a2 = eb_smlatt(x_even, w_even, a2);                                                      \
    a1 = eb_smlabb(x_odd, w_odd, a1);                                                        \
    a3 = eb_smlatt(x_odd, w_odd, a3);                                                        \
  } while (0)


/* The sums of `groups` groups of four channels of one pixel, into acc[4g..4g+3]: x at the pixel's first tap
 * (row 0, column 0) for channel 0 of the run, w at the filter for that channel; a tap is c_n bytes after
 * the previous one in both, the next input row row_step bytes after a row's third tap (the filter rows
 * follow each other), and the next group 4 bytes on. */
#if EB_USE_ARM_DSP && defined(__thumb2__)
/* In Thumb-2 assembly: the compiler spills the nine tap addresses and the sums; here two moving pointers
 * walk the taps and the loop over groups keeps its state on the stack. */
#define EB_DW_TAP_ASM(OFF)                                                   \
  "ldr     r9, [r0" OFF "]\n\t"     /* four input bytes */                  \
  "ldr     r11, [r1" OFF "]\n\t"    /* four filter bytes */                 \
  "sxtab16 r10, r8, r9\n\t"        /* input bytes 0, 2 + offset */            \
  "sxtab16 r9, r8, r9, ror #8\n\t" /* input bytes 1, 3 + offset */            \
  "sxtb16  r12, r11\n\t"                                                    \
  "sxtb16  r11, r11, ror #8\n\t"                                            \
  "smlabb  r4, r10, r12, r4\n\t"   /* channel c */                           \
  "smlatt  r6, r10, r12, r6\n\t"   /* channel c + 2 */                       \
  "smlabb  r5, r9, r11, r5\n\t"    /* channel c + 1 */                       \
  "smlatt  r7, r9, r11, r7\n\t"    /* channel c + 3 */
/* A row's three taps at offsets 0, c_n (r2) and 2 c_n (lr) from the row's first, without moving the
 * pointers (register offsets let the two loads of a tap pipeline); then the filter moves to its next row
 * and, in the body, the input by its row stride (r3). */
#define EB_DW_TAPS3_ASM EB_DW_TAP_ASM("") EB_DW_TAP_ASM(", r2") EB_DW_TAP_ASM(", lr")
#define EB_DW_ROW_ASM EB_DW_TAPS3_ASM "add     r1, r1, r2\n\t" "add     r1, r1, lr\n\t"
/* Shared by both group loops: the frame holds x at [sp], w at [sp, 4] and the groups left at [sp, 8].
 * ENTRY stores x and w and makes r3 the input's row stride (row_step + 3 c_n); GROUP_SUMS leaves one group's
 * four sums in r4-r7 (x and w at the group's first tap in r0, r1); NEXT_GROUP moves x and w on four
 * channels and loops while groups are left. */
#define EB_DW_ENTRY_ASM                                                      \
  "str     r0, [sp]\n\t"                                                    \
  "str     r1, [sp, #4]\n\t"                                                \
  "add     r3, r3, r2, lsl #1\n\t"                                          \
  "add     r3, r3, r2\n"                                                     \
  "1:\n\t"
#define EB_DW_GROUP_SUMS_ASM                                                 \
  "mov     r4, #0\n\t"                                                      \
  "mov     r5, #0\n\t"                                                      \
  "mov     r6, #0\n\t"                                                      \
  "mov     r7, #0\n\t"                                                      \
  "lsl     lr, r2, #1\n\t" /* 2 c_n */                                      \
  EB_DW_ROW_ASM "add     r0, r0, r3\n\t" EB_DW_ROW_ASM "add     r0, r0, r3\n\t" EB_DW_TAPS3_ASM
#define EB_DW_NEXT_GROUP_ASM                                                 \
  "ldr     r0, [sp]\n\t"                                                    \
  "add     r0, r0, #4\n\t"                                                  \
  "str     r0, [sp]\n\t"                                                    \
  "ldr     r1, [sp, #4]\n\t"                                                \
  "add     r1, r1, #4\n\t"                                                  \
  "str     r1, [sp, #4]\n\t"                                                \
  "ldr     r9, [sp, #8]\n\t"                                                \
  "subs    r9, r9, #1\n\t"                                                  \
  "str     r9, [sp, #8]\n\t"                                                \
  "bne     1b\n\t"
/* r0 = x, r1 = w, r2 = c_n, r3 = row_step, [sp] = offset2, [sp, 4] = groups (>= 1), [sp, 8] = acc. */
__attribute__((naked)) static void eb_dw3x3_groups(const int8_t *x, const int8_t *w, int32_t c_n, int32_t row_step,
                                                   int32_t offset2, int32_t groups, int32_t *acc) {
  __asm__ volatile(
      "push    {r4-r11, lr}\n\t"
      "sub     sp, sp, #16\n\t"        /* locals: x, w, groups, acc */
      "ldr     r8, [sp, #52]\n\t"      /* offset2, above the locals and nine registers */
      "ldr     r12, [sp, #56]\n\t"
      "str     r12, [sp, #8]\n\t"
      "ldr     r12, [sp, #60]\n\t"
      "str     r12, [sp, #12]\n\t"
      EB_DW_ENTRY_ASM
      EB_DW_GROUP_SUMS_ASM
      "ldr     r9, [sp, #12]\n\t"
      "stm     r9!, {r4-r7}\n\t"
      "str     r9, [sp, #12]\n\t"
      EB_DW_NEXT_GROUP_ASM
      "add     sp, sp, #16\n\t"
      "pop     {r4-r11, pc}\n\t");
}
/* eb_dw3x3_groups that requantises each group's four sums in registers and stores them at out (moving on
 * four bytes a group), with the channels' constants from tbl and the output zero point zp.
 * r0 = x, r1 = w, r2 = c_n, r3 = row_step, [sp] = offset2, [sp, 4] = groups (>= 1), [sp, 8] = out,
 * [sp, 12] = tbl, [sp, 16] = zp. */
__attribute__((naked)) static void eb_dw3x3_groups_rq(const int8_t *x, const int8_t *w, int32_t c_n, int32_t row_step,
                                                      int32_t offset2, int32_t groups, int8_t *out,
                                                      const eb_rq_channel *tbl, int32_t zp) {
  __asm__ volatile(
      "push    {r4-r11, lr}\n\t"
      "sub     sp, sp, #24\n\t"        /* locals: x, w, groups, out, tbl, zp */
      "ldr     r8, [sp, #60]\n\t"      /* offset2, above the locals and nine registers */
      "ldr     r12, [sp, #64]\n\t"
      "str     r12, [sp, #8]\n\t"
      "ldr     r12, [sp, #68]\n\t"
      "str     r12, [sp, #12]\n\t"
      "ldr     r12, [sp, #72]\n\t"
      "str     r12, [sp, #16]\n\t"
      "ldr     r12, [sp, #76]\n\t"
      "str     r12, [sp, #20]\n\t"
      EB_DW_ENTRY_ASM
      EB_DW_GROUP_SUMS_ASM
      "ldr     r12, [sp, #16]\n\t"
      "ldr     lr, [sp, #12]\n\t"
      "ldr     r9, [sp, #20]\n\t"
      EB_RQ_ASM("r4", "r1") EB_RQ_ASM("r5", "r1") EB_RQ_ASM("r6", "r1") EB_RQ_ASM("r7", "r1")
      "str     r12, [sp, #16]\n\t"
      "str     lr, [sp, #12]\n\t"
      EB_DW_NEXT_GROUP_ASM
      "add     sp, sp, #24\n\t"
      "pop     {r4-r11, pc}\n\t");
}
#else
static EB_NOINLINE void eb_dw3x3_groups(const int8_t *x, const int8_t *w, int32_t c_n, int32_t row_step,
                                        int32_t offset2, int32_t groups, int32_t *acc) {
  for (int32_t g = 0; g < groups; ++g, x += 4, w += 4, acc += 4) {
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    const int8_t *xp = x, *wp = w;
    for (int32_t ky = 0; ky < 3; ++ky, xp += row_step) {
      for (int32_t kx = 0; kx < 3; ++kx, xp += c_n, wp += c_n) EB_DW_TAP(xp, wp);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
  }
}

static EB_NOINLINE void eb_dw3x3_groups_rq(const int8_t *x, const int8_t *w, int32_t c_n, int32_t row_step,
                                           int32_t offset2, int32_t groups, int8_t *out, const eb_rq_channel *tbl,
                                           int32_t zp) {
  for (int32_t g = 0; g < groups; ++g, x += 4, w += 4, out += 4, tbl += 4) {
    int32_t acc[4];
    eb_dw3x3_groups(x, w, c_n, row_step, offset2, 1, acc);
    for (int j = 0; j < 4; ++j) out[j] = eb_rq_out(acc[j], tbl + j, zp);
  }
}
#endif

/* Channels per call of eb_dw3x3_groups: their sums wait in a stack array. */
enum { EB_DW_BLOCK = 64 };

/* Every channel group of one pixel whose nine taps start at r0, rows `row` bytes apart (channels beyond a
 * multiple of four are left to the caller): a block of sums, then their requantisation, with restrict
 * output and the output parameters in locals so that storing an output does not make the compiler reload
 * them. */
static EB_NOINLINE void eb_dw3x3_pixel(const eb_conv_params *p, const int8_t *r0, int32_t row, const int8_t *filter,
                                       const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                       int fast, const eb_rq_channel *tbl, int8_t *restrict out) {
  const int32_t c_n = p->in_c, c4 = c_n & ~3;
  const int32_t offset2 = eb_pack16x2(-p->in_zp), zp = p->out_zp, lo = p->q_min, hi = p->q_max;
  if (tbl) {
    /* Sums requantised in registers: one call for every group of the pixel. */
    if (c4 > 0) eb_dw3x3_groups_rq(r0, filter, c_n, row - 3 * c_n, offset2, c4 >> 2, out, tbl, zp);
    return;
  }
  int32_t acc[EB_DW_BLOCK];
  for (int32_t c0 = 0; c0 < c4; c0 += EB_DW_BLOCK) {
    const int32_t n = c4 - c0 < EB_DW_BLOCK ? c4 - c0 : EB_DW_BLOCK;
    eb_dw3x3_groups(r0 + c0, filter + c0, c_n, row - 3 * c_n, offset2, n >> 2, acc);
    if (fast) {
      /* Every channel has a usual multiplier and right shift: no per-output checks. */
      for (int32_t j = 0; j < n; ++j) {
        const int32_t c = c0 + j, b = bias ? bias[c] : 0;
        const int32_t v = eb_requantize_usual(eb_add_wrap_i32(acc[j], b), out_mult[c], out_shift[c]);
        out[c] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(v, zp), lo, hi);
      }
      continue;
    }
    for (int32_t j = 0; j < n; ++j) {
      const int32_t c = c0 + j, b = bias ? bias[c] : 0;
      out[c] = eb_requantize_s8(eb_add_wrap_i32(acc[j], b), out_mult[c], out_shift[c], zp, lo, hi);
    }
  }
}

static inline int8_t eb_dw_finish(int32_t acc, int32_t c, const int32_t *bias, const int32_t *out_mult,
                                  const int32_t *out_shift, const eb_rq_channel *tbl, const eb_conv_params *p) {
  return tbl ? eb_rq_out(acc, tbl + c, p->out_zp) : eb_conv_finish(acc, bias, c, out_mult, out_shift, p);
}

void eb_depthwise_conv2d_s8_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                const int32_t *out_mult, const int32_t *out_shift, const int32_t *rq, void *scratch,
                                int8_t *out) {
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t c_n = p->in_c;
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  const int fast = tbl ? 0 : eb_requantize_all_fast(out_mult, out_shift, p->out_c);
  int8_t *const patch = (int8_t *)scratch;
  const int taps3x3 = p->k_h == 3 && p->k_w == 3 && p->dil_h == 1 && p->dil_w == 1, border = eb_dw_border_patch(p);
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * c_n;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      int32_t ky0, ky1;
      eb_dw_valid_taps(y0, p->k_h, p->dil_h, p->in_h, &ky0, &ky1);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        int32_t kx0, kx1;
        eb_dw_valid_taps(x0, p->k_w, p->dil_w, p->in_w, &kx0, &kx1);
        int32_t c = 0;
        if (taps3x3 && ky0 == 0 && ky1 == 3 && kx0 == 0 && kx1 == 3) {
          eb_dw3x3_pixel(p, in_b + ((size_t)y0 * p->in_w + (size_t)x0) * c_n, p->in_w * c_n, filter, bias, out_mult,
                         out_shift, fast, tbl, out);
          c = c_n & ~3;
        } else if (border) {
          /* A border pixel: its taps copied into a 3x3 patch, the ones outside the image filled with the
           * input zero point, which contributes nothing once the offset is added (as skipping them does). */
          for (int32_t ky = 0; ky < 3; ++ky) {
            for (int32_t kx = 0; kx < 3; ++kx) {
              int8_t *dst = patch + (ky * 3 + kx) * c_n;
              if (ky >= ky0 && ky < ky1 && kx >= kx0 && kx < kx1) {
                memcpy(dst, in_b + ((size_t)(y0 + ky) * p->in_w + (size_t)(x0 + kx)) * c_n, (size_t)c_n);
              } else {
                memset(dst, (int8_t)p->in_zp, (size_t)c_n);
              }
            }
          }
          eb_dw3x3_pixel(p, patch, 3 * c_n, filter, bias, out_mult, out_shift, fast, tbl, out);
          c = c_n & ~3;
        }
        for (; c + 4 <= c_n; c += 4) {
          int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int8_t *row = in_b + (size_t)(y0 + ky * p->dil_h) * p->in_w * c_n + c;
            const int8_t *frow = filter + (size_t)ky * p->k_w * c_n + c;
            for (int32_t kx = kx0; kx < kx1; ++kx) {
              EB_DW_TAP(row + (size_t)(x0 + kx * p->dil_w) * c_n, frow + (size_t)kx * c_n);
            }
          }
          out[c] = eb_dw_finish(a0, c, bias, out_mult, out_shift, tbl, p);
          out[c + 1] = eb_dw_finish(a1, c + 1, bias, out_mult, out_shift, tbl, p);
          out[c + 2] = eb_dw_finish(a2, c + 2, bias, out_mult, out_shift, tbl, p);
          out[c + 3] = eb_dw_finish(a3, c + 3, bias, out_mult, out_shift, tbl, p);
        }
        for (; c < c_n; ++c) {
          int32_t acc = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            for (int32_t kx = kx0; kx < kx1; ++kx) {
              const int32_t v = in_b[((size_t)(y0 + ky * p->dil_h) * p->in_w + (x0 + kx * p->dil_w)) * c_n + c];
              acc += filter[((size_t)ky * p->k_w + kx) * c_n + c] * (v + offset);
            }
          }
          out[c] = eb_dw_finish(acc, c, bias, out_mult, out_shift, tbl, p);
        }
        out += p->out_c;
      }
    }
  }
}
