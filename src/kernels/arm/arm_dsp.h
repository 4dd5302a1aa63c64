/* The Cortex-M DSP instructions the fast int8 kernels use (SXTB16, SXTAB16, SMLAD, SMLABB, SMLATT), as
 * inline functions: ACLE intrinsics where the compiler targets them (__ARM_FEATURE_DSP, e.g. -mcpu=cortex-m4),
 * and exact portable C elsewhere, so the same kernels also build and are tested on the host.
 *
 * EB_USE_ARM_DSP is 1 when the public kernels (eb_conv2d_s8, ...) should take their DSP variants: on a DSP
 * target unless EB_NO_DSP is defined. On the host it is 0 and the public kernels are the reference.
 *
 * A word holds four int8 values b0..b3 (b0 at the lowest address). The "even" halfword pair is (b0, b2),
 * the "odd" one (b1, b3), each sign-extended to 16 bits. */
#ifndef EB_ARM_DSP_H
#define EB_ARM_DSP_H

#include <string.h>

#include "eb_common.h"
#include "quant.h"

#if defined(__ARM_FEATURE_DSP) && !defined(EB_NO_DSP)
#define EB_USE_ARM_DSP 1
#include <arm_acle.h>
#else
#define EB_USE_ARM_DSP 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Four bytes from any address (an unaligned LDR on Cortex-M4). */
static inline int32_t eb_load4(const int8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

/* Two copies of v in the halfwords of a word. */
static inline int32_t eb_pack16x2(int32_t v) {
  return (int32_t)(((uint32_t)(uint16_t)v << 16) | (uint16_t)v);
}

#if EB_USE_ARM_DSP

static inline int32_t eb_sxtb16(int32_t x) { return __sxtb16(x); }
static inline int32_t eb_sxtb16_ror8(int32_t x) {
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
/* acc's halfwords plus the even (odd) bytes of x. */
static inline int32_t eb_sxtab16(int32_t acc, int32_t x) { return __sxtab16(acc, x); }
static inline int32_t eb_sxtab16_ror8(int32_t acc, int32_t x) {
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(acc), "r"(x));
  return r;
}
/* acc + lo(a) * lo(b) + hi(a) * hi(b). */
static inline int32_t eb_smlad(int32_t a, int32_t b, int32_t acc) { return __smlad(a, b, acc); }
/* acc + lo(a) * lo(b);  acc + hi(a) * hi(b);  acc + hi(a) * lo(b). */
static inline int32_t eb_smlabb(int32_t a, int32_t b, int32_t acc) { return __smlabb(a, b, acc); }
static inline int32_t eb_smlatt(int32_t a, int32_t b, int32_t acc) { return __smlatt(a, b, acc); }
static inline int32_t eb_smlatb(int32_t a, int32_t b, int32_t acc) { return __smlatb(a, b, acc); }
/* Halfword-wise a + b and a - b (each lane wraps modulo 2^16). */
static inline int32_t eb_sadd16(int32_t a, int32_t b) { return __sadd16(a, b); }
static inline int32_t eb_ssub16(int32_t a, int32_t b) { return __ssub16(a, b); }

#else

static inline int32_t eb_lo16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x & 0xFFFFu); }
static inline int32_t eb_hi16(int32_t x) { return (int16_t)(uint16_t)((uint32_t)x >> 16); }
static inline int32_t eb_byte(int32_t x, int k) { return (int8_t)(uint8_t)((uint32_t)x >> (8 * k)); }
static inline int32_t eb_halves(int32_t lo, int32_t hi) {
  return (int32_t)(((uint32_t)(uint16_t)hi << 16) | (uint16_t)lo);
}
static inline int32_t eb_sxtb16(int32_t x) { return eb_halves(eb_byte(x, 0), eb_byte(x, 2)); }
static inline int32_t eb_sxtb16_ror8(int32_t x) { return eb_halves(eb_byte(x, 1), eb_byte(x, 3)); }
static inline int32_t eb_sxtab16(int32_t acc, int32_t x) {
  return eb_halves(eb_lo16(acc) + eb_byte(x, 0), eb_hi16(acc) + eb_byte(x, 2));
}
static inline int32_t eb_sxtab16_ror8(int32_t acc, int32_t x) {
  return eb_halves(eb_lo16(acc) + eb_byte(x, 1), eb_hi16(acc) + eb_byte(x, 3));
}
/* The sums wrap modulo 2^32 as the instructions do. */
static inline int32_t eb_smlad(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(eb_lo16(a) * eb_lo16(b)) + (uint32_t)(eb_hi16(a) * eb_hi16(b)));
}
static inline int32_t eb_smlabb(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(eb_lo16(a) * eb_lo16(b)));
}
static inline int32_t eb_smlatt(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(eb_hi16(a) * eb_hi16(b)));
}
static inline int32_t eb_smlatb(int32_t a, int32_t b, int32_t acc) {
  return (int32_t)((uint32_t)acc + (uint32_t)(eb_hi16(a) * eb_lo16(b)));
}
static inline int32_t eb_sadd16(int32_t a, int32_t b) { return eb_halves(eb_lo16(a) + eb_lo16(b), eb_hi16(a) + eb_hi16(b)); }
static inline int32_t eb_ssub16(int32_t a, int32_t b) { return eb_halves(eb_lo16(a) - eb_lo16(b), eb_hi16(a) - eb_hi16(b)); }

#endif

/* Widens n groups of four int8 values into pairs of int16 with `offset2` (the offset in both halves) added:
 * xw[2g] = (x0, x2) and xw[2g + 1] = (x1, x3) of group g, what SXTB16 and SXTB16 ROR 8 make of a filter word. */
static inline void eb_widen_groups(const int8_t *x, int32_t groups, int32_t offset2, int32_t *xw) {
  for (int32_t g = 0; g < groups; ++g) {
    const int32_t v = eb_load4(x + 4 * g);
    xw[2 * g] = eb_sxtab16(offset2, v);
    xw[2 * g + 1] = eb_sxtab16_ror8(offset2, v);
  }
}

/* One output channel's requantisation constants, gathered for the assembly loops that requantise their
 * sums in registers (one LDM per channel): the bias (0 without one), the multiplier and eb_requantize_fast's
 * quarter and r1. */
typedef struct {
  int32_t bias, mult;
  uint32_t quarter;
  int32_t r1;
} eb_rq_channel;

/* Fills tbl[0..n) and returns 1 when the fused assembly path applies: every channel takes the fast
 * requantisation and the clamp is the whole int8 range (what SSAT #8 gives). Prepare builds a layer's table
 * once; the kernels that take one read it instead of the bias, multipliers and shifts. */
static inline int eb_rq_table(const int32_t *bias, const int32_t *mult, const int32_t *shift, int32_t n, int32_t q_min,
                              int32_t q_max, eb_rq_channel *tbl) {
  if (q_min != -128 || q_max != 127) return 0;
  for (int32_t c = 0; c < n; ++c) {
    if (mult[c] == 0) {
      /* A dead channel (all-zero weights) requantises every sum to 0: quarter 1 and r1 1 give
       * (1 + (x >> 31)) >> 1 = 0 whatever the sum's sign. */
      tbl[c].bias = 0;
      tbl[c].mult = 0;
      tbl[c].quarter = 1;
      tbl[c].r1 = 1;
      continue;
    }
    if (!eb_requantize_is_fast(mult[c], shift[c])) return 0;
    tbl[c].bias = bias ? bias[c] : 0;
    tbl[c].mult = mult[c];
    tbl[c].quarter = 1u << (-shift[c] - 2);
    tbl[c].r1 = -shift[c] - 1;
  }
  return 1;
}

/* What the fused loops compute for one sum: requantised with its channel's constants, offset by the output
 * zero point, saturated to int8. */
static inline int8_t eb_rq_out(int32_t acc, const eb_rq_channel *ch, int32_t zp) {
  const int32_t v = eb_requantize_fast(eb_add_wrap_i32(acc, ch->bias), ch->mult, ch->quarter, ch->r1);
  return (int8_t)eb_clamp_i32(eb_add_wrap_i32(v, zp), -128, 127);
}

/* Largest r1 with which eb_rq_fold folds the output zero point into the quarter: |zp << r1| <= 2^29, and the
 * high word of the product stays below 2^30 in magnitude, so the sum cannot overflow. */
enum { EB_RQ_FOLD_MAX_R1 = 22 };

/* One channel's constants for the loops whose sums start from the bias and whose requantisation adds the
 * output zero point through the quarter ((hi + (zp << r1)) >> r1 = (hi >> r1) + zp exactly): *b = the bias,
 * mqs = {multiplier, quarter + (zp << r1), r1}. A dead channel (multiplier 0) gets {0, 1 + (zp << 1), 1},
 * which gives zp. Returns 0 where eb_rq_table would, or when r1 is over EB_RQ_FOLD_MAX_R1. */
static inline int eb_rq_fold(const int32_t *bias, int32_t mult, int32_t shift, int32_t q_min, int32_t q_max, int32_t zp,
                             int32_t *b, int32_t *mqs) {
  eb_rq_channel ch;
  if (!eb_rq_table(bias, &mult, &shift, 1, q_min, q_max, &ch) || ch.r1 > EB_RQ_FOLD_MAX_R1) return 0;
  *b = ch.bias;
  mqs[0] = ch.mult;
  mqs[1] = (int32_t)(ch.quarter + ((uint32_t)zp << ch.r1));
  mqs[2] = ch.r1;
  return 1;
}

/* What the fused loops make of a sum (bias included) with eb_rq_fold's constants. */
static inline int8_t eb_rq_fold_out(int32_t acc, const int32_t *mqs) {
  return (int8_t)eb_clamp_i32(eb_requantize_fast(acc, mqs[0], (uint32_t)mqs[1], mqs[2]), -128, 127);
}

/* The requantisation of the sum in ACC in assembly, every fused loop's: the 64-bit constant starts as the
 * quarter Q plus the sum's sign (x >> 31) in HI and 2^30 with the sum's sign bit in LO, SMLAL adds
 * ACC * M, and HI is shifted right by R (r1). HI may be Q's register. */
#define EB_RQ_CORE_ASM(ACC, M, Q, R, LO, HI) \
  "and    " LO ", " ACC ", #0x80000000\n\t"  \
  "orr    " LO ", " LO ", #0x40000000\n\t"   \
  "add    " HI ", " Q ", " ACC ", asr #31\n\t" \
  "smlal  " LO ", " HI ", " ACC ", " M "\n\t" \
  "asr    " HI ", " HI ", " R "\n\t"
/* EB_RQ_CORE_ASM, plus the zero point in ZP, saturated to int8 and stored at ADDR (eb_rq_out's assembly). */
#define EB_RQ_ZP_ASM(ACC, M, Q, R, ZP, LO, HI, ADDR) \
  EB_RQ_CORE_ASM(ACC, M, Q, R, LO, HI)               \
  "add    " HI ", " HI ", " ZP "\n\t"               \
  "ssat   " HI ", #8, " HI "\n\t"                   \
  "strb   " HI ", " ADDR "\n\t"
/* The assembly of eb_rq_fold_out for the sum in ACC with the constants in M (multiplier), Q (folded quarter)
 * and R (r1), stored at ADDR; LO and HI are scratch. */
#define EB_RQ_FOLD_ASM(ACC, M, Q, R, LO, HI, ADDR) \
  EB_RQ_CORE_ASM(ACC, M, Q, R, LO, HI)             \
  "ssat   " HI ", #8, " HI "\n\t"                 \
  "strb   " HI ", " ADDR "\n\t"

/* The assembly for eb_rq_out of the sum in register ACC, with the channel's constants at r12 (moved on by
 * one channel), the zero point in r9 and the output at lr (moved on by one byte); r0, S (r1 or r3), r10
 * and r11 are scratch. */
#define EB_RQ_ASM(ACC, S)                                                      \
  "ldm    r12!, {r0, " S ", r10, r11}\n\t" /* bias, multiplier, quarter, r1 */ \
  "add    " ACC ", " ACC ", r0\n\t"                                           \
  EB_RQ_ZP_ASM(ACC, S, "r10", "r11", "r9", "r0", "r10", "[lr], #1")

/* EB_RQ_ASM for one channel's two sums, A (pixel 0, stored at lr) and B (pixel 1, stored STRIDE bytes
 * further on, STRIDE a register), with the channel's constants loaded once; lr does not move. r0, r3,
 * r10, r11 and HI are scratch. */
#define EB_RQ2_ASM(A, B, HI, STRIDE)                                        \
  "ldm    r12!, {r0, r3, r10, r11}\n\t" /* bias, multiplier, quarter, r1 */ \
  "add    " A ", " A ", r0\n\t"                                             \
  "add    " B ", " B ", r0\n\t"                                             \
  EB_RQ_ZP_ASM(A, "r3", "r10", "r11", "r9", "r0", HI, "[lr]")                \
  EB_RQ_ZP_ASM(B, "r3", "r10", "r11", "r9", "r0", "r10", "[lr, " STRIDE "]")

/* acc[j] = w_j . (x + offset) over n inputs for the four rows w, w + stride, w + 2 stride, w + 3 stride:
 * each input word, extended once, feeds eight multiply-accumulates. One moving filter pointer with fixed
 * row distances keeps the loop within the Cortex-M4's registers. */
static inline void eb_dot4_s8(const int8_t *x, const int8_t *w, int32_t stride, int32_t n, int32_t offset,
                              int32_t offset2, int32_t acc[4]) {
  int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const int8_t *const x_end = x + (n & ~3);
  const int8_t *xp = x, *wp = w;
  for (; xp < x_end; xp += 4, wp += 4) {
    const int32_t xv = eb_load4(xp);
    const int32_t x_even = eb_sxtab16(offset2, xv), x_odd = eb_sxtab16_ror8(offset2, xv);
    int32_t v = eb_load4(wp);
    s0 = eb_smlad(x_even, eb_sxtb16(v), s0);
    s0 = eb_smlad(x_odd, eb_sxtb16_ror8(v), s0);
    v = eb_load4(wp + stride);
    s1 = eb_smlad(x_even, eb_sxtb16(v), s1);
    s1 = eb_smlad(x_odd, eb_sxtb16_ror8(v), s1);
    v = eb_load4(wp + 2 * stride);
    s2 = eb_smlad(x_even, eb_sxtb16(v), s2);
    s2 = eb_smlad(x_odd, eb_sxtb16_ror8(v), s2);
    v = eb_load4(wp + 3 * stride);
    s3 = eb_smlad(x_even, eb_sxtb16(v), s3);
    s3 = eb_smlad(x_odd, eb_sxtb16_ror8(v), s3);
  }
  for (int32_t i = n & ~3; i < n; ++i) {
    const int32_t xi = x[i] + offset;
    s0 += w[i] * xi;
    s1 += w[stride + i] * xi;
    s2 += w[2 * stride + i] * xi;
    s3 += w[3 * stride + i] * xi;
  }
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
}

#ifdef __cplusplus
}
#endif
#endif
