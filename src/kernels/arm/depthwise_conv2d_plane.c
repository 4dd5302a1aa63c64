/* DEPTHWISE_CONV_2D int8, 3x3, depth multiplier 1, stride 1 or 2 across, over one channel's padded plane
 * of 16-bit values: bit-identical to eb_depthwise_conv2d_s8's reference.
 *
 * Why: in NHWC a tap's four channels need two extensions and four single multiplies, and the border
 * pixels a padded patch; about 47 cycles an output on a Cortex-M4 with small images (keyword spotting's
 * 25 x 5). Here each channel's input is copied once into a plane of int16 (input offset added, zeros
 * where the filter reads padding), so that along a row one word holds two neighbouring values. Two
 * neighbouring outputs of a filter row then take four multiply instructions for six products:
 *   stride 1, values v0..v3 in words A = (v0, v1), B = (v2, v3):
 *     out0 += SMLAD(A, (w0, w1)) + SMLABT(B, (w1, w2))   v0 w0 + v1 w1 + v2 w2
 *     out1 += SMLATB(A, (w0, w1)) + SMLAD(B, (w1, w2))   v1 w0 + v2 w1 + v3 w2
 *   stride 2, values v0..v5 in A, B, C = (v4, v5):
 *     out0 += SMLAD(A, (w0, w1)) + SMLABT(B, (w1, w2))
 *     out1 += SMLAD(B, (w0, w1)) + SMLABT(C, (w1, w2))
 * with the six weight words in registers for the whole channel. The plane's rows are a fixed 64 bytes apart,
 * so one pointer and immediate offsets reach all three rows. Each output row's sums are then requantised
 * (eb_rq_table's constants) and stored in NHWC. A layer takes this path when its plane fits (see
 * eb_depthwise_plane_applies) and every channel has those constants; larger images take the row or NHWC
 * kernels. Prepare packs the weight words (eb_depthwise_plane_weights) and gathers the constants; the plane and
 * the sums live in the call's scratch (eb_depthwise_plane_scratch_bytes). */
#include "arm_dsp.h"
#include "depthwise_conv2d.h"

/* Outputs per channel below which the NHWC kernel is faster: each channel's plane costs about 200 cycles
 * to set up (VWW's 6 x 6 and 3 x 3 layers run about 350 k cycles slower here). */
enum { EB_DW_PLANE_MIN_OUTPUTS = 64 };
/* Values per plane row and rows per plane: 32 x 32 int16 is a 2 KB buffer. */
enum { EB_DW_PLANE_W = 32, EB_DW_PLANE_H = 32 };

/* The layer as the plane sees it: the image as given, or transposed (rows and columns swapped, with the
 * filter's taps) when that makes longer rows of outputs, as for keyword spotting's 25 x 5 images; and the
 * byte steps in NHWC between the plane's input rows and columns and between its output rows and columns. */
typedef struct {
  int32_t in_h, in_w, pad_top, pad_left, stride_h, stride_w, out_h, out_w;
  int32_t src_row, src_col, out_row, out_col;
  int transposed;
} eb_dw_plane_view;

static eb_dw_plane_view eb_dw_plane_view_of(const eb_conv_params *p, int transposed) {
  const int32_t c_n = p->in_c;
  eb_dw_plane_view v;
  v.transposed = transposed;
  if (!transposed) {
    v.in_h = p->in_h, v.in_w = p->in_w, v.pad_top = p->pad_top, v.pad_left = p->pad_left;
    v.stride_h = p->stride_h, v.stride_w = p->stride_w, v.out_h = p->out_h, v.out_w = p->out_w;
    v.src_row = p->in_w * c_n, v.src_col = c_n, v.out_row = p->out_w * c_n, v.out_col = c_n;
  } else {
    v.in_h = p->in_w, v.in_w = p->in_h, v.pad_top = p->pad_left, v.pad_left = p->pad_top;
    v.stride_h = p->stride_w, v.stride_w = p->stride_h, v.out_h = p->out_w, v.out_w = p->out_h;
    v.src_row = c_n, v.src_col = p->in_w * c_n, v.out_row = c_n, v.out_col = p->out_w * c_n;
  }
  return v;
}

/* Output columns rounded up to a pair; the plane columns and rows the outputs read. */
static int32_t eb_dw_plane_pairs(const eb_dw_plane_view *v) { return (v->out_w + 1) / 2; }
static int32_t eb_dw_plane_cols(const eb_dw_plane_view *v) { return (2 * eb_dw_plane_pairs(v) - 1) * v->stride_w + 3; }
static int32_t eb_dw_plane_rows(const eb_dw_plane_view *v) { return (v->out_h - 1) * v->stride_h + 3; }

static int eb_dw_plane_fits(const eb_dw_plane_view *v) {
  return (v->stride_w == 1 || v->stride_w == 2) && v->stride_h >= 1 && v->pad_top >= 0 && v->pad_left >= 0 &&
         eb_dw_plane_cols(v) <= EB_DW_PLANE_W && v->pad_left + v->in_w <= EB_DW_PLANE_W &&
         eb_dw_plane_rows(v) <= EB_DW_PLANE_H && v->pad_top + v->in_h <= EB_DW_PLANE_H;
}

/* About the cycles of a layer's channel in the sums loop: 31 per pair and 18 per row of outputs. */
static int32_t eb_dw_plane_cost(const eb_dw_plane_view *v) { return v->out_h * (31 * eb_dw_plane_pairs(v) + 18); }

/* The orientation to use (0 as given, 1 transposed), or -1 when neither fits. */
static int eb_dw_plane_orientation(const eb_conv_params *p) {
  if (p->depth_multiplier != 1 || p->k_h != 3 || p->k_w != 3 || p->dil_h != 1 || p->dil_w != 1 || p->q_min != -128 ||
      p->q_max != 127) {
    return -1;
  }
  if (p->out_h * p->out_w < EB_DW_PLANE_MIN_OUTPUTS) return -1;
  const eb_dw_plane_view a = eb_dw_plane_view_of(p, 0), b = eb_dw_plane_view_of(p, 1);
  const int fa = eb_dw_plane_fits(&a), fb = eb_dw_plane_fits(&b);
  if (fa && fb) return eb_dw_plane_cost(&b) < eb_dw_plane_cost(&a);
  return fa ? 0 : fb ? 1 : -1;
}

int eb_depthwise_plane_applies(const eb_conv_params *p) { return eb_dw_plane_orientation(p) >= 0; }

/* Weight words of every channel, 6 per channel: per filter row (column when transposed), (w0, w1) then
 * (w1, w2). */
void eb_depthwise_plane_weights(const eb_conv_params *p, const int8_t *filter, int32_t *w) {
  const int32_t c_n = p->in_c;
  const int transposed = eb_dw_plane_orientation(p) == 1;
  for (int32_t c = 0; c < c_n; ++c, w += 6) {
    for (int32_t ky = 0; ky < 3; ++ky) {
      int32_t t[3];
      for (int32_t kx = 0; kx < 3; ++kx) t[kx] = filter[(transposed ? 3 * kx + ky : 3 * ky + kx) * c_n + c];
      w[2 * ky] = (int32_t)(((uint32_t)(uint16_t)t[1] << 16) | (uint16_t)t[0]);
      w[2 * ky + 1] = (int32_t)(((uint32_t)(uint16_t)t[2] << 16) | (uint16_t)t[1]);
    }
  }
}

/* Sums per call of the sums loop: at most this many (1 KB), whole output rows of 2 * pairs sums. */
enum { EB_DW_PLANE_SUMS = 256 };
/* Values of the plane: two of slack, as stride 2's last word C of the plane's last row reaches one value past it. */
enum { EB_DW_PLANE_VALUES = EB_DW_PLANE_H * EB_DW_PLANE_W + 2 };

int32_t eb_depthwise_plane_scratch_bytes(const eb_conv_params *p) {
  (void)p;
  return EB_DW_PLANE_VALUES * 2 + EB_DW_PLANE_SUMS * 4;
}

/* The sums of `rows` output rows, each 2 * pairs (a last odd column's neighbour is computed and not kept), into
 * sums: row r's first plane row is row + r * row_step values on. Returns the part of the bias that the sums
 * do not include, for the requantisation to add. */
#if EB_USE_ARM_DSP && defined(__thumb2__)
/* The frame: [0] the plane row of the first output row, [4] the bytes of plane one pair takes (4 stride), [8] that
 * times pairs, [12] output rows, [16] bytes from one output row's plane row to the next, [20] the weight words, [24] the
 * sums, [28] the bias (which stride 1's sums start from; stride 2's start from 0). In the pair loop r0 walks the
 * plane row, r1 is its end, r3 the sums, r4-r9 hold the weight words of filter rows 0-2, r10 and r11 the pair's
 * sums. */
#define EB_DW_PLANE_SUMS_ASM(ROW_ASM, STEP, FIRST)                                     \
  "push   {r4-r11, lr}\n\t"                                                            \
  "sub    sp, sp, #32\n\t"                                                             \
  "ldm    r0, {r1-r8}\n\t"                                                             \
  "stm    sp, {r1-r8}\n\t"                                                             \
  "ldm    r6, {r4-r9}\n\t"                                                             \
  "ldr    r3, [sp, #24]\n\t"                                                           \
  "ldr    r2, [sp, #28]\n"                                                             \
  "2:\n\t"                                                                             \
  "ldr    r0, [sp]\n\t"                                                                \
  "ldr    r1, [sp, #8]\n\t"                                                            \
  "add    r1, r1, r0\n"                                                                \
  "1:\n\t" ROW_ASM(0, "r4", "r5", FIRST) ROW_ASM(64, "r6", "r7", NEXT) ROW_ASM(128, "r8", "r9", NEXT) \
  "add    r0, r0, #" #STEP "\n\t"                                                      \
  "stm    r3!, {r10, r11}\n\t"                                                         \
  "cmp    r0, r1\n\t"                                                                  \
  "bne    1b\n\t"                                                                      \
  "ldr    r0, [sp]\n\t"                                                                \
  "ldr    r1, [sp, #16]\n\t"                                                           \
  "add    r0, r0, r1\n\t"                                                              \
  "str    r0, [sp]\n\t"                                                                \
  "ldr    r1, [sp, #12]\n\t"                                                           \
  "subs   r1, r1, #1\n\t"                                                              \
  "str    r1, [sp, #12]\n\t"                                                           \
  "bne    2b\n\t"                                                                      \
  "add    sp, sp, #32\n\t"                                                             \
  "pop    {r4-r11, pc}\n\t"
/* A filter row's first products: the first row's start the pair's sums (SMUAD, SMULxy), the others add. */
#define EB_DW_FIRST_SMLAD(D, A, B) "smuad  " D ", " A ", " B "\n\t"
#define EB_DW_FIRST_SMLATB(D, A, B) "smultb " D ", " A ", " B "\n\t"
/* Stride 1 has r2 free: it holds the bias, which the first products add to. */
#define EB_DW_BIAS_SMLAD(D, A, B) "smlad  " D ", " A ", " B ", r2\n\t"
#define EB_DW_BIAS_SMLATB(D, A, B) "smlatb " D ", " A ", " B ", r2\n\t"
#define EB_DW_NEXT_SMLAD(D, A, B) "smlad  " D ", " A ", " B ", " D "\n\t"
#define EB_DW_NEXT_SMLATB(D, A, B) "smlatb " D ", " A ", " B ", " D "\n\t"
/* Stride 1: row k's words A (r12) and B (lr) at k * 64 and k * 64 + 4. */
#define EB_DW_PLANE_ROW1_ASM(OFF, W01, W12, HOW)    \
  "ldr    r12, [r0, #" #OFF "]\n\t"                 \
  "ldr    lr, [r0, #" #OFF " + 4]\n\t"              \
  EB_DW_##HOW##_SMLAD("r10", "r12", W01)            \
  "smlabt r10, lr, " W12 ", r10\n\t"                \
  EB_DW_##HOW##_SMLATB("r11", "r12", W01)           \
  "smlad  r11, lr, " W12 ", r11\n\t"
/* Stride 2: row k's words A (r12), B (lr) and C (r2) at k * 64, + 4 and + 8. */
#define EB_DW_PLANE_ROW2_ASM(OFF, W01, W12, HOW)    \
  "ldr    r12, [r0, #" #OFF "]\n\t"                 \
  "ldr    lr, [r0, #" #OFF " + 4]\n\t"              \
  "ldr    r2, [r0, #" #OFF " + 8]\n\t"              \
  EB_DW_##HOW##_SMLAD("r10", "r12", W01)            \
  "smlabt r10, lr, " W12 ", r10\n\t"                \
  EB_DW_##HOW##_SMLAD("r11", "lr", W01)             \
  "smlabt r11, r2, " W12 ", r11\n\t"
__attribute__((naked)) static void eb_dw_plane_sums_s1(const int32_t *frame) {
  __asm__ volatile(EB_DW_PLANE_SUMS_ASM(EB_DW_PLANE_ROW1_ASM, 4, BIAS));
}
__attribute__((naked)) static void eb_dw_plane_sums_s2(const int32_t *frame) {
  __asm__ volatile(EB_DW_PLANE_SUMS_ASM(EB_DW_PLANE_ROW2_ASM, 8, FIRST));
}
static int32_t eb_dw_plane_sums(const eb_dw_plane_view *p, const int16_t *row, int32_t rows, const int32_t *w,
                                int32_t bias, int32_t *sums) {
  const int32_t pair_bytes = 4 * p->stride_w;
  const int32_t frame[8] = {(int32_t)(uintptr_t)row, pair_bytes, pair_bytes * eb_dw_plane_pairs(p), rows,
                            p->stride_h * EB_DW_PLANE_W * 2, (int32_t)(uintptr_t)w, (int32_t)(uintptr_t)sums, bias};
  if (p->stride_w == 1) {
    eb_dw_plane_sums_s1(frame);
    return 0;
  }
  eb_dw_plane_sums_s2(frame);
  return bias;
}

/* Requantises `rows` rows of sums (2 * pairs each, the first out_w kept) into out: outputs out_col bytes
 * apart along a row, rows out_row bytes apart; the channel's bias, multiplier, quarter, r1 and the zero point
 * in registers. */
#define EB_DW_PLANE_RQ_ADD_BIAS "add    r8, r8, r3\n\t"
#define EB_DW_PLANE_RQ_NO_BIAS
#define EB_DW_PLANE_RQ_ASM(BIAS)                            \
  "ldr    r8, [r0], #4\n\t" BIAS                            \
  EB_RQ_ZP_ASM("r8", "r4", "r5", "r6", "r7", "r10", "r11", "[r1]") \
  "add    r1, r1, r2\n\t"
/* The frame: [0] sums, [4] out, [8] out_col, [12] bias (added unless the sums have it), [16] multiplier, [20]
 * quarter, [24] r1, [28] zero point, [32] rows, [36] out_w, [40] bytes of sums skipped after each row (0 or 4),
 * [44] out_row. */
#define EB_DW_PLANE_RQ_FN(NAME, BIAS)                                                            \
  __attribute__((naked)) static void NAME(const int32_t *frame) {                                \
    __asm__ volatile(                                                                            \
        "push   {r4-r11, lr}\n\t"                                                                \
        "sub    sp, sp, #24\n\t"                                                                 \
        "ldr    r1, [r0, #32]\n\t"                                                               \
        "ldr    r2, [r0, #36]\n\t"                                                               \
        "ldr    r3, [r0, #40]\n\t"                                                               \
        "ldr    r4, [r0, #44]\n\t"                                                               \
        "ldr    r5, [r0, #4]\n\t"                                                                \
        "stm    sp, {r1-r5}\n\t" /* [sp] rows, [4] out_w, [8] skip, [12] out_row, [16] row output */ \
        "ldm    r0, {r0-r7}\n"                                                                   \
        "2:\n\t"                                                                                 \
        "ldr    r9, [sp, #4]\n"                                                                  \
        "1:\n\t" EB_DW_PLANE_RQ_ASM(BIAS)                                                        \
        "subs   r9, r9, #1\n\t"                                                                  \
        "beq    3f\n\t" EB_DW_PLANE_RQ_ASM(BIAS)                                                 \
        "subs   r9, r9, #1\n\t"                                                                  \
        "bne    1b\n"                                                                            \
        "3:\n\t"                                                                                 \
        "ldr    r9, [sp, #8]\n\t"                                                                \
        "add    r0, r0, r9\n\t"                                                                  \
        "ldr    r1, [sp, #16]\n\t"                                                               \
        "ldr    r9, [sp, #12]\n\t"                                                               \
        "add    r1, r1, r9\n\t"                                                                  \
        "str    r1, [sp, #16]\n\t"                                                               \
        "ldr    r9, [sp]\n\t"                                                                    \
        "subs   r9, r9, #1\n\t"                                                                  \
        "str    r9, [sp]\n\t"                                                                    \
        "bne    2b\n\t"                                                                          \
        "add    sp, sp, #24\n\t"                                                                 \
        "pop    {r4-r11, pc}\n\t");                                                              \
  }
EB_DW_PLANE_RQ_FN(eb_dw_plane_rq_asm, EB_DW_PLANE_RQ_ADD_BIAS)
EB_DW_PLANE_RQ_FN(eb_dw_plane_rq_nobias_asm, EB_DW_PLANE_RQ_NO_BIAS)
static void eb_dw_plane_rq(const eb_dw_plane_view *v, const int32_t *sums, int32_t rows, const eb_rq_channel *ch,
                           int32_t bias, int32_t zp, int8_t *out) {
  const int32_t frame[12] = {(int32_t)(uintptr_t)sums, (int32_t)(uintptr_t)out, v->out_col, bias, ch->mult,
                             (int32_t)ch->quarter, ch->r1, zp, rows, v->out_w, 4 * (v->out_w & 1), v->out_row};
  if (bias != 0) eb_dw_plane_rq_asm(frame);
  else eb_dw_plane_rq_nobias_asm(frame);
}

/* Channel values into the plane's image part, input offset added: `rows` rows of n values, a row's values
 * `step` bytes apart in the input, rows src_row bytes apart, into plane rows 64 bytes apart. The frame: [0] the
 * first value, [4] its place in the plane, [8] n, [12] step, [16] the offset in both halves, [20] rows, [24]
 * src_row. */
__attribute__((naked)) static void eb_dw_plane_fill_asm(const int32_t *frame) {
  __asm__ volatile(
      "push   {r4-r11}\n\t"
      "ldm    r0, {r0-r6}\n\t"
      "lsl    r7, r3, #1\n"
      "3:\n\t"
      "mov    r8, r0\n\t"
      "mov    r9, r1\n\t"
      "subs   r10, r2, #2\n\t"
      "blt    2f\n"
      "1:\n\t"
      "ldrsb  r11, [r8]\n\t"
      "ldrsb  r12, [r8, r3]\n\t"
      "add    r8, r8, r7\n\t"
      "pkhbt  r11, r11, r12, lsl #16\n\t"
      "sadd16 r11, r11, r4\n\t"
      "str    r11, [r9], #4\n\t"
      "subs   r10, r10, #2\n\t"
      "bge    1b\n"
      "2:\n\t"
      "adds   r10, r10, #2\n\t"
      "beq    4f\n\t"
      "ldrsb  r11, [r8]\n\t"
      "sadd16 r11, r11, r4\n\t"
      "strh   r11, [r9]\n"
      "4:\n\t"
      "add    r0, r0, r6\n\t"
      "add    r1, r1, #64\n\t"
      "subs   r5, r5, #1\n\t"
      "bne    3b\n\t"
      "pop    {r4-r11}\n\t"
      "bx     lr\n\t");
}
static void eb_dw_plane_fill_rows(const int8_t *src, int32_t step, int32_t n, int32_t rows, int32_t src_row,
                                  int32_t offset, int16_t *dst) {
  const int32_t frame[7] = {(int32_t)(uintptr_t)src, (int32_t)(uintptr_t)dst, n, step, eb_pack16x2(offset), rows,
                            src_row};
  eb_dw_plane_fill_asm(frame);
}
#else
static int32_t eb_dw_plane_sums(const eb_dw_plane_view *p, const int16_t *row, int32_t rows, const int32_t *w,
                                int32_t bias, int32_t *sums) {
  const int32_t s = p->stride_w;
  for (int32_t r = 0; r < rows; ++r, row += p->stride_h * EB_DW_PLANE_W) {
    const int16_t *x = row;
    for (int32_t j = 0; j < eb_dw_plane_pairs(p); ++j, x += 2 * s, sums += 2) {
      int32_t s0 = bias, s1 = bias;
      for (int32_t k = 0; k < 3; ++k) {
        const int16_t *v = x + k * EB_DW_PLANE_W;
        int32_t a, b, c = 0;
        memcpy(&a, v, 4);
        memcpy(&b, v + 2, 4);
        if (s == 2) memcpy(&c, v + 4, 4);
        const int32_t w01 = w[2 * k], w12 = w[2 * k + 1];
        /* SMLABT(B, w12) = lo(B) * hi(w12), and so on, with plain halfword products. */
        s0 = eb_smlad(a, w01, s0) + (int32_t)(int16_t)b * (int32_t)(int16_t)(w12 >> 16);
        if (s == 1) {
          s1 = eb_smlad(b, w12, s1) + (int32_t)(int16_t)(a >> 16) * (int32_t)(int16_t)w01;
        } else {
          s1 = eb_smlad(b, w01, s1) + (int32_t)(int16_t)c * (int32_t)(int16_t)(w12 >> 16);
        }
      }
      sums[0] = s0;
      sums[1] = s1;
    }
  }
  return 0;
}
static void eb_dw_plane_rq(const eb_dw_plane_view *v, const int32_t *sums, int32_t rows, const eb_rq_channel *ch,
                           int32_t bias, int32_t zp, int8_t *out) {
  const eb_rq_channel c = {bias, ch->mult, ch->quarter, ch->r1};
  for (int32_t r = 0; r < rows; ++r, sums += 2 * eb_dw_plane_pairs(v), out += v->out_row) {
    for (int32_t ox = 0; ox < v->out_w; ++ox) out[(size_t)ox * v->out_col] = eb_rq_out(sums[ox], &c, zp);
  }
}
static void eb_dw_plane_fill_rows(const int8_t *src, int32_t step, int32_t n, int32_t rows, int32_t src_row,
                                  int32_t offset, int16_t *dst) {
  for (int32_t y = 0; y < rows; ++y, src += src_row, dst += EB_DW_PLANE_W) {
    for (int32_t x = 0; x < n; ++x) dst[x] = (int16_t)(src[(size_t)x * step] + offset);
  }
}
#endif

/* Channel c's values of one image into the plane's image part (the rows the outputs read), input offset
 * added. */
static void eb_dw_plane_fill(const eb_dw_plane_view *v, const int8_t *in_b, int32_t c, int32_t rows, int32_t offset,
                             int16_t *plane) {
  const int32_t n = eb_min_i32(v->in_h, rows - v->pad_top);
  if (n > 0) {
    eb_dw_plane_fill_rows(in_b + c, v->src_col, v->in_w, n, v->src_row, offset,
                          plane + v->pad_top * EB_DW_PLANE_W + v->pad_left);
  }
}

void eb_depthwise_conv2d_s8_plane(const eb_conv_params *p, const int8_t *in, const int32_t *w, const int32_t *rq,
                                  void *scratch, int8_t *out) {
  const eb_rq_channel *const tbl = (const eb_rq_channel *)(const void *)rq;
  const int32_t c_n = p->in_c;
  const eb_dw_plane_view v = eb_dw_plane_view_of(p, eb_dw_plane_orientation(p));
  int16_t *const plane = (int16_t *)scratch;
  int32_t *const sums = (int32_t *)(void *)(plane + EB_DW_PLANE_VALUES);
  const int32_t rows = eb_dw_plane_rows(&v), row_sums = 2 * eb_dw_plane_pairs(&v);
  const int32_t chunk = EB_DW_PLANE_SUMS / row_sums; /* output rows per call; at least 8 (plane width 32) */
  /* Zeros where the filter reads padding; the image's part is rewritten for every channel. */
  memset(plane, 0, sizeof(int16_t) * (size_t)rows * EB_DW_PLANE_W);
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * c_n;
    int8_t *out_b = out + (size_t)b * p->out_h * p->out_w * c_n;
    for (int32_t c = 0; c < c_n; ++c) {
      eb_dw_plane_fill(&v, in_b, c, rows, -p->in_zp, plane);
      const eb_rq_channel *ch = tbl + c;
      for (int32_t oy = 0; oy < v.out_h; oy += chunk) {
        const int32_t n = eb_min_i32(chunk, v.out_h - oy);
        const int32_t left = eb_dw_plane_sums(&v, plane + oy * v.stride_h * EB_DW_PLANE_W, n, w + 6 * (size_t)c,
                                              ch->bias, sums);
        eb_dw_plane_rq(&v, sums, n, ch, left, p->out_zp, out_b + (size_t)oy * v.out_row + c);
      }
    }
  }
}
