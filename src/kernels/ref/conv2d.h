/* CONV_2D: NHWC input, OHWI filter, optional per-output-channel bias. */
#ifndef EB_CONV2D_H
#define EB_CONV2D_H

#include "eb_common.h"
#include "quant.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Geometry and arithmetic parameters shared by CONV_2D and DEPTHWISE_CONV_2D.
 * Padding is explicit (prepare turns SAME/VALID into pad_top/pad_left); input taps that fall outside
 * the image are skipped, which for int8 equals padding with the input zero point. */
typedef struct {
  int32_t batch;
  int32_t in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t k_h, k_w;
  int32_t stride_h, stride_w;
  int32_t dil_h, dil_w;
  int32_t pad_top, pad_left;
  int32_t depth_multiplier;     /* depthwise only: out_c == in_c * depth_multiplier */
  float act_min, act_max;       /* float32: fused activation clamp */
  int32_t in_zp, out_zp;        /* int8: zero points of input and output (filter zero point is 0) */
  int32_t q_min, q_max;         /* int8: fused activation clamp in the output's quantised domain */
} eb_conv_params;

/* The int8 output of channel c of a CONV_2D or DEPTHWISE_CONV_2D from its sum: bias (when there is one),
 * the channel's requantisation, the output zero point, the fused activation's clamp. */
static inline int8_t eb_conv_finish(int32_t acc, const int32_t *bias, int32_t c, const int32_t *mult,
                                    const int32_t *shift, const eb_conv_params *p) {
  if (bias) acc = eb_add_wrap_i32(acc, bias[c]);
  return eb_requantize_s8(acc, mult[c], shift[c], p->out_zp, p->q_min, p->q_max);
}

/* filter: [out_c][k_h][k_w][in_c]; bias: [out_c] or NULL. */
void eb_conv2d_f32(const eb_conv_params *p, const float *in, const float *filter, const float *bias,
                   float *out);

/* filter: int8 [out_c][k_h][k_w][in_c], symmetric; bias: int32 [out_c] or NULL;
 * out_mult/out_shift: [out_c] per-channel requantisation of in_scale * filter_scale[c] / out_scale.
 * The reference (TFLM's ConvPerChannel arithmetic); eb_conv2d_s8_ref is the same function. Prepare picks
 * the faster variants below from a table (src/runtime/ops/conv2d.cc); all give identical outputs. */
void eb_conv2d_s8(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                  const int32_t *out_mult, const int32_t *out_shift, int8_t *out);
void eb_conv2d_s8_ref(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                      const int32_t *out_mult, const int32_t *out_shift, int8_t *out);

/* The Cortex-M DSP variant over pixel-pair patches (conv2d_dsp.c), for filters of up to 1536 taps
 * (eb_conv2d_dsp_applies). It reads the filter padded to eb_conv2d_dsp_taps taps (a multiple of four) by
 * eb_conv2d_s8_dsp_filter (out_c * taps bytes), and either rq, the channels' eb_rq_channel constants (4 words a
 * channel, from eb_rq_table; bias, out_mult and out_shift are then unused) or, when rq is NULL, the bias and
 * requantisation. scratch: eb_conv2d_dsp_scratch_bytes. */
int eb_conv2d_dsp_applies(const eb_conv_params *p);
int32_t eb_conv2d_dsp_taps(const eb_conv_params *p);
int32_t eb_conv2d_dsp_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_s8_dsp_filter(const eb_conv_params *p, const int8_t *filter, int8_t *fpad);
void eb_conv2d_s8_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                      const int32_t *out_mult, const int32_t *out_shift, const int32_t *rq, void *scratch,
                      int8_t *out);
/* A filter that covers the whole image (eb_conv2d_image_applies: a fully connected layer written as a
 * convolution), four channels at a time with the DSP instructions (conv2d_dsp.c). */
int eb_conv2d_image_applies(const eb_conv_params *p);
void eb_conv2d_s8_image_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                            const int32_t *out_mult, const int32_t *out_shift, int8_t *out);

/* 3x3 stride-1 convolutions by Winograd F(2x2, 3x3) (conv2d_wino.c), exact like the reference.
 * eb_conv2d_wino_applies: the geometry it takes (3x3, stride 1, no dilation, input channels a multiple of 8
 * up to 64, an even number of output channels, outputs at least 2x2). eb_conv2d_s8_wino_filter: the
 * prepare-time transform of an int8 filter into u (eb_conv2d_wino_filter_len int16 values), which
 * eb_conv2d_s8_wino reads instead of the filter; rq as for eb_conv2d_s8_dsp (or NULL: bias, out_mult and
 * out_shift). scratch: eb_conv2d_wino_scratch_bytes. */
int eb_conv2d_wino_applies(const eb_conv_params *p);
int32_t eb_conv2d_wino_filter_len(const eb_conv_params *p);
int32_t eb_conv2d_wino_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_s8_wino_filter(const eb_conv_params *p, const int8_t *filter, int16_t *u);
void eb_conv2d_s8_wino(const eb_conv_params *p, const int8_t *in, const int16_t *u, const int32_t *bias,
                       const int32_t *out_mult, const int32_t *out_shift, const int32_t *rq, void *scratch,
                       int8_t *out);

/* Pointwise convolutions (1x1, stride 1, unpadded, input channels a multiple of 8 up to 512, an even number of
 * output channels; conv2d_pw.c) with the filter interleaved by eb_conv2d_s8_pw_filter at prepare time
 * (out_c * in_c bytes, [channel pair][group of four inputs][two filter words]), which eb_conv2d_s8_pw reads
 * instead of the filter, and the channels' eb_rq_channel constants rq (every channel must have them).
 * scratch: eb_conv2d_pw_scratch_bytes. */
int eb_conv2d_pw_applies(const eb_conv_params *p);
int32_t eb_conv2d_pw_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_s8_pw_filter(const eb_conv_params *p, const int8_t *filter, int8_t *fp);
void eb_conv2d_s8_pw(const eb_conv_params *p, const int8_t *in, const int8_t *fp, const int32_t *rq, void *scratch,
                     int8_t *out);
/* The same sums in C and the SMLAD variant; eb_conv2d_s8_pw takes the latter on a DSP target. */
void eb_conv2d_s8_pw_ref(const eb_conv_params *p, const int8_t *in, const int8_t *fp, const int32_t *rq, void *scratch,
                         int8_t *out);
void eb_conv2d_s8_pw_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *fp, const int32_t *rq, void *scratch,
                         int8_t *out);

/* Convolutions with the filter widened to 16 bits at prepare time (conv2d_w16.c): twice the filter's bytes, for an
 * SMLAD loop over three pixels and two channels; up to 256 taps (in_c for pointwise layers, else k_h * k_w * in_c)
 * and 256 output channels, an even number (eb_conv2d_pw16_applies, eb_conv2d_g16_applies: the geometry).
 * eb_conv2d_pw16_prepare (pointwise layers) and eb_conv2d_g16_prepare (any other) fill wf
 * (eb_conv2d_w16_filter_len halfwords) and rq (4 words per output channel, then 2 words of padding the caller
 * zeroes) and return 1, or return 0 when the layer does not take the kernel (its geometry, or a channel without
 * the usual requantisation). eb_conv2d_s8_pw16 and eb_conv2d_s8_g16 run the SMLAD loop on a Cortex-M DSP target and
 * the portable arithmetic elsewhere (the _ref variants); all give the reference's outputs. scratch:
 * eb_conv2d_pw16_scratch_bytes / eb_conv2d_g16_scratch_bytes. */
int eb_conv2d_pw16_applies(const eb_conv_params *p);
int eb_conv2d_g16_applies(const eb_conv_params *p);
int32_t eb_conv2d_w16_filter_len(const eb_conv_params *p);
int32_t eb_conv2d_pw16_scratch_bytes(const eb_conv_params *p);
int32_t eb_conv2d_g16_scratch_bytes(const eb_conv_params *p);
int eb_conv2d_pw16_prepare(const eb_conv_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                           const int32_t *out_shift, int16_t *wf, int32_t *rq);
int eb_conv2d_g16_prepare(const eb_conv_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                          const int32_t *out_shift, int16_t *wf, int32_t *rq);
void eb_conv2d_s8_pw16(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq, void *scratch,
                       int8_t *out);
void eb_conv2d_s8_pw16_ref(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                           void *scratch, int8_t *out);
void eb_conv2d_s8_g16(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq, void *scratch,
                      int8_t *out);
void eb_conv2d_s8_g16_ref(const eb_conv_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                          void *scratch, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
