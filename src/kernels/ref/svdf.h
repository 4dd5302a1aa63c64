/* SVDF (singular value decomposition filter, the layer of keyword-spotting models): a rank-`rank` factorised
 * filter over time. Each call shifts the state (one memory slot per filter) left by one, writes the input's
 * projection by the feature weights into the newest slot, filters the memory with the time weights, sums the
 * `rank` filters of each unit, adds the bias and applies the activation. The state is a variable tensor
 * [batch, memory_size * num_filters] that persists between calls. TFLM reference semantics, in its order. */
#ifndef EB_SVDF_H
#define EB_SVDF_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batch, input_size, num_filters, num_units, rank, memory_size;
  float act_min, act_max;             /* float32 fused activation */
  int32_t input_zp, state_zp, output_zp;
  /* int8: feature projection -> state scale (mult1, shift1); filtered state -> output scale (mult2, shift2) */
  int32_t mult1, shift1, mult2, shift2;
} eb_svdf_params;

/* Scratch: float32 batch * num_filters floats; int8 batch * (num_filters + num_units) int32. */
int64_t eb_svdf_scratch_bytes(const eb_svdf_params *p, int is_float);

/* Prepare-time: TFLM's two multipliers; the scale products are formed in float32 first, as TFLM does. */
void eb_svdf_s8_prepare(eb_svdf_params *p, float in_scale, float feature_scale, float state_scale,
                        float time_scale, float out_scale);

void eb_svdf_f32(const eb_svdf_params *p, const float *in, const float *weights_feature, const float *weights_time,
                 const float *bias, float *state, float *out, float *scratch);
/* int8 input and output, int8 feature weights, int32 bias (or NULL); time weights and state int16 ... */
void eb_svdf_s8_s16state(const eb_svdf_params *p, const int8_t *in, const int8_t *weights_feature,
                         const int16_t *weights_time, const int32_t *bias, int16_t *state, int8_t *out,
                         int32_t *scratch);
/* ... or int8. */
void eb_svdf_s8_s8state(const eb_svdf_params *p, const int8_t *in, const int8_t *weights_feature,
                        const int8_t *weights_time, const int32_t *bias, int8_t *state, int8_t *out,
                        int32_t *scratch);

#ifdef __cplusplus
}
#endif
#endif
