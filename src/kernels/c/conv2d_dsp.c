/* CONV_2D int8 with the Cortex-M DSP instructions: bit-identical to eb_conv2d_s8's reference.
 *
 * Each output pixel computes two output channels at once. Four input channels are loaded as one word,
 * split into their even and odd bytes with the input offset added (SXTAB16), and multiplied with the two
 * filters' matching halfword pairs (SXTB16) by SMLAD, two multiply-accumulates per instruction; the input
 * pairs are shared by both filters. Channels beyond a multiple of four, and taps outside the image, are
 * handled as in the reference (skipped taps contribute nothing). Without dilation, the valid taps of one
 * filter row are contiguous in both the input and the filter and make one dot product, so narrow inputs
 * (one channel, as in keyword spotting's first layer) still use SMLAD. A 1x1 filter without padding (the
 * pointwise convolutions of MobileNets) is a matrix product: there two output pixels and two output
 * channels are computed together, so each loaded word serves two multiply-accumulates twice. Integer sums
 * do not depend on their order, so the result equals the reference exactly. */
#include "arm_dsp.h"
#include "conv2d.h"

/* acc0 += w0 . (x + offset), acc1 += w1 . (x + offset) over n channels. */
static inline void eb_dot2_s8(const int8_t *x, const int8_t *w0, const int8_t *w1, int32_t n, int32_t offset,
                              int32_t offset2, int32_t *acc0, int32_t *acc1) {
  int32_t s0 = *acc0, s1 = *acc1;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const int32_t xv = eb_load4(x + i);
    const int32_t x_even = eb_sxtab16(offset2, xv), x_odd = eb_sxtab16_ror8(offset2, xv);
    const int32_t v0 = eb_load4(w0 + i), v1 = eb_load4(w1 + i);
    s0 = eb_smlad(x_even, eb_sxtb16(v0), s0);
    s0 = eb_smlad(x_odd, eb_sxtb16_ror8(v0), s0);
    s1 = eb_smlad(x_even, eb_sxtb16(v1), s1);
    s1 = eb_smlad(x_odd, eb_sxtb16_ror8(v1), s1);
  }
  for (; i < n; ++i) {
    const int32_t xi = x[i] + offset;
    s0 += w0[i] * xi;
    s1 += w1[i] * xi;
  }
  *acc0 = s0;
  *acc1 = s1;
}

/* The taps [*begin, *end) of one dimension that fall inside [0, size) from origin `o` in steps of `dil`. */
static void eb_valid_taps(int32_t o, int32_t k, int32_t dil, int32_t size, int32_t *begin, int32_t *end) {
  int32_t b = 0, e = k;
  while (b < k && o + b * dil < 0) ++b;
  while (e > b && o + (e - 1) * dil >= size) --e;
  *begin = b;
  *end = e;
}

static inline int8_t eb_finish(int32_t acc, const int32_t *bias, int32_t oc, const int32_t *mult, const int32_t *shift,
                               const eb_conv_params *p) {
  if (bias) acc = eb_add_wrap_i32(acc, bias[oc]);
  acc = eb_add_wrap_i32(eb_requantize_inline(acc, mult[oc], shift[oc]), p->out_zp);
  return (int8_t)eb_clamp_i32(acc, p->q_min, p->q_max);
}

/* acc[2 * i + j] += w_j . (x_i + offset) over n channels, for pixels x0, x1 and filters w0, w1. */
static inline void eb_dot2x2_s8(const int8_t *x0, const int8_t *x1, const int8_t *w0, const int8_t *w1, int32_t n,
                                int32_t offset, int32_t offset2, int32_t acc[4]) {
  int32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0;
  /* Two moving pointers and two fixed distances: four moving pointers, four sums and the extended
   * operands do not fit the Cortex-M4's registers, and the spills cost more than the multiplies. */
  const ptrdiff_t dx = x1 - x0, dw = w1 - w0;
  const int8_t *xp = x0, *wp = w0;
  const int8_t *const x_end = x0 + (n & ~3);
  for (; xp < x_end; xp += 4, wp += 4) {
    const int32_t a = eb_load4(xp);
    const int32_t a_even = eb_sxtab16(offset2, a), a_odd = eb_sxtab16_ror8(offset2, a);
    const int32_t v0 = eb_load4(wp);
    const int32_t v0_even = eb_sxtb16(v0), v0_odd = eb_sxtb16_ror8(v0);
    s00 = eb_smlad(a_even, v0_even, s00);
    s00 = eb_smlad(a_odd, v0_odd, s00);
    const int32_t v1 = eb_load4(wp + dw);
    const int32_t v1_even = eb_sxtb16(v1), v1_odd = eb_sxtb16_ror8(v1);
    s01 = eb_smlad(a_even, v1_even, s01);
    s01 = eb_smlad(a_odd, v1_odd, s01);
    const int32_t b = eb_load4(xp + dx);
    const int32_t b_even = eb_sxtab16(offset2, b), b_odd = eb_sxtab16_ror8(offset2, b);
    s10 = eb_smlad(b_even, v0_even, s10);
    s10 = eb_smlad(b_odd, v0_odd, s10);
    s11 = eb_smlad(b_even, v1_even, s11);
    s11 = eb_smlad(b_odd, v1_odd, s11);
  }
  for (int32_t i = n & ~3; i < n; ++i) {
    const int32_t a = x0[i] + offset, b = x1[i] + offset;
    s00 += w0[i] * a;
    s01 += w1[i] * a;
    s10 += w0[i] * b;
    s11 += w1[i] * b;
  }
  acc[0] = s00;
  acc[1] = s01;
  acc[2] = s10;
  acc[3] = s11;
}

/* 1x1 filter, no padding: output pixel k reads input pixel (oy * stride_h, ox * stride_w). */
static void eb_conv2d_s8_dsp_1x1(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                 const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t pixels = p->batch * p->out_h * p->out_w;
  const int32_t c_in = p->in_c, c_out = p->out_c;
  for (int32_t k = 0; k < pixels; k += 2) {
    const int two_pixels = k + 1 < pixels;
    const int8_t *x[2];
    for (int j = 0; j < 2; ++j) {
      const int32_t q = two_pixels ? k + j : k;
      const int32_t ox = q % p->out_w, oy = (q / p->out_w) % p->out_h, b = q / (p->out_w * p->out_h);
      x[j] = in + (((size_t)b * p->in_h + (size_t)oy * p->stride_h) * p->in_w + (size_t)ox * p->stride_w) * c_in;
    }
    int8_t *y0 = out + (size_t)k * c_out, *y1 = y0 + c_out;
    if (!two_pixels) {
      /* The last odd pixel: four output channels per pass, like FULLY_CONNECTED. */
      int32_t oc = 0;
      for (; oc + 4 <= c_out; oc += 4) {
        int32_t acc[4];
        eb_dot4_s8(x[0], filter + (size_t)oc * c_in, c_in, c_in, offset, offset2, acc);
        for (int j = 0; j < 4; ++j) y0[oc + j] = eb_finish(acc[j], bias, oc + j, out_mult, out_shift, p);
      }
      for (; oc < c_out; ++oc) {
        int32_t acc[4];
        eb_dot2x2_s8(x[0], x[0], filter + (size_t)oc * c_in, filter + (size_t)oc * c_in, c_in, offset, offset2, acc);
        y0[oc] = eb_finish(acc[0], bias, oc, out_mult, out_shift, p);
      }
      continue;
    }
    for (int32_t oc = 0; oc < c_out; oc += 2) {
      const int two = oc + 1 < c_out;
      const int8_t *f0 = filter + (size_t)oc * c_in;
      const int8_t *f1 = two ? f0 + c_in : f0;
      int32_t acc[4];
      eb_dot2x2_s8(x[0], x[1], f0, f1, c_in, offset, offset2, acc);
      y0[oc] = eb_finish(acc[0], bias, oc, out_mult, out_shift, p);
      if (two) y0[oc + 1] = eb_finish(acc[1], bias, oc + 1, out_mult, out_shift, p);
      if (two_pixels) {
        y1[oc] = eb_finish(acc[2], bias, oc, out_mult, out_shift, p);
        if (two) y1[oc + 1] = eb_finish(acc[3], bias, oc + 1, out_mult, out_shift, p);
      }
    }
  }
}

void eb_conv2d_s8_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                      const int32_t *out_mult, const int32_t *out_shift, int8_t *out) {
  if (p->k_h == 1 && p->k_w == 1 && p->pad_top == 0 && p->pad_left == 0) {
    eb_conv2d_s8_dsp_1x1(p, in, filter, bias, out_mult, out_shift, out);
    return;
  }
  const int32_t offset = -p->in_zp, offset2 = eb_pack16x2(-p->in_zp);
  const int32_t filter_size = p->k_h * p->k_w * p->in_c;
  for (int32_t b = 0; b < p->batch; ++b) {
    const int8_t *in_b = in + (size_t)b * p->in_h * p->in_w * p->in_c;
    for (int32_t oy = 0; oy < p->out_h; ++oy) {
      const int32_t y0 = oy * p->stride_h - p->pad_top;
      int32_t ky0, ky1;
      eb_valid_taps(y0, p->k_h, p->dil_h, p->in_h, &ky0, &ky1);
      for (int32_t ox = 0; ox < p->out_w; ++ox) {
        const int32_t x0 = ox * p->stride_w - p->pad_left;
        int32_t kx0, kx1;
        eb_valid_taps(x0, p->k_w, p->dil_w, p->in_w, &kx0, &kx1);
        if (p->dil_w == 1 && kx0 == 0 && kx1 == p->k_w && ox + 1 < p->out_w &&
            x0 + p->stride_w + p->k_w <= p->in_w) {
          /* Two neighbouring output pixels that both see every tap of their rows: each filter word
           * loaded serves both pixels (2 pixels x 2 channels per pass, as in the 1x1 case). */
          const int32_t c_out = p->out_c;
          for (int32_t oc = 0; oc < c_out; oc += 2) {
            const int two = oc + 1 < c_out;
            const int8_t *f0 = filter + (size_t)oc * filter_size;
            const int8_t *f1 = two ? f0 + filter_size : f0;
            int32_t acc[4] = {0, 0, 0, 0};
            for (int32_t ky = ky0; ky < ky1; ++ky) {
              const int8_t *px = in_b + ((size_t)(y0 + ky * p->dil_h) * p->in_w + (size_t)x0) * p->in_c;
              const size_t tap = (size_t)ky * p->k_w * p->in_c;
              int32_t part[4];
              eb_dot2x2_s8(px, px + (size_t)p->stride_w * p->in_c, f0 + tap, f1 + tap, p->k_w * p->in_c, offset,
                           offset2, part);
              for (int j = 0; j < 4; ++j) acc[j] += part[j];
            }
            out[oc] = eb_finish(acc[0], bias, oc, out_mult, out_shift, p);
            if (two) out[oc + 1] = eb_finish(acc[1], bias, oc + 1, out_mult, out_shift, p);
            out[c_out + oc] = eb_finish(acc[2], bias, oc, out_mult, out_shift, p);
            if (two) out[c_out + oc + 1] = eb_finish(acc[3], bias, oc + 1, out_mult, out_shift, p);
          }
          out += 2 * c_out;
          ++ox;
          continue;
        }
        for (int32_t oc = 0; oc < p->out_c; oc += 2) {
          const int two = oc + 1 < p->out_c;
          const int8_t *f0 = filter + (size_t)oc * filter_size;
          const int8_t *f1 = two ? f0 + filter_size : f0;
          int32_t acc0 = 0, acc1 = 0;
          for (int32_t ky = ky0; ky < ky1; ++ky) {
            const int8_t *row = in_b + ((size_t)(y0 + ky * p->dil_h) * p->in_w) * p->in_c;
            if (p->dil_w == 1) {
              /* Undilated: the row's valid taps are one contiguous run in the input (NHWC) and in the
               * filter (OHWI), so they form a single dot product of (kx1 - kx0) * in_c channels. */
              const size_t tap = ((size_t)ky * p->k_w + kx0) * p->in_c;
              eb_dot2_s8(row + (size_t)(x0 + kx0) * p->in_c, f0 + tap, f1 + tap, (kx1 - kx0) * p->in_c, offset,
                         offset2, &acc0, &acc1);
              continue;
            }
            for (int32_t kx = kx0; kx < kx1; ++kx) {
              const int8_t *px = row + (size_t)(x0 + kx * p->dil_w) * p->in_c;
              const size_t tap = ((size_t)ky * p->k_w + kx) * p->in_c;
              eb_dot2_s8(px, f0 + tap, f1 + tap, p->in_c, offset, offset2, &acc0, &acc1);
            }
          }
          out[oc] = eb_finish(acc0, bias, oc, out_mult, out_shift, p);
          if (two) out[oc + 1] = eb_finish(acc1, bias, oc + 1, out_mult, out_shift, p);
        }
        out += p->out_c;
      }
    }
  }
}
