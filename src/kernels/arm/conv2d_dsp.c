/* CONV_2D int8 with the Cortex-M DSP instructions: bit-identical to eb_conv2d_s8's reference.
 *
 * Two output pixels at a time, each first copied into a patch: its taps in the filter's [ky][kx][c]
 * order, as 16-bit (x - in_zp), 0 for taps outside the image (which is what skipping them gives). The
 * patch is made once per pixel pair and then read by every output channel, so the input offset and the
 * widening to 16 bits are not redone per channel, and narrow inputs (one channel, 10x4 taps in keyword
 * spotting's first layer) become one long dot product instead of many short ones.
 *
 * Each group of four taps k0..k3 is stored as the halfword pairs (k0, k2) and (k1, k3): SXTB16 of a filter
 * word gives its bytes 0 and 2, SXTB16 ROR 8 its bytes 1 and 3, so a filter word meets its patch words
 * without any repacking, and SMLAD does two multiply-accumulates per instruction. The pair's groups are
 * interleaved (pixel 0's two words, then pixel 1's) so one pointer walks both patches; two filters
 * (output channels) share each patch word, 2 pixels x 2 channels per pass. A tap count that is not a
 * multiple of four (3x3x3 = 27 in RGB first layers) is padded to one at prepare time (eb_conv2d_s8_dsp_filter:
 * a zero weight more per filter, and the patch gets a zero tap more), so every patch is whole groups. Integer
 * sums do not depend on their order, so the result equals the reference exactly.
 *
 * When every channel's requantisation is the usual one and the clamp is the whole int8 range (what real
 * layers have), prepare gathers the channels' constants (eb_rq_table) and the assembly loop requantises each
 * pair's four sums in registers; otherwise the sums go through arrays and C with the multipliers and shifts.
 *
 * The patches and sums live in the call's scratch (eb_conv2d_dsp_scratch_bytes, placed by the planner): 4
 * bytes per tap, up to EB_CONV_DSP_MAX_TAPS taps (eb_conv2d_dsp_applies). A filter that covers the whole
 * image is a fully connected layer and has its own kernel, eb_conv2d_s8_image_dsp. */
#include "arm_dsp.h"
#include "conv2d.h"

enum { EB_CONV_DSP_MAX_TAPS = 1536 };
/* Output channels per block of the C path: their sums wait in two scratch arrays (one per pixel). */
enum { EB_CONV_DSP_BLOCK = 64 };

int32_t eb_conv2d_dsp_taps(const eb_conv_params *p) { return (p->k_h * p->k_w * p->in_c + 3) & ~3; }

int eb_conv2d_image_applies(const eb_conv_params *p) {
  return p->out_h == 1 && p->out_w == 1 && p->k_h == p->in_h && p->k_w == p->in_w && p->pad_top == 0 &&
         p->pad_left == 0 && p->dil_h == 1 && p->dil_w == 1;
}

int eb_conv2d_dsp_applies(const eb_conv_params *p) { return eb_conv2d_dsp_taps(p) <= EB_CONV_DSP_MAX_TAPS; }

void eb_conv2d_s8_dsp_filter(const eb_conv_params *p, const int8_t *filter, int8_t *fpad) {
  const int32_t k = p->k_h * p->k_w * p->in_c, taps = eb_conv2d_dsp_taps(p);
  for (int32_t oc = 0; oc < p->out_c; ++oc) {
    memcpy(fpad + (size_t)oc * taps, filter + (size_t)oc * k, (size_t)k);
    memset(fpad + (size_t)oc * taps + k, 0, (size_t)(taps - k));
  }
}

/* The scratch: the pair's patches (one word per tap), the gathered int8 taps of a pixel (channels not a
 * multiple of four), then the C path's two blocks of sums. */
static size_t eb_conv_dsp_taps_at(const eb_conv_params *p) { return (size_t)eb_conv2d_dsp_taps(p) * 4; }
static size_t eb_conv_dsp_acc_at(const eb_conv_params *p) {
  return eb_conv_dsp_taps_at(p) + ((p->in_c & 3) ? (size_t)eb_conv2d_dsp_taps(p) : 0);
}

int32_t eb_conv2d_dsp_scratch_bytes(const eb_conv_params *p) {
  return (int32_t)(eb_conv_dsp_acc_at(p) + 2 * (EB_CONV_DSP_BLOCK + 1) * sizeof(int32_t));
}

/* n bytes from src to dst, a word at a time: the gathered rows are a few bytes long (9 for a 3x3 RGB
 * filter), where a library call costs more than the copy. */
static inline void eb_copy_small(int8_t *dst, const int8_t *src, int32_t n) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const int32_t v = eb_load4(src + i);
    memcpy(dst + i, &v, 4);
  }
  for (; i < n; ++i) dst[i] = src[i];
}

/* Patch of output pixel q as pixel j (0 or 1) of the pair: groups at words[4g + 2j], [4g + 2j + 1] for the
 * k_len taps (a multiple of four: the filter's, then zero taps); `taps` holds k_len bytes. */
static EB_NOINLINE void eb_conv_patch(const eb_conv_params *p, const int8_t *in, int32_t q, int32_t j, int32_t k_len,
                                      int32_t *words, int8_t *taps) {
  const int32_t ox = q % p->out_w, oy = (q / p->out_w) % p->out_h, b = q / (p->out_w * p->out_h);
  const int32_t y0 = oy * p->stride_h - p->pad_top, x0 = ox * p->stride_w - p->pad_left;
  const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
  const int32_t offset2 = eb_pack16x2(-p->in_zp), c_n = p->in_c;
  if ((c_n & 3) == 0) {
    /* Every tap starts a group: four channels are one input word, split into the group's two pairs
     * (SXTAB16 adds the offset to bytes 0, 2 and to bytes 1, 3), or two zero words outside the image. */
    int32_t *w = words + 2 * j;
    const int row_inside = p->dil_w == 1 && x0 >= 0 && x0 + p->k_w <= p->in_w;
    for (int32_t ky = 0; ky < p->k_h; ++ky) {
      const int32_t y = y0 + ky * p->dil_h;
      const int row_valid = y >= 0 && y < p->in_h;
      const int8_t *row = row_valid ? in_b + (size_t)y * p->in_w * c_n : in_b;
      if (row_valid && row_inside) {
        /* The row's taps lie side by side: one loop over them all. */
        const int8_t *src = row + (size_t)x0 * c_n;
        int32_t *const w_end = w + p->k_w * c_n;
        for (; w < w_end; w += 4, src += 4) {
          const int32_t v = eb_load4(src);
          w[0] = eb_sxtab16(offset2, v);
          w[1] = eb_sxtab16_ror8(offset2, v);
        }
        continue;
      }
      for (int32_t kx = 0; kx < p->k_w; ++kx) {
        const int32_t x = x0 + kx * p->dil_w;
        int32_t *const w_end = w + c_n;
        if (row_valid && x >= 0 && x < p->in_w) {
          const int8_t *src = row + (size_t)x * c_n;
          for (; w < w_end; w += 4, src += 4) {
            const int32_t v = eb_load4(src);
            w[0] = eb_sxtab16(offset2, v);
            w[1] = eb_sxtab16_ror8(offset2, v);
          }
        } else {
          for (; w < w_end; w += 4) {
            w[0] = 0;
            w[1] = 0;
          }
        }
      }
    }
    return;
  }
  /* Channels not a multiple of four: the taps gathered as int8 in the filter's order (the input zero point
   * for taps outside the image, which becomes 0 once offset), then widened four at a time like above. */
  int8_t *t = taps;
  const int32_t span = p->k_w * c_n;
  for (int32_t ky = 0; ky < p->k_h; ++ky) {
    const int32_t y = y0 + ky * p->dil_h;
    const int row_valid = y >= 0 && y < p->in_h;
    const int8_t *row = in_b + (size_t)(row_valid ? y : 0) * p->in_w * c_n;
    if (row_valid && p->dil_w == 1 && x0 >= 0 && x0 + p->k_w <= p->in_w) {
      eb_copy_small(t, row + (size_t)x0 * c_n, span); /* the row's taps lie side by side */
      t += span;
      continue;
    }
    for (int32_t kx = 0; kx < p->k_w; ++kx, t += c_n) {
      const int32_t x = x0 + kx * p->dil_w;
      if (row_valid && x >= 0 && x < p->in_w) {
        eb_copy_small(t, row + (size_t)x * c_n, c_n);
      } else {
        memset(t, (int8_t)p->in_zp, (size_t)c_n);
      }
    }
  }
  for (int8_t *const end = taps + k_len; t < end; ++t) *t = (int8_t)p->in_zp; /* at most 3: no library call */
  int32_t *w = words + 2 * j;
  for (int32_t g = 0; g < k_len; g += 4, w += 4) {
    const int32_t v = eb_load4(taps + g);
    w[0] = eb_sxtab16(offset2, v);
    w[1] = eb_sxtab16_ror8(offset2, v);
  }
}

/* One group of four taps for both pixels and both filters: the patch words x[0..3] (pixel 0's even and odd
 * pairs, then pixel 1's), the filter words at w and w + dw. */
#define EB_CONV_GROUP(x, w)                                                   \
  do {                                                                        \
    const int32_t a_even = (x)[0], a_odd = (x)[1], b_even = (x)[2], b_odd = (x)[3]; \
    const int32_t v0 = eb_load4(w), v1 = eb_load4((w) + dw);                  \
    const int32_t v0_even = eb_sxtb16(v0), v0_odd = eb_sxtb16_ror8(v0);       \
    s00 = eb_smlad(a_even, v0_even, s00);                                     \
    s00 = eb_smlad(a_odd, v0_odd, s00);                                       \
    s10 = eb_smlad(b_even, v0_even, s10);                                     \
    s10 = eb_smlad(b_odd, v0_odd, s10);                                       \
    const int32_t v1_even = eb_sxtb16(v1), v1_odd = eb_sxtb16_ror8(v1);       \
    s01 = eb_smlad(a_even, v1_even, s01);                                     \
    s01 = eb_smlad(a_odd, v1_odd, s01);                                       \
    s11 = eb_smlad(b_even, v1_even, s11);                                     \
    s11 = eb_smlad(b_odd, v1_odd, s11);                                       \
  } while (0)

/* For `pairs` consecutive channel pairs, the first at filters w0 and w0 + dw (int8, each next pair 2 dw
 * further on): acc_a[2i], acc_a[2i + 1] = the pair's filters . patch a, acc_b likewise for patch b, over
 * `groups` groups of four taps, two groups per pass. (dw = 0 with one pair computes a lone channel twice.) */
#if EB_USE_ARM_DSP && defined(__thumb2__)
/* The same in Thumb-2 assembly: the inner loop needs all fourteen usable registers (four sums, four patch
 * words, a filter word and its halves, three pointers and the end), which the compiler does not find and
 * spills instead. LDM fetches the four patch words; each filter word is loaded once for both pixels. The
 * loop over channel pairs keeps its state on the stack, so one call serves a whole block of channels. The
 * two filter words come through post-incremented pointers (r2, r3), which saves the pointer update.
 * r0 = words, r1 = groups (>= 1), r2 = w0, r3 = dw, [sp] = pairs (>= 1), [sp, 4] = acc_a, [sp, 8] = acc_b. */
#define EB_CONV_GROUP_ASM                                          \
  "ldm    r0!, {r8-r11}\n\t" /* a_even, a_odd, b_even, b_odd */     \
  "ldr    r12, [r2], #4\n\t" /* filter 0 word */                    \
  "sxtb16 lr, r12\n\t"                                             \
  "smlad  r4, r8, lr, r4\n\t"                                      \
  "smlad  r6, r10, lr, r6\n\t"                                     \
  "sxtb16 r12, r12, ror #8\n\t"                                    \
  "smlad  r4, r9, r12, r4\n\t"                                     \
  "smlad  r6, r11, r12, r6\n\t"                                    \
  "ldr    lr, [r3], #4\n\t"  /* filter 1 word */                    \
  "sxtb16 r12, lr\n\t"                                             \
  "smlad  r5, r8, r12, r5\n\t"                                     \
  "smlad  r7, r10, r12, r7\n\t"                                    \
  "sxtb16 lr, lr, ror #8\n\t"                                      \
  "smlad  r5, r9, lr, r5\n\t"                                      \
  "smlad  r7, r11, lr, r7\n\t"
/* One channel pair's sums over the patches, shared by both assembly loops: r4 = filter 0 . patch a,
 * r5 = filter 1 . a, r6 = filter 0 . b, r7 = filter 1 . b; the patches from r0 to the end in r1, the
 * filters at r2 and r3; [sp, 8] is 1 for an odd group count, which enters at the pass's second group. */
#define EB_CONV_PAIR_SUMS_ASM                                      \
  "mov    r4, #0\n\t"                                             \
  "mov    r5, #0\n\t"                                             \
  "mov    r6, #0\n\t"                                             \
  "mov    r7, #0\n\t"                                             \
  "ldr    r12, [sp, #8]\n\t"                                      \
  "cmp    r12, #0\n\t"                                            \
  "bne    2f\n"                                                   \
  "1:\n\t" EB_CONV_GROUP_ASM                                      \
  "2:\n\t" EB_CONV_GROUP_ASM                                      \
  "cmp    r0, r1\n\t"                                             \
  "bne    1b\n\t"
__attribute__((naked)) static void eb_dot2x2_patch(const int32_t *words, int32_t groups, const int8_t *w0,
                                                   int32_t dw, int32_t pairs, int32_t *acc_a, int32_t *acc_b) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "sub    sp, sp, #32\n\t"       /* locals: words, filter step, odd count, pairs, acc_a, acc_b, dw */
      "ldr    r12, [sp, #68]\n\t"    /* the stack arguments, above the locals and nine registers */
      "str    r12, [sp, #12]\n\t"
      "ldr    r12, [sp, #72]\n\t"
      "str    r12, [sp, #16]\n\t"
      "ldr    r12, [sp, #76]\n\t"
      "str    r12, [sp, #20]\n\t"
      "str    r3, [sp, #24]\n\t"
      "str    r0, [sp]\n\t"
      "lsl    r12, r3, #1\n\t"        /* next pair: 2 dw on from w0, the loop having moved 4 groups */
      "sub    r12, r12, r1, lsl #2\n\t"
      "str    r12, [sp, #4]\n\t"
      "and    r12, r1, #1\n\t"
      "str    r12, [sp, #8]\n\t"
      "add    r1, r0, r1, lsl #4\n"    /* r1 = end of the groups, for every pair */
      "3:\n\t"
      "ldr    r0, [sp]\n\t"
      "ldr    r3, [sp, #24]\n\t"      /* r3 = filter 1, dw after filter 0 */
      "add    r3, r2, r3\n\t"
      EB_CONV_PAIR_SUMS_ASM
      "ldr    r8, [sp, #16]\n\t"
      "strd   r4, r5, [r8], #8\n\t"
      "str    r8, [sp, #16]\n\t"
      "ldr    r8, [sp, #20]\n\t"
      "strd   r6, r7, [r8], #8\n\t"
      "str    r8, [sp, #20]\n\t"
      "ldr    r8, [sp, #4]\n\t"
      "add    r2, r2, r8\n\t"
      "ldr    r8, [sp, #12]\n\t"
      "subs   r8, r8, #1\n\t"
      "str    r8, [sp, #12]\n\t"
      "bne    3b\n\t"
      "add    sp, sp, #32\n\t"
      "pop    {r4-r11, pc}\n\t");
}
/* eb_dot2x2_patch that requantises each pair's four sums in registers: pixel 0's to y0[c], y0[c + 1] and
 * pixel 1's out_c bytes further on, with the channels' constants from tbl and the zero point zp.
 * dw is the filter length (consecutive filters). [sp] = pairs, [sp, 4] = y0, [sp, 8] = tbl, [sp, 12] = zp,
 * [sp, 16] = out_c. */
__attribute__((naked)) static void eb_dot2x2_patch_rq(const int32_t *words, int32_t groups, const int8_t *w0,
                                                      int32_t dw, int32_t pairs, int8_t *y0,
                                                      const eb_rq_channel *tbl, int32_t zp, int32_t out_c) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "sub    sp, sp, #40\n\t"  /* locals: words, filter step, odd count, pairs, y0, tbl, dw, zp, out_c, end */
      "ldr    r12, [sp, #76]\n\t" /* the stack arguments, above the locals and nine registers */
      "str    r12, [sp, #12]\n\t"
      "ldr    r12, [sp, #80]\n\t"
      "str    r12, [sp, #16]\n\t"
      "ldr    r12, [sp, #84]\n\t"
      "str    r12, [sp, #20]\n\t"
      "ldr    r12, [sp, #88]\n\t"
      "str    r12, [sp, #28]\n\t"
      "ldr    r12, [sp, #92]\n\t"
      "str    r12, [sp, #32]\n\t"
      "str    r3, [sp, #24]\n\t"
      "str    r0, [sp]\n\t"
      "lsl    r12, r3, #1\n\t"
      "sub    r12, r12, r1, lsl #2\n\t"
      "str    r12, [sp, #4]\n\t"
      "and    r12, r1, #1\n\t"
      "str    r12, [sp, #8]\n\t"
      "add    r12, r0, r1, lsl #4\n\t"
      "str    r12, [sp, #36]\n"
      "3:\n\t"
      "ldr    r0, [sp]\n\t"
      "ldr    r1, [sp, #36]\n\t"     /* r1 = end of the groups (free for scratch while requantising) */
      "ldr    r3, [sp, #24]\n\t"
      "add    r3, r2, r3\n\t"
      EB_CONV_PAIR_SUMS_ASM
      "ldr    r12, [sp, #20]\n\t"   /* requantise channel c (r4, r6), then c + 1 (r5, r7): r8 = out_c */
      "ldr    lr, [sp, #16]\n\t"
      "ldr    r9, [sp, #28]\n\t"
      "ldr    r8, [sp, #32]\n\t"
      EB_RQ2_ASM("r4", "r6", "r1", "r8")
      "add    lr, lr, #1\n\t"
      EB_RQ2_ASM("r5", "r7", "r1", "r8")
      "add    lr, lr, #1\n\t"
      "str    lr, [sp, #16]\n\t"
      "str    r12, [sp, #20]\n\t"
      "ldr    r8, [sp, #4]\n\t"
      "add    r2, r2, r8\n\t"
      "ldr    r8, [sp, #12]\n\t"
      "subs   r8, r8, #1\n\t"
      "str    r8, [sp, #12]\n\t"
      "bne    3b\n\t"
      "add    sp, sp, #40\n\t"
      "pop    {r4-r11, pc}\n\t");
}
#else
static EB_NOINLINE void eb_dot2x2_patch(const int32_t *words, int32_t groups, const int8_t *w0, int32_t dw,
                                        int32_t pairs, int32_t *acc_a, int32_t *acc_b) {
  for (int32_t i = 0; i < pairs; ++i, w0 += 2 * dw, acc_a += 2, acc_b += 2) {
    int32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0;
    const int32_t *x = words;
    const int8_t *w = w0;
    const int32_t *const end2 = words + 4 * (groups & ~1);
    for (; x < end2; x += 8, w += 8) {
      EB_CONV_GROUP(x, w);
      EB_CONV_GROUP(x + 4, w + 4);
    }
    if (groups & 1) EB_CONV_GROUP(x, w);
    acc_a[0] = s00;
    acc_a[1] = s01;
    acc_b[0] = s10;
    acc_b[1] = s11;
  }
}

static EB_NOINLINE void eb_dot2x2_patch_rq(const int32_t *words, int32_t groups, const int8_t *w0, int32_t dw,
                                           int32_t pairs, int8_t *y0, const eb_rq_channel *tbl, int32_t zp,
                                           int32_t out_c) {
  for (int32_t i = 0; i < pairs; ++i, w0 += 2 * dw, y0 += 2, tbl += 2) {
    int32_t a[2], b[2];
    eb_dot2x2_patch(words, groups, w0, dw, 1, a, b);
    for (int j = 0; j < 2; ++j) {
      y0[j] = eb_rq_out(a[j], tbl + j, zp);
      y0[out_c + j] = eb_rq_out(b[j], tbl + j, zp);
    }
  }
}
#endif

static inline int8_t eb_finish(int32_t acc, const int32_t *bias, int32_t oc, const int32_t *mult, const int32_t *shift,
                               const eb_conv_params *p) {
  if (bias) acc = eb_add_wrap_i32(acc, bias[oc]);
  acc = eb_add_wrap_i32(eb_requantize_inline(acc, mult[oc], shift[oc]), p->out_zp);
  return (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
}

/* Requantises n sums of a block (the pixel-0 ones in a, pixel-1 ones in b when y1 is not NULL) into
 * y0[0..n), y1[0..n). Its own function with few live values, so that the compiler keeps them in
 * registers. */
static EB_NOINLINE void eb_conv_store(const eb_conv_params *p, const int32_t *a, const int32_t *b, int32_t n,
                                      const int32_t *bias, const int32_t *mult, const int32_t *shift,
                                      int8_t *restrict y0, int8_t *restrict y1) {
  const int32_t zp = p->out_zp, lo = p->q_min, hi = p->q_max;
  for (int32_t c = 0; c < n; ++c) {
    const int32_t bc = bias ? bias[c] : 0, m = mult[c], sh = shift[c];
    y0[c] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(eb_requantize_inline(eb_add_wrap_i32(a[c], bc), m, sh), zp), lo, hi);
    if (y1) {
      y1[c] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(eb_requantize_inline(eb_add_wrap_i32(b[c], bc), m, sh), zp), lo, hi);
    }
  }
}

/* eb_conv_store for a pixel pair with a bias, when every channel of the layer takes the fast
 * requantisation: no per-output checks, the channel's constants made once for both pixels. */
static EB_NOINLINE void eb_conv_store_fast(const eb_conv_params *p, const int32_t *a, const int32_t *b, int32_t n,
                                           const int32_t *bias, const int32_t *mult, const int32_t *shift,
                                           int8_t *restrict y0, int8_t *restrict y1) {
  const int32_t zp = p->out_zp, lo = p->q_min, hi = p->q_max;
  for (int32_t c = 0; c < n; ++c) {
    const int32_t m = mult[c], r1 = -shift[c] - 1, bc = bias[c];
    const uint32_t quarter = 1u << (r1 - 1);
    const int32_t v0 = eb_add_wrap_i32(eb_requantize_fast(eb_add_wrap_i32(a[c], bc), m, quarter, r1), zp);
    const int32_t v1 = eb_add_wrap_i32(eb_requantize_fast(eb_add_wrap_i32(b[c], bc), m, quarter, r1), zp);
    y0[c] = (int8_t)eb_clamp_i32(v0, lo, hi);
    y1[c] = (int8_t)eb_clamp_i32(v1, lo, hi);
  }
}

/* eb_conv_store with the channels' gathered constants (the table path's odd channel or last pixel). */
static EB_NOINLINE void eb_conv_store_rq(const int32_t *a, const int32_t *b, int32_t n, const eb_rq_channel *tbl,
                                         int32_t zp, int8_t *restrict y0, int8_t *restrict y1) {
  for (int32_t c = 0; c < n; ++c) {
    y0[c] = eb_rq_out(a[c], tbl + c, zp);
    if (y1) y1[c] = eb_rq_out(b[c], tbl + c, zp);
  }
}

/* Output channels [0, c_out) of one pixel pair whose patches are in `words` (filter and y0 start at the first
 * of them; pixel 1's outputs are p->out_c bytes after pixel 0's). With a channel table, an even channel count
 * and two pixels, one assembly call computes and requantises every sum; otherwise a block of channels at a
 * time: first every sum of the block (two channels per call of the SMLAD loop) into acc_a, acc_b, then their
 * requantisation (with the table, else with bias, out_mult and out_shift). */
static EB_NOINLINE void eb_conv_pair(const eb_conv_params *p, const int32_t *words, int32_t k_len, const int8_t *filter,
                                     const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                     int8_t *y0, int32_t c_out, int two_pixels, int fast, const eb_rq_channel *tbl,
                                     int32_t *acc_a, int32_t *acc_b) {
  const int32_t groups = k_len >> 2, stride = p->out_c;
  if (tbl && (c_out & 1) == 0 && two_pixels) {
    eb_dot2x2_patch_rq(words, groups, filter, k_len, c_out >> 1, y0, tbl, p->out_zp, stride);
    return;
  }
  for (int32_t c0 = 0; c0 < c_out; c0 += EB_CONV_DSP_BLOCK) {
    const int32_t n = c_out - c0 < EB_CONV_DSP_BLOCK ? c_out - c0 : EB_CONV_DSP_BLOCK;
    const int8_t *const fb = filter + (size_t)c0 * k_len;
    const int32_t pairs = n >> 1;
    /* The block's full channel pairs in one call, then a last odd channel on its own. */
    if (pairs > 0) eb_dot2x2_patch(words, groups, fb, k_len, pairs, acc_a, acc_b);
    if (n & 1) eb_dot2x2_patch(words, groups, fb + (size_t)(n - 1) * k_len, 0, 1, acc_a + n - 1, acc_b + n - 1);
    if (tbl) {
      eb_conv_store_rq(acc_a, acc_b, n, tbl + c0, p->out_zp, y0 + c0, two_pixels ? y0 + stride + c0 : NULL);
    } else if (fast && bias && two_pixels) {
      eb_conv_store_fast(p, acc_a, acc_b, n, bias + c0, out_mult + c0, out_shift + c0, y0 + c0, y0 + stride + c0);
    } else {
      eb_conv_store(p, acc_a, acc_b, n, bias ? bias + c0 : NULL, out_mult + c0, out_shift + c0, y0 + c0,
                    two_pixels ? y0 + stride + c0 : NULL);
    }
  }
}

void eb_conv2d_s8_image_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                            const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  /* The filter covers the whole image (a fully connected layer written as a convolution, as in Conv3Dense1's
   * last 7x7 layer): each image is one contiguous patch, done four channels at a time. */
  const int32_t k_len = p->k_h * p->k_w * p->in_c;
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  for (int32_t b = 0; b < p->batch; ++b, out += p->out_c) {
    const int8_t *x = in + (size_t)b * k_len;
    int32_t oc = 0;
    for (; oc + 4 <= p->out_c; oc += 4) {
      int32_t acc[4];
      eb_dot4_s8(x, filter + (size_t)oc * k_len, k_len, k_len, offset, offset2, acc);
      for (int j = 0; j < 4; ++j) out[oc + j] = eb_finish(acc[j], bias, oc + j, out_mult, out_shift, p);
    }
    for (; oc < p->out_c; ++oc) {
      int32_t acc = 0;
      for (int32_t k = 0; k < k_len; ++k) acc += filter[(size_t)oc * k_len + k] * (x[k] + offset);
      out[oc] = eb_finish(acc, bias, oc, out_mult, out_shift, p);
    }
  }
}

void eb_conv2d_s8_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                      const int32_t *out_mult, const int32_t *out_shift, const int32_t *rq, void *scratch,
                      int8_t *out) {
  const int32_t k_len = eb_conv2d_dsp_taps(p);
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  /* Two patches: 2 * k_len halfwords, k_len words. */
  int32_t *const words = (int32_t *)scratch;
  int8_t *const taps = (int8_t *)scratch + eb_conv_dsp_taps_at(p);
  int32_t *const acc_a = (int32_t *)(void *)((int8_t *)scratch + eb_conv_dsp_acc_at(p));
  int32_t *const acc_b = acc_a + EB_CONV_DSP_BLOCK + 1;
  const int32_t pixels = p->batch * p->out_h * p->out_w;
  /* A pointwise convolution (1x1, stride 1, no padding, channels a multiple of four) reads pixel q's
   * channels as they lie: the pair's patches are made in one pass, without locating the pixels. */
  const int pointwise = p->k_h == 1 && p->k_w == 1 && p->stride_h == 1 && p->stride_w == 1 && p->pad_top == 0 &&
                        p->pad_left == 0 && (p->in_c & 3) == 0;
  const int32_t offset2 = eb_pack16x2(-p->in_zp);
  const int fast = tbl ? 0 : eb_requantize_all_fast(out_mult, out_shift, p->out_c);
  for (int32_t q = 0; q < pixels; q += 2) {
    const int two_pixels = q + 1 < pixels;
    if (pointwise) {
      const int8_t *a = in + (size_t)q * k_len, *b = two_pixels ? a + k_len : a;
      for (int32_t g = 0; g < k_len; g += 4) {
        const int32_t va = eb_load4(a + g), vb = eb_load4(b + g);
        int32_t *w = words + g;
        w[0] = eb_sxtab16(offset2, va);
        w[1] = eb_sxtab16_ror8(offset2, va);
        w[2] = eb_sxtab16(offset2, vb);
        w[3] = eb_sxtab16_ror8(offset2, vb);
      }
    } else {
      eb_conv_patch(p, in, q, 0, k_len, words, taps);
      /* A last odd pixel is computed twice (as both of the pair) and stored once. */
      eb_conv_patch(p, in, two_pixels ? q + 1 : q, 1, k_len, words, taps);
    }
    eb_conv_pair(p, words, k_len, filter, bias, out_mult, out_shift, out + (size_t)q * p->out_c, p->out_c, two_pixels,
                 fast, tbl, acc_a, acc_b);
  }
}
