/* TRANSPOSE_CONV: NHWC input, OHWI filter, optional per-output-channel bias; the gradient of CONV_2D with
 * respect to its input, i.e. each input pixel scatters filter * value over a k_h x k_w window of the output
 * whose corner is (y * stride_h - pad_top, x * stride_w - pad_left). */
#ifndef EB_TRANSPOSE_CONV_H
#define EB_TRANSPOSE_CONV_H

#include "eb_common.h"
#include "quant.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Padding is explicit: prepare computes it from the output's size as TFLM does (SAME: half of the total a
 * convolution of the output would pad, rounded down; VALID: none). Output taps outside the image are dropped. */
typedef struct {
  int32_t batch;
  int32_t in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w;
  int32_t pad_top, pad_left;
  float act_min, act_max;  /* float32: fused activation clamp */
  int32_t in_zp, out_zp;   /* int8: zero points (int16: both 0, unused) */
  int32_t q_min, q_max;    /* int8, int16: the clamp in the output's quantised domain */
} eb_transpose_conv_params;

/* filter: [out_c][k_h][k_w][in_c]; bias: [out_c] or NULL. The sums run over the contributing input pixels in
 * TFLM's scatter order (input row, column, channel), so float rounding is TFLM's. */
void eb_transpose_conv_f32(const eb_transpose_conv_params *p, const float *in, const float *filter, const float *bias,
                           float *out);

/* int8: TFLM's reference_integer_ops::TransposeConv: int32 sums of filter * (input - in_zp) (wrapping), plus the
 * int32 bias, requantised per channel (out_mult/out_shift [out_c]), plus out_zp, clamped to [q_min, q_max]. */
void eb_transpose_conv_s8(const eb_transpose_conv_params *p, const int8_t *in, const int8_t *filter,
                          const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift, int8_t *out);

/* The input rows [*first, *last] that reach output row (or column) o: those whose filter tap o + pad - i * stride
 * lies in [0, k); empty when *first > *last. */
static inline void eb_transpose_conv_window(int32_t o, int32_t pad, int32_t k, int32_t stride, int32_t in_size,
                                            int32_t *first, int32_t *last) {
  const int32_t top = o + pad - k + 1;
  *first = top > 0 ? (top + stride - 1) / stride : 0;
  *last = eb_min_i32(in_size - 1, (o + pad) / stride);
}

#ifdef __cplusplus
}
#endif
#endif
