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

/* As eb_conv2d_s8 but depthwise; out_mult/out_shift are [out_c]. The reference (eb_depthwise_conv2d_s8_ref is the
 * same function); prepare picks the faster variants below from a table (src/runtime/ops/depthwise_conv2d.cc); all
 * give identical outputs. */
void eb_depthwise_conv2d_s8(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                            const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                            int8_t *out);
void eb_depthwise_conv2d_s8_ref(const eb_conv_params *p, const int8_t *in, const int8_t *filter,
                                const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                                int8_t *out);

/* The Cortex-M DSP variants in NHWC (depthwise_conv2d_dsp.c). eb_depthwise_conv2d_s8_dsp: depth multiplier 1;
 * rq is the channels' eb_rq_channel constants (eb_rq_table: bias, out_mult and out_shift are then unused) or NULL.
 * scratch: eb_depthwise_dsp_scratch_bytes (0 bytes: NULL). eb_depthwise_conv2d_s8_dsp_m4: depth multipliers that are
 * a multiple of 4 (eb_depthwise_dsp_m4_applies). */
int32_t eb_depthwise_dsp_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_dsp(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                const int32_t *out_mult, const int32_t *out_shift, const int32_t *rq, void *scratch,
                                int8_t *out);
int eb_depthwise_dsp_m4_applies(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_dsp_m4(const eb_conv_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                   const int32_t *out_mult, const int32_t *out_shift, int8_t *out);

/* The 3x3 stride-1 path over per-channel rows (depthwise_conv2d_rows.c), for the geometries
 * eb_depthwise_rows_applies takes when every channel has eb_rq_table's constants (rq). w: 5 words per channel from
 * eb_depthwise_rows_weights. scratch: eb_depthwise_rows_scratch_bytes. */
int eb_depthwise_rows_applies(const eb_conv_params *p);
int32_t eb_depthwise_rows_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_rows_weights(const eb_conv_params *p, const int8_t *filter, int32_t *w);
void eb_depthwise_conv2d_s8_rows(const eb_conv_params *p, const int8_t *in, const int32_t *w, const int32_t *rq,
                                 void *scratch, int8_t *out);

/* The 3x3 path over one channel's 16-bit plane at a time (depthwise_conv2d_plane.c), for images whose padded plane
 * fits 32 x 32 values (eb_depthwise_plane_applies, the whole int8 clamp) when every channel has eb_rq_table's
 * constants (rq). w: 6 words per channel from eb_depthwise_plane_weights. scratch: eb_depthwise_plane_scratch_bytes. */
int eb_depthwise_plane_applies(const eb_conv_params *p);
int32_t eb_depthwise_plane_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_plane_weights(const eb_conv_params *p, const int8_t *filter, int32_t *w);
void eb_depthwise_conv2d_s8_plane(const eb_conv_params *p, const int8_t *in, const int32_t *w, const int32_t *rq,
                                  void *scratch, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
