/* DEPTHWISE_CONV_2D int8, 3x3 stride 1, one channel's rows at a time: bit-identical to the reference.
 *
 * In the NHWC layout one channel's neighbouring inputs are c_n bytes apart, so a tap pair of one channel
 * never lies in one word and each multiply-accumulate is a separate SMLAxy. Here each input row is first
 * transposed into one row per channel (a ring of three input rows, each transposed once per call), where
 * neighbours are adjacent bytes: one word p0..p3 of a channel's row gives, by SXTAB16, the pairs
 * (p0, p2) and (p1, p3), and a filter row (w0, w1, w2) packed as (w0, w2) and w1 makes
 *   out(x)     = SMLAD((p0, p2), (w0, w2)) + p1 * w1
 *   out(x + 1) = SMLAD((p1, p3), (w0, w2)) + p2 * w1
 * six multiply-accumulates from one load, two extensions and four multiplies. Columns and rows outside the
 * image hold the input zero point (0 once offset), which is what skipping them gives. Each sum starts
 * from the channel's bias and is requantised with its constants (eb_rq_table) into the NHWC output.
 *
 * Prepare packs each channel's filter words (eb_depthwise_rows_weights) and gathers the channels' constants;
 * the ring of transposed rows and a row's sums live in the call's scratch (eb_depthwise_rows_scratch_bytes). */
#include "arm_dsp.h"
#include "depthwise_conv2d.h"

/* Bytes of transposed rows (three input rows of every channel) a layer may keep in its scratch. */
enum { EB_DW_ROWS_MAX_BYTES = 3072 };
/* Output widths from which the per-channel rows pay for their calls (keyword spotting's 5 do not). */
enum { EB_DW_ROWS_MIN_WIDTH = 8 };

/* The width of a transposed row: the output width plus the two border columns, and room for the word
 * loads of a last output pair, rounded to whole words. */
static int32_t eb_dw_rows_width(const eb_conv_params *p) { return (p->out_w + 2 + 2 + 3) & ~3; }

int eb_depthwise_rows_applies(const eb_conv_params *p) {
  return p->depth_multiplier == 1 && p->k_h == 3 && p->k_w == 3 && p->stride_h == 1 && p->stride_w == 1 &&
         p->dil_h == 1 && p->dil_w == 1 && p->in_c % 4 == 0 && p->pad_top <= 1 &&
         p->pad_left <= 1 && p->out_w == p->in_w + 2 * p->pad_left - 2 && p->out_w >= EB_DW_ROWS_MIN_WIDTH &&
         3 * p->in_c * eb_dw_rows_width(p) <= EB_DW_ROWS_MAX_BYTES;
}

/* The ring, then the sums of a row of outputs (rounded up to a pair). */
static size_t eb_dw_rows_sums_at(const eb_conv_params *p) { return (size_t)3 * p->in_c * eb_dw_rows_width(p); }

int32_t eb_depthwise_rows_scratch_bytes(const eb_conv_params *p) {
  return (int32_t)(eb_dw_rows_sums_at(p) + (size_t)(p->out_w + 1) / 2 * 2 * sizeof(int32_t));
}

/* Per channel, the filter rows packed for the sums loop: (w[k][0], w[k][2]) for rows k = 0, 1, 2, then w[0][1]
 * and w[1][1] in one word, then w[2][1]. */
void eb_depthwise_rows_weights(const eb_conv_params *p, const int8_t *filter, int32_t *w) {
  const int32_t c_n = p->in_c;
  for (int32_t c = 0; c < c_n; ++c, w += 5) {
    const int8_t *f0 = filter + c;
    for (int k = 0; k < 3; ++k) {
      const int8_t *f = f0 + (size_t)(3 * k) * c_n;
      w[k] = (int32_t)(((uint32_t)(uint16_t)(int16_t)f[2 * c_n] << 16) | (uint16_t)(int16_t)f[0]);
    }
    w[3] = (int32_t)(((uint32_t)(uint16_t)(int16_t)f0[4 * c_n] << 16) | (uint16_t)(int16_t)f0[c_n]);
    w[4] = f0[7 * c_n];
  }
}

/* Input row y transposed into rows[c * width + column], column = x + pad_left; a row outside the image
 * becomes the zero point's bytes. The border columns are the zero point's from the call's start. */
static void eb_dw_rows_fill(const eb_conv_params *p, const int8_t *in_b, int32_t y, int8_t *rows, int32_t width) {
  const int32_t c_n = p->in_c;
  if (y < 0 || y >= p->in_h) {
    memset(rows, (int8_t)p->in_zp, (size_t)c_n * (size_t)width);
    return;
  }
  const int8_t *src = in_b + (size_t)y * p->in_w * c_n;
  int8_t *const r = rows + p->pad_left;
  for (int32_t c = 0; c < c_n; c += 4) {
    int8_t *r0 = r + (size_t)c * width, *r1 = r0 + width, *r2 = r1 + width, *r3 = r2 + width;
    const int8_t *s = src + c;
    for (int32_t x = 0; x < p->in_w; ++x, s += c_n) {
      const int32_t v = eb_load4(s);
      r0[x] = (int8_t)v;
      r1[x] = (int8_t)(v >> 8);
      r2[x] = (int8_t)(v >> 16);
      r3[x] = (int8_t)(v >> 24);
    }
  }
}

/* One channel's output row in two passes: the sums (two outputs per pass over the three rows), then their
 * requantisation into the NHWC output (y, c_n bytes apart). The sums pass reads its arguments from a
 * frame: w = {(w00, w02), (w10, w12), (w20, w22), (w01, w11), w21} with wyx the filter at row y, column x
 * (the assembly reads the fields at their 32-bit offsets: rows 0, w 12, offset2 32, sums 36, end 40). */
typedef struct {
  const int8_t *row[3];
  int32_t w[5];
  int32_t offset2;
  int32_t *sums, *sums_end;
} eb_dw_rows_frame;

#if EB_USE_ARM_DSP && defined(__thumb2__)
/* Thumb-2 assembly: three row pointers, five filter words, the offset and two sums fill the registers. */
#define EB_DW_ROW_PAIR_ASM(ROW, W, V, BB, TB)                                                    \
  "ldr    r12, [" ROW "], #2\n\t"    /* p0..p3 of the row */                                     \
  "sxtab16 r11, r8, r12\n\t"         /* (p0, p2) */                                              \
  "sxtab16 r12, r8, r12, ror #8\n\t" /* (p1, p3) */                                              \
  "smlad  r9, r11, " W ", r9\n\t"    /* out(x) += p0 w0 + p2 w2 */                               \
  BB "    r9, r12, " V ", r9\n\t"    /* out(x) += p1 w1 */                                        \
  "smlad  r10, r12, " W ", r10\n\t"  /* out(x + 1) += p1 w0 + p3 w2 */                           \
  TB "    r10, r11, " V ", r10\n\t"  /* out(x + 1) += p2 w1 */
__attribute__((naked)) static void eb_dw_rows_sums(const eb_dw_rows_frame *f) {
  __asm__ volatile(
      "push   {r4-r11, lr}\n\t"
      "ldr    r1, [r0, #40]\n\t"     /* end of the sums, kept at [sp] */
      "push   {r1}\n\t"
      "ldr    lr, [r0, #36]\n\t"
      "ldm    r0, {r0-r8}\n"          /* rows, filter words, offset2 */
      "1:\n\t"
      "mov    r9, #0\n\t"
      "mov    r10, #0\n\t"
      EB_DW_ROW_PAIR_ASM("r0", "r3", "r6", "smlabb", "smlatb")
      EB_DW_ROW_PAIR_ASM("r1", "r4", "r6", "smlabt", "smlatt")
      EB_DW_ROW_PAIR_ASM("r2", "r5", "r7", "smlabb", "smlatb")
      "strd   r9, r10, [lr], #8\n\t"
      "ldr    r11, [sp]\n\t"
      "cmp    lr, r11\n\t"
      "bne    1b\n\t"
      "add    sp, sp, #4\n\t"
      "pop    {r4-r11, pc}\n\t");
}

/* y[x * c_n] = eb_rq_out(sums[x], ch, zp) for n >= 1 sums. r0 = sums, r1 = n, r2 = ch, r3 = zp,
 * [sp] = y, [sp, 4] = c_n. */
__attribute__((naked)) static void eb_dw_rows_rq(const int32_t *sums, int32_t n, const eb_rq_channel *ch, int32_t zp,
                                                 int8_t *y, int32_t c_n) {
  __asm__ volatile(
      "push   {r4-r10, lr}\n\t"
      "ldr    lr, [sp, #32]\n\t"
      "ldr    r12, [sp, #36]\n\t"
      "ldm    r2, {r4-r7}\n"          /* bias, multiplier, quarter, r1 */
      "1:\n\t"
      "ldr    r8, [r0], #4\n\t"
      "add    r8, r8, r4\n\t"
      "and    r9, r8, #0x80000000\n\t"
      "orr    r9, r9, #0x40000000\n\t"
      "add    r10, r6, r8, asr #31\n\t"
      "smlal  r9, r10, r8, r5\n\t"
      "asr    r10, r10, r7\n\t"
      "add    r10, r10, r3\n\t"
      "ssat   r10, #8, r10\n\t"
      "strb   r10, [lr]\n\t"
      "add    lr, lr, r12\n\t"
      "subs   r1, r1, #1\n\t"
      "bne    1b\n\t"
      "pop    {r4-r10, pc}\n\t");
}
#else
static EB_NOINLINE void eb_dw_rows_sums(const eb_dw_rows_frame *f) {
  int32_t *sums = f->sums;
  for (int32_t x = 0; sums < f->sums_end; x += 2, sums += 2) {
    int32_t a0 = 0, a1 = 0;
    for (int k = 0; k < 3; ++k) {
      const int32_t v = eb_load4(f->row[k] + x);
      const int32_t e = eb_sxtab16(f->offset2, v), o = eb_sxtab16_ror8(f->offset2, v);
      /* w1 of rows 0 and 1 share a word (low, high halves); row 2's is its own. */
      const int32_t w1 = k == 0 ? f->w[3] : k == 1 ? (int32_t)((uint32_t)f->w[3] >> 16) : f->w[4];
      a0 = eb_smlabb(o, w1, eb_smlad(e, f->w[k], a0));
      a1 = eb_smlatb(e, w1, eb_smlad(o, f->w[k], a1));
    }
    sums[0] = a0;
    sums[1] = a1;
  }
}

static EB_NOINLINE void eb_dw_rows_rq(const int32_t *sums, int32_t n, const eb_rq_channel *ch, int32_t zp, int8_t *y,
                                      int32_t c_n) {
  for (int32_t x = 0; x < n; ++x, y += c_n) *y = eb_rq_out(sums[x], ch, zp);
}
#endif

void eb_depthwise_conv2d_s8_rows(const eb_conv_params *p, const int8_t *in, const int32_t *w, const int32_t *rq,
                                 void *scratch, int8_t *out) {
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  const int32_t c_n = p->in_c;
  const int32_t width = eb_dw_rows_width(p), offset2 = eb_pack16x2(-p->in_zp), zp = p->out_zp;
  int8_t *const ring = (int8_t *)scratch;
  int32_t *const sums = (int32_t *)(void *)(ring + eb_dw_rows_sums_at(p));
  memset(ring, (int8_t)p->in_zp, eb_dw_rows_sums_at(p));
  const int32_t pairs = (p->out_w + 1) / 2;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * c_n;
    int8_t *out_b = out + (size_t)b * p->out_h * p->out_w * c_n;
    int32_t held[3] = {INT32_MIN, INT32_MIN, INT32_MIN}; /* the input row each ring slot holds */
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int8_t *r[3];
      for (int k = 0; k < 3; ++k) {
        const int32_t y = oy - p->pad_top + k, slot = (y % 3 + 3) % 3;
        int8_t *rows = ring + (size_t)slot * c_n * width;
        if (held[slot] != y) {
          eb_dw_rows_fill(p, in_b, y, rows, width);
          held[slot] = y;
        }
        r[k] = rows;
      }
      for (int32_t c = 0; c < c_n; ++c) {
        eb_dw_rows_frame frame;
        const size_t at = (size_t)c * width;
        for (int k = 0; k < 3; ++k) frame.row[k] = r[k] + at;
        memcpy(frame.w, w + 5 * (size_t)c, sizeof frame.w);
        frame.offset2 = offset2;
        frame.sums = sums;
        frame.sums_end = sums + 2 * pairs;
        eb_dw_rows_sums(&frame);
        eb_dw_rows_rq(sums, p->out_w, tbl + c, zp, out_b + (size_t)oy * p->out_w * c_n + c, c_n);
      }
    }
  }
}
