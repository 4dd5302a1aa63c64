/* DEPTHWISE_CONV_2D: NHWC input, 1HWO filter with O = in_c * depth_multiplier; dilation supported. */
#ifndef EB_DEPTHWISE_CONV2D_H
#define EB_DEPTHWISE_CONV2D_H

#include "conv2d.h"

#ifdef __cplusplus
extern "C" {
#endif

/* filter: [1][k_h][k_w][out_c]; output channel oc reads input channel oc / depth_multiplier. */
void eb_depthwise_conv2d_f32(const eb_conv_params *p, const float *in, const float *filter,
                             const float *bias, float *out);

/* As eb_conv2d_s8 but depthwise; out_mult/out_shift are [out_c]. Runs the _dsp variant on a Cortex-M DSP
 * target (arm_dsp.h), the _ref one elsewhere; both give identical outputs. */
void eb_depthwise_conv2d_s8(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                            const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                            int8_t *out);
void eb_depthwise_conv2d_s8_ref(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                                const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                int8_t *out);
void eb_depthwise_conv2d_s8_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                                const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                int8_t *out);

/* The 3x3 stride-1 depthwise path over per-channel rows (depthwise_conv2d_rows.c), which the _dsp variant
 * takes first: returns 1 when it computed the layer, 0 when the geometry, the channels' requantisation or
 * the clamp is outside what it takes (eb_depthwise_rows_applies and eb_rq_table). */
int eb_depthwise_rows_applies(const eb_conv_params *p);
int eb_depthwise_conv2d_s8_rows(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                const int32_t *out_mult, const int32_t *out_shift, int8_t *out);

/* The 3x3 path over one channel's 16-bit plane at a time (depthwise_conv2d_plane.c), for images whose
 * padded plane fits 32 x 32 values; the _dsp variant takes it before the row path. Returns 1 when it
 * computed the layer, 0 when the geometry (eb_depthwise_plane_applies), the clamp or a channel's
 * requantisation is outside what it takes. */
int eb_depthwise_plane_applies(const eb_conv_params *p);
int eb_depthwise_conv2d_s8_plane(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                 const int32_t *out_mult, const int32_t *out_shift, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
