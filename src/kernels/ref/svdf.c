/* SVDF, float32 and int8 (int16 or int8 state): TFLM's reference order of operations; see svdf.h.
 * Integer sums wrap as a 32-bit accumulator does (unsigned arithmetic keeps that defined in C). */
#include "svdf.h"

#include "quant.h"

/* In 64 bits: prepare asks before the planner has bounded the sizes (a hostile file may give huge ones). */
int64_t eb_svdf_scratch_bytes(const eb_svdf_params *p, int is_float) {
  if (is_float) return (int64_t)p->batch * p->num_filters * (int64_t)sizeof(float);
  return (int64_t)p->batch * ((int64_t)p->num_filters + p->num_units) * (int64_t)sizeof(int32_t);
}

void eb_svdf_s8_prepare(eb_svdf_params *p, float in_scale, float feature_scale, float state_scale,
                        float time_scale, float out_scale) {
  const float s1 = in_scale * feature_scale / state_scale;
  const float s2 = state_scale * time_scale / out_scale;
  eb_quantize_multiplier((double)s1, &p->mult1, &p->shift1);
  eb_quantize_multiplier((double)s2, &p->mult2, &p->shift2);
}

void eb_svdf_f32(const eb_svdf_params *p, const float *in, const float *weights_feature, const float *weights_time,
                 const float *bias, float *state, float *out, float *scratch) {
  const int32_t nf = p->num_filters, mem = p->memory_size;
  const size_t state_len = (size_t)p->batch * nf * mem;
  for (size_t i = 0; i + 1 < state_len; ++i) state[i] = state[i + 1];
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *w = weights_feature;
    for (int32_t f = 0; f < nf; ++f) {
      float dot = 0.0f;
      for (int32_t k = 0; k < p->input_size; ++k) dot += *w++ * in[(size_t)b * p->input_size + k];
      state[((size_t)b * nf + f) * mem + mem - 1] = dot;
    }
  }
  for (int32_t b = 0; b < p->batch; ++b) {
    const float *wt = weights_time;
    const float *s = state + (size_t)b * mem * nf;
    for (int32_t f = 0; f < nf; ++f) {
      float acc = 0.0f;
      for (int32_t j = 0; j < mem; ++j) acc += *wt++ * *s++;
      scratch[(size_t)b * nf + f] = acc;
    }
  }
  for (int32_t b = 0; b < p->batch; ++b) {
    for (int32_t u = 0; u < p->num_units; ++u) {
      float v = bias ? bias[u] : 0.0f;
      for (int32_t r = 0; r < p->rank; ++r) v += scratch[(size_t)b * nf + (size_t)u * p->rank + r];
      v = v < p->act_min ? p->act_min : (v > p->act_max ? p->act_max : v);
      out[(size_t)b * p->num_units + u] = v;
    }
  }
}

/* T is the state and time-weight type (int16 or int8). */
#define EB_SVDF_S8_BODY(T, TMIN, TMAX)                                                                     \
  const int32_t nf = p->num_filters, mem = p->memory_size;                                               \
  const size_t state_len = (size_t)p->batch * nf * mem;                                                  \
  int32_t *filtered = scratch, *summed = scratch + (size_t)p->batch * nf;                                \
  for (size_t i = 0; i + 1 < state_len; ++i) state[i] = state[i + 1];                                    \
  for (int32_t b = 0; b < p->batch; ++b) {                                                               \
    const int8_t *w = weights_feature;                                                                   \
    for (int32_t f = 0; f < nf; ++f) {                                                                   \
      uint32_t dot = 0;                                                                                  \
      for (int32_t k = 0; k < p->input_size; ++k) {                                                      \
        dot += (uint32_t)((int32_t)*w++ * ((int32_t)in[(size_t)b * p->input_size + k] - p->input_zp));   \
      }                                                                                                  \
      int32_t v = eb_multiply_by_quantized_multiplier((int32_t)dot, p->mult1, p->shift1);                \
      v = eb_clamp_i32(v, TMIN, TMAX);                                                                   \
      state[((size_t)b * nf + f) * mem + mem - 1] = (T)eb_add_wrap_i32(p->state_zp, v);                  \
    }                                                                                                    \
  }                                                                                                      \
  for (int32_t b = 0; b < p->batch; ++b) {                                                               \
    const T *wt = weights_time;                                                                          \
    const T *s = state + (size_t)b * mem * nf;                                                           \
    for (int32_t f = 0; f < nf; ++f) {                                                                   \
      uint32_t acc = 0;                                                                                  \
      for (int32_t j = 0; j < mem; ++j) acc += (uint32_t)((int64_t)*wt++ * ((int32_t)*s++ - p->state_zp)); \
      filtered[(size_t)b * nf + f] = (int32_t)acc;                                                       \
    }                                                                                                    \
  }                                                                                                      \
  for (int32_t b = 0; b < p->batch; ++b) {                                                               \
    for (int32_t u = 0; u < p->num_units; ++u) {                                                         \
      uint32_t v = bias ? (uint32_t)bias[u] : 0u;                                                        \
      for (int32_t r = 0; r < p->rank; ++r) v += (uint32_t)filtered[(size_t)b * nf + (size_t)u * p->rank + r]; \
      summed[(size_t)b * p->num_units + u] = (int32_t)v;                                                 \
    }                                                                                                    \
  }                                                                                                      \
  for (int32_t i = 0; i < p->batch * p->num_units; ++i) {                                                \
    const int32_t v = eb_multiply_by_quantized_multiplier(summed[i], p->mult2, p->shift2);               \
    out[i] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(v, p->output_zp), INT8_MIN, INT8_MAX);                 \
  }

void eb_svdf_s8_s16state(const eb_svdf_params *p, const int8_t *in, const int8_t *weights_feature,
                         const int16_t *weights_time, const int32_t *bias, int16_t *state, int8_t *out,
                         int32_t *scratch) {
  EB_SVDF_S8_BODY(int16_t, INT16_MIN, INT16_MAX)
}

void eb_svdf_s8_s8state(const eb_svdf_params *p, const int8_t *in, const int8_t *weights_feature,
                        const int8_t *weights_time, const int32_t *bias, int8_t *state, int8_t *out,
                        int32_t *scratch) {
  EB_SVDF_S8_BODY(int8_t, INT8_MIN, INT8_MAX)
}
