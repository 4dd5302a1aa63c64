/* FULLY_CONNECTED: out[b][o] = act(sum_i in[b][i] * filter[o][i] + bias[o]). */
#ifndef EB_FULLY_CONNECTED_H
#define EB_FULLY_CONNECTED_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batch;                 /* rows of the input, i.e. product of all but the last input dim */
  int32_t in_depth, out_depth;
  float act_min, act_max;        /* float32 */
  int32_t in_zp, filter_zp, out_zp;  /* int8 (filter_zp is 0 for spec-conformant models) */
  int32_t q_min, q_max;          /* int8 fused activation clamp */
  int32_t per_channel;           /* int8: 1 when out_mult/out_shift have out_depth entries, else 1 entry */
} eb_fc_params;

/* filter: [out_depth][in_depth]; bias: [out_depth] or NULL. */
void eb_fully_connected_f32(const eb_fc_params *p, const float *in, const float *filter,
                            const float *bias, float *out);

/* The reference (eb_fully_connected_s8_ref is the same function); prepare picks the faster variants below from a
 * table (src/runtime/ops/fully_connected.cc); all give identical outputs. */
void eb_fully_connected_s8(const eb_fc_params *p, const int8_t *in, const int8_t *filter,
                           const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                           int8_t *out);
void eb_fully_connected_s8_ref(const eb_fc_params *p, const int8_t *in, const int8_t *filter,
                               const int32_t *bias, const int32_t *out_mult, const int32_t *out_shift,
                               int8_t *out);
/* The Cortex-M DSP variants (fully_connected_dsp.c), for a filter zero point of 0 (eb_fully_connected_dsp_applies):
 * four rows per pass, and for layers of 16 rows and more (eb_fully_connected_dsp_wide_applies) the input widened
 * once into the scratch (eb_fully_connected_dsp_wide_scratch_bytes). */
int eb_fully_connected_dsp_applies(const eb_fc_params *p);
void eb_fully_connected_s8_dsp(const eb_fc_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                               const int32_t *out_mult, const int32_t *out_shift, int8_t *out);
int eb_fully_connected_dsp_wide_applies(const eb_fc_params *p);
int32_t eb_fully_connected_dsp_wide_scratch_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_dsp_wide(const eb_fc_params *p, const int8_t *in, const int8_t *filter, const int32_t *bias,
                                    const int32_t *out_mult, const int32_t *out_shift, void *scratch, int8_t *out);

/* FULLY_CONNECTED int8 with the filter widened to 16 bits at prepare time (fully_connected_w16.c): twice the
 * filter's bytes, for the SMLAD loop that needs no sign extension. The rows are padded to
 * eb_fc_w16_padded_rows(out_depth). eb_fc_w16_applies: the geometry it takes. eb_fc_w16_prepare fills wf (padded
 * rows * in_depth halfwords) and rq (4 words per padded row: eb_rq_channel) and returns 1, or returns 0 when the
 * layer does not take this kernel (see there). eb_fully_connected_s8_w16 runs the _dsp variant on a Cortex-M DSP
 * target and the _ref one elsewhere; both give the reference's outputs. scratch: eb_fc_w16_scratch_bytes. */
int32_t eb_fc_w16_padded_rows(int32_t out_depth);
int eb_fc_w16_applies(const eb_fc_params *p);
int32_t eb_fc_w16_scratch_bytes(const eb_fc_params *p);
int eb_fc_w16_prepare(const eb_fc_params *p, const int8_t *filter, const int32_t *bias, const int32_t *out_mult,
                      const int32_t *out_shift, int16_t *wf, int32_t *rq);
void eb_fully_connected_s8_w16(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                               void *scratch, int8_t *out);
void eb_fully_connected_s8_w16_ref(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                   void *scratch, int8_t *out);
void eb_fully_connected_s8_w16_dsp(const eb_fc_params *p, const int8_t *in, const int16_t *wf, const int32_t *rq,
                                   void *scratch, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
