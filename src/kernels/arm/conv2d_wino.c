/* CONV_2D int8, 3x3 stride 1, by Winograd's F(2x2, 3x3): bit-identical to eb_conv2d_s8's reference.
 *
 * Each 2x2 block of outputs ("tile") reads a 4x4 block of inputs d (as x - in_zp, 0 outside the image) and
 * is Y = A^T [U (.) V] A with V = B^T d B and U = G g G^T per (output, input) channel pair, summed over
 * the input channels: 16 multiplications per input channel instead of 36. G has halves in it, so the
 * filters are transformed with 2G instead, which makes every value an integer and Y exactly 4 times the
 * convolution's sum: the result is exact, not an approximation (|U| <= 9 * 128, |V| <= 4 * 255, both
 * 16-bit; the sums wrap modulo 2^32 like the reference's and the true 4y fits in 32 bits).
 *
 *   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]   2G = [2 0 0; 1 1 1; 1 -1 1; 0 0 2]   A^T = [1 1 1 0; 0 1 -1 -1]
 *
 * The filters are transformed at prepare time (eb_conv2d_s8_wino_filter) and the layer's call carries U
 * instead of the filter (16 int16 per 9 int8 weights: 3.6 times the bytes); host and target run the same
 * kernel. A layer whose channels all take the usual requantisation with the whole int8 clamp also carries the
 * channels' gathered constants (eb_rq_table, made at prepare) instead of the bias, multipliers and shifts. V of
 * a tile pair lives in the call's scratch (eb_conv2d_wino_scratch_bytes).
 * Layouts: four input channels are a group; a word holds the pair (c0, c2) or (c1, c3) of a group, as
 * SXTAB16 makes them from an input word. V of a pair of tiles (a, b) is [position][group][a even, a odd,
 * b even, b odd]; U is [output channel pair][position][group][oc0 even, oc0 odd, oc1 even, oc1 odd].
 * For one tile pair and one output channel pair, each of the 16 positions is then a run of 2 tiles x 2
 * channels of SMLAD over the groups, with both operands already 16-bit. */
#include "arm_dsp.h"
#include "conv2d.h"

enum { EB_WINO_MAX_IN_C = 64 };

int eb_conv2d_wino_applies(const eb_conv_params *p) {
  return p->k_h == 3 && p->k_w == 3 && p->stride_h == 1 && p->stride_w == 1 && p->dil_h == 1 && p->dil_w == 1 &&
         p->in_c % 8 == 0 && p->in_c <= EB_WINO_MAX_IN_C && p->out_c % 2 == 0 && p->out_h >= 2 && p->out_w >= 2;
}

int32_t eb_conv2d_wino_filter_len(const eb_conv_params *p) { return p->out_c * 16 * p->in_c; }

/* V of a tile pair: 16 positions, 4 words per group. */
int32_t eb_conv2d_wino_scratch_bytes(const eb_conv_params *p) { return 16 * (p->in_c / 4) * 4 * 4; }

static const int32_t kG2[4][3] = {{2, 0, 0}, {1, 1, 1}, {1, -1, 1}, {0, 0, 2}};

void eb_conv2d_s8_wino_filter(const eb_conv_params *p, const int8_t *filter, int16_t *u) {
  const int32_t c_n = p->in_c, groups = c_n / 4;
  /* Within a group the channels go in the order of the pairs: 0, 2 (even word), 1, 3 (odd word). */
  static const int kLane[4] = {0, 2, 1, 3};
  for (int32_t oc = 0; oc < p->out_c; ++oc) {
    const int32_t pair = oc / 2, k = oc % 2;
    for (int32_t ic = 0; ic < c_n; ++ic) {
      int32_t g[3][3];
      for (int ky = 0; ky < 3; ++ky) {
        for (int kx = 0; kx < 3; ++kx) g[ky][kx] = filter[((size_t)oc * 9 + (size_t)(ky * 3 + kx)) * c_n + ic];
      }
      const int32_t grp = ic / 4;
      int lane = 0;
      while (kLane[lane] != ic % 4) ++lane;
      for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
          int32_t v = 0;
          for (int ky = 0; ky < 3; ++ky) {
            for (int kx = 0; kx < 3; ++kx) v += kG2[i][ky] * g[ky][kx] * kG2[j][kx];
          }
          const size_t pos = (size_t)pair * 16 + (size_t)(4 * i + j);
          u[(pos * (size_t)groups + (size_t)grp) * 8 + (size_t)(4 * k + lane)] = (int16_t)v;
        }
      }
    }
  }
}

/* m[16][4]: for each position, sums (a, oc0), (a, oc1), (b, oc0), (b, oc1) over `groups` groups. */
#if EB_USE_ARM_DSP && defined(__thumb2__)
/* Thumb-2 assembly, two groups per pass (groups is even): LDM brings a group's four V words and each
 * channel's two U words. r0 = v, r1 = u, r2 = groups, r3 = m. */
#define EB_WINO_GROUP_ASM                                 \
  "ldm    r0!, {r8-r11}\n\t" /* a even, a odd, b even, b odd */ \
  "ldm    r1!, {r12, lr}\n\t" /* oc0 even, oc0 odd */     \
  "smlad  r4, r8, r12, r4\n\t"                            \
  "smlad  r4, r9, lr, r4\n\t"                             \
  "smlad  r6, r10, r12, r6\n\t"                           \
  "smlad  r6, r11, lr, r6\n\t"                            \
  "ldm    r1!, {r12, lr}\n\t" /* oc1 even, oc1 odd */     \
  "smlad  r5, r8, r12, r5\n\t"                            \
  "smlad  r5, r9, lr, r5\n\t"                             \
  "smlad  r7, r10, r12, r7\n\t"                           \
  "smlad  r7, r11, lr, r7\n\t"
/* The common group counts (8, 16, 32 and 64 input channels) unrolled: no inner loop, and the sums'
 * pointer and the position count stay in registers. r0 = v, r1 = u, r2 = m. */
#define EB_WINO_GROUPS2_ASM EB_WINO_GROUP_ASM EB_WINO_GROUP_ASM
#define EB_WINO_GROUPS4_ASM EB_WINO_GROUPS2_ASM EB_WINO_GROUPS2_ASM
#define EB_WINO_GROUPS8_ASM EB_WINO_GROUPS4_ASM EB_WINO_GROUPS4_ASM
#define EB_WINO_GROUPS16_ASM EB_WINO_GROUPS8_ASM EB_WINO_GROUPS8_ASM
#define EB_WINO_DOT_UNROLLED(name, BODY)                                              \
  __attribute__((naked)) static void name(const int32_t *v, const int16_t *u, int32_t *m) { \
    __asm__ volatile("push   {r4-r11, lr}\n\t"                                       \
                     "mov    r3, #16\n"                                               \
                     "1:\n\t"                                                        \
                     "mov    r4, #0\n\t"                                             \
                     "mov    r5, #0\n\t"                                             \
                     "mov    r6, #0\n\t"                                             \
                     "mov    r7, #0\n\t" BODY                                        \
                     "stm    r2!, {r4-r7}\n\t"                                       \
                     "subs   r3, r3, #1\n\t"                                         \
                     "bne    1b\n\t"                                                 \
                     "pop    {r4-r11, pc}\n\t");                                     \
  }
EB_WINO_DOT_UNROLLED(eb_wino_dot16_g2, EB_WINO_GROUPS2_ASM)
EB_WINO_DOT_UNROLLED(eb_wino_dot16_g4, EB_WINO_GROUPS4_ASM)
EB_WINO_DOT_UNROLLED(eb_wino_dot16_g8, EB_WINO_GROUPS8_ASM)
EB_WINO_DOT_UNROLLED(eb_wino_dot16_g16, EB_WINO_GROUPS16_ASM)

/* Any even group count, two groups per pass. r0 = v, r1 = u, r2 = groups, r3 = m. */
__attribute__((naked)) static void eb_wino_dot16_loop(const int32_t *v, const int16_t *u, int32_t groups, int32_t *m) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "sub    sp, sp, #8\n\t"         /* locals: m, positions left */
      "str    r3, [sp]\n\t"
      "mov    r12, #16\n\t"
      "str    r12, [sp, #4]\n\t"
      "lsl    r3, r2, #4\n"           /* bytes of V per position */
      "1:\n\t"
      "add    r2, r0, r3\n\t"         /* this position's end */
      "mov    r4, #0\n\t"
      "mov    r5, #0\n\t"
      "mov    r6, #0\n\t"
      "mov    r7, #0\n"
      "2:\n\t" EB_WINO_GROUP_ASM EB_WINO_GROUP_ASM
      "cmp    r0, r2\n\t"
      "bne    2b\n\t"
      "ldr    r12, [sp]\n\t"
      "stm    r12!, {r4-r7}\n\t"
      "str    r12, [sp]\n\t"
      "ldr    r12, [sp, #4]\n\t"
      "subs   r12, r12, #1\n\t"
      "str    r12, [sp, #4]\n\t"
      "bne    1b\n\t"
      "add    sp, sp, #8\n\t"
      "pop    {r4-r11, pc}\n\t");
}

static void eb_wino_dot16(const int32_t *v, const int16_t *u, int32_t groups, int32_t *m) {
  switch (groups) {
    case 2: eb_wino_dot16_g2(v, u, m); break;
    case 4: eb_wino_dot16_g4(v, u, m); break;
    case 8: eb_wino_dot16_g8(v, u, m); break;
    case 16: eb_wino_dot16_g16(v, u, m); break;
    default: eb_wino_dot16_loop(v, u, groups, m); break;
  }
}
#else
static EB_NOINLINE void eb_wino_dot16(const int32_t *v, const int16_t *u, int32_t groups, int32_t *m) {
  for (int pos = 0; pos < 16; ++pos, m += 4) {
    int32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
    for (int32_t g = 0; g < groups; ++g, v += 4, u += 8) {
      int32_t w[4];
      memcpy(w, u, sizeof w);
      a0 = eb_smlad(v[1], w[1], eb_smlad(v[0], w[0], a0));
      b0 = eb_smlad(v[3], w[1], eb_smlad(v[2], w[0], b0));
      a1 = eb_smlad(v[1], w[3], eb_smlad(v[0], w[2], a1));
      b1 = eb_smlad(v[3], w[3], eb_smlad(v[2], w[2], b1));
    }
    m[0] = a0;
    m[1] = a1;
    m[2] = b0;
    m[3] = b1;
  }
}
#endif

/* V of tile t (0 or 1) of the pair whose 4x4 input block starts at (y0, x0), into v. Per group the block's
 * 16 input words are fetched first (the input zero point's bytes outside the image, which the offset
 * turns into 0), then transformed two channels per word: B^T d down the columns, then B across the rows
 * (|values| <= 1020, so no halfword lane overflows). */
static void eb_wino_input(const eb_conv_params *p, const int8_t *in_b, int32_t y0, int32_t x0, int t, int32_t *v) {
  const int32_t c_n = p->in_c, groups = c_n / 4, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t row = p->in_w * c_n, step = groups * 4;
  const int inside = y0 >= 0 && y0 + 4 <= p->in_h && x0 >= 0 && x0 + 4 <= p->in_w;
  const uint8_t zp8 = (uint8_t)p->in_zp;
  const int32_t zp4 = (int32_t)(zp8 * 0x01010101u);
  /* An offset, not a pointer: for a block on the padded border it lies outside the image (unsigned
   * arithmetic wraps, a pointer before or past the buffer is undefined), and only an inside block uses it. */
  size_t at = ((size_t)y0 * p->in_w + (size_t)x0) * c_n;
  v += 2 * t;
  for (int32_t g = 0; g < groups; ++g, at += 4, v += 4) {
    int32_t w[16];
    if (inside) {
      const int8_t *src = in_b + at, *s1 = src + row, *s2 = s1 + row, *s3 = s2 + row;
      w[0] = eb_load4(src), w[1] = eb_load4(src + c_n), w[2] = eb_load4(src + 2 * c_n), w[3] = eb_load4(src + 3 * c_n);
      w[4] = eb_load4(s1), w[5] = eb_load4(s1 + c_n), w[6] = eb_load4(s1 + 2 * c_n), w[7] = eb_load4(s1 + 3 * c_n);
      w[8] = eb_load4(s2), w[9] = eb_load4(s2 + c_n), w[10] = eb_load4(s2 + 2 * c_n), w[11] = eb_load4(s2 + 3 * c_n);
      w[12] = eb_load4(s3), w[13] = eb_load4(s3 + c_n), w[14] = eb_load4(s3 + 2 * c_n), w[15] = eb_load4(s3 + 3 * c_n);
    } else {
      for (int r = 0; r < 4; ++r) {
        for (int c = 0; c < 4; ++c) {
          const int32_t y = y0 + r, x = x0 + c;
          w[4 * r + c] = y >= 0 && y < p->in_h && x >= 0 && x < p->in_w
                             ? eb_load4(in_b + ((size_t)y * p->in_w + (size_t)x) * c_n + 4 * g)
                             : zp4;
        }
      }
    }
    /* Written out: compilers keep these small loops rolled and the arrays on the stack. */
#define EB_WINO_COL(EXT, c)                                                                       \
  do {                                                                                            \
    const int32_t d0 = EXT(offset2, w[c]), d1 = EXT(offset2, w[4 + c]);                           \
    const int32_t d2 = EXT(offset2, w[8 + c]), d3 = EXT(offset2, w[12 + c]);                      \
    t0##c = eb_ssub16(d0, d2);                                                                    \
    t1##c = eb_sadd16(d1, d2);                                                                    \
    t2##c = eb_ssub16(d2, d1);                                                                    \
    t3##c = eb_ssub16(d1, d3);                                                                    \
  } while (0)
#define EB_WINO_ROW(i, h)                                                                         \
  do {                                                                                            \
    int32_t *out = v + (size_t)(4 * (i)) * step + (h);                                            \
    out[0] = eb_ssub16(t##i##0, t##i##2);                                                         \
    out[step] = eb_sadd16(t##i##1, t##i##2);                                                      \
    out[2 * step] = eb_ssub16(t##i##2, t##i##1);                                                  \
    out[3 * step] = eb_ssub16(t##i##1, t##i##3);                                                  \
  } while (0)
#define EB_WINO_HALF(EXT, h)                                                                      \
  do {                                                                                            \
    int32_t t00, t01, t02, t03, t10, t11, t12, t13, t20, t21, t22, t23, t30, t31, t32, t33;       \
    EB_WINO_COL(EXT, 0);                                                                          \
    EB_WINO_COL(EXT, 1);                                                                          \
    EB_WINO_COL(EXT, 2);                                                                          \
    EB_WINO_COL(EXT, 3);                                                                          \
    EB_WINO_ROW(0, h);                                                                            \
    EB_WINO_ROW(1, h);                                                                            \
    EB_WINO_ROW(2, h);                                                                            \
    EB_WINO_ROW(3, h);                                                                            \
  } while (0)
    EB_WINO_HALF(eb_sxtab16, 0);
    EB_WINO_HALF(eb_sxtab16_ror8, 1);
#undef EB_WINO_HALF
#undef EB_WINO_ROW
#undef EB_WINO_COL
  }
}

/* Y' = A^T M A for one tile and channel from its 16 sums m[4 * pos] (pos = 4i + j), divided by 4 (exact:
 * Y' = 4 y): the outputs (0, 0), (0, 1), (1, 0), (1, 1) of the tile into v. */
static inline void eb_wino_transform_out(const int32_t *m, int32_t v[4]) {
  int32_t t0[4], t1[4];
  for (int j = 0; j < 4; ++j) {
    const uint32_t m0 = (uint32_t)m[4 * j], m1 = (uint32_t)m[4 * (4 + j)];
    const uint32_t m2 = (uint32_t)m[4 * (8 + j)], m3 = (uint32_t)m[4 * (12 + j)];
    t0[j] = (int32_t)(m0 + m1 + m2);
    t1[j] = (int32_t)(m1 - m2 - m3);
  }
  v[0] = (int32_t)((uint32_t)t0[0] + (uint32_t)t0[1] + (uint32_t)t0[2]) >> 2;
  v[1] = (int32_t)((uint32_t)t0[1] - (uint32_t)t0[2] - (uint32_t)t0[3]) >> 2;
  v[2] = (int32_t)((uint32_t)t1[0] + (uint32_t)t1[1] + (uint32_t)t1[2]) >> 2;
  v[3] = (int32_t)((uint32_t)t1[1] - (uint32_t)t1[2] - (uint32_t)t1[3]) >> 2;
}

/* A whole tile of one channel with its table entry: no clipping, the usual requantisation. */
static inline void eb_wino_output_fast(const int32_t *m, const eb_rq_channel *ch, int32_t zp, int8_t *y, int32_t step,
                                       int32_t row) {
  int32_t v[4];
  eb_wino_transform_out(m, v);
  y[0] = eb_rq_out(v[0], ch, zp);
  y[step] = eb_rq_out(v[1], ch, zp);
  y[row] = eb_rq_out(v[2], ch, zp);
  y[row + step] = eb_rq_out(v[3], ch, zp);
}

/* The four outputs of one tile and channel from its 16 sums m[4 * pos] (pos = 4i + j): Y' = A^T M A = 4 y,
 * then requantised and stored at y (the tile's top-left output), row `row` bytes below; `rows` and `cols`
 * (1 or 2) clip a tile at an odd image edge. With a table the usual requantisation, else the general one. */
static inline void eb_wino_output(const int32_t *m, const eb_rq_channel *ch, const int32_t *bias,
                                  const int32_t *mult, const int32_t *shift, const eb_conv_params *p, int32_t c,
                                  int8_t *y, int32_t step, int32_t row, int rows, int cols) {
  int32_t v[4];
  eb_wino_transform_out(m, v);
  for (int k = 0; k < 4; ++k) {
    if ((k >> 1) >= rows || (k & 1) >= cols) continue;
    int8_t r;
    if (ch) {
      r = eb_rq_out(v[k], ch, p->out_zp);
    } else {
      const int32_t acc = bias ? eb_add_wrap_i32(v[k], bias[c]) : v[k];
      r = (int8_t)eb_clamp_i32(eb_add_wrap_i32(eb_requantize_inline(acc, mult[c], shift[c]), p->out_zp), p->q_min,
                               p->q_max);
    }
    y[(k >> 1) * row + (k & 1) * step] = r;
  }
}

void eb_conv2d_s8_wino(const eb_conv_params *p, const int8_t *in, const int16_t *u, const int32_t *bias,
                       const int32_t *out_mult, const int32_t *out_shift, const int32_t *rq, void *scratch,
                       int8_t *out) {
  const int32_t c_n = p->in_c, groups = c_n / 4, c_out = p->out_c;
  const int32_t tiles_h = (p->out_h + 1) / 2, tiles_w = (p->out_w + 1) / 2, row = p->out_w * c_out;
  int32_t *const v = (int32_t *)scratch;
  int32_t m[16 * 4]; /* on the stack: at a fixed offset from sp, which the channel loop reads without a register */
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * c_n;
    int8_t *out_b = out + (size_t)b * p->out_h * row;
    for (int32_t ty = 0; ty < tiles_h; ++ty) {
      const int rows = 2 * ty + 1 < p->out_h ? 2 : 1;
      for (int32_t tx = 0; tx < tiles_w; tx += 2) {
        const int two = tx + 1 < tiles_w;
        for (int t = 0; t < 2; ++t) {
          /* A missing second tile reads only outside the image: zeros, never stored. */
          const int32_t x0 = t && !two ? p->in_w : 2 * (tx + t) - p->pad_left;
          eb_wino_input(p, in_b, 2 * ty - p->pad_top, x0, t, v);
        }
        int8_t *ya = out_b + (size_t)(2 * ty) * row + (size_t)(2 * tx) * c_out;
        const int cols_a = 2 * tx + 1 < p->out_w ? 2 : 1;
        const int cols_b = 2 * tx + 3 < p->out_w ? 2 : 1;
        for (int32_t oc = 0; oc < c_out; oc += 2) {
          eb_wino_dot16(v, u + (size_t)(oc / 2) * 16 * groups * 8, groups, m);
          const eb_rq_channel *ch = tbl ? tbl + oc : NULL;
          if (ch && two && rows == 2 && cols_b == 2) {
            eb_wino_output_fast(m + 0, ch, p->out_zp, ya + oc, c_out, row);
            eb_wino_output_fast(m + 1, ch + 1, p->out_zp, ya + oc + 1, c_out, row);
            eb_wino_output_fast(m + 2, ch, p->out_zp, ya + 2 * c_out + oc, c_out, row);
            eb_wino_output_fast(m + 3, ch + 1, p->out_zp, ya + 2 * c_out + oc + 1, c_out, row);
            continue;
          }
          eb_wino_output(m + 0, ch, bias, out_mult, out_shift, p, oc, ya + oc, c_out, row, rows, cols_a);
          eb_wino_output(m + 1, ch ? ch + 1 : NULL, bias, out_mult, out_shift, p, oc + 1, ya + oc + 1, c_out, row,
                         rows, cols_a);
          if (two) {
            int8_t *yb = ya + 2 * c_out;
            eb_wino_output(m + 2, ch, bias, out_mult, out_shift, p, oc, yb + oc, c_out, row, rows, cols_b);
            eb_wino_output(m + 3, ch ? ch + 1 : NULL, bias, out_mult, out_shift, p, oc + 1, yb + oc + 1, c_out, row,
                           rows, cols_b);
          }
        }
      }
    }
  }
}
