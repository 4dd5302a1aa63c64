/* float32 DEPTHWISE_CONV_2D, AVX-512: 16 channels per vector, masked loads and stores for partial blocks
 * (they never touch the masked-off floats), vpermps for depth multipliers above 1. The loops are in
 * depthwise_f32_body.h. */
#include <immintrin.h>

#include "depthwise_x86.h"

typedef __m512 dwf_v;
enum { DWF_VW = 16, DWF_G = 6 };

static inline __mmask16 dwf_mask(int32_t n) { return (__mmask16)((1u << n) - 1u); }
static inline dwf_v dwf_zero(void) { return _mm512_setzero_ps(); }
static inline dwf_v dwf_set1(float x) { return _mm512_set1_ps(x); }
static inline dwf_v dwf_load(const float *p) { return _mm512_load_ps(p); }
static inline dwf_v dwf_loadu(const float *p) { return _mm512_loadu_ps(p); }
static inline dwf_v dwf_load_n(const float *p, int32_t n) { return _mm512_maskz_loadu_ps(dwf_mask(n), p); }
static inline dwf_v dwf_expand(const float *p, int32_t n, const int32_t *map) {
  return _mm512_permutexvar_ps(_mm512_load_si512(map), dwf_load_n(p, n));
}
static inline dwf_v dwf_fma(dwf_v a, dwf_v b, dwf_v c) { return _mm512_fmadd_ps(a, b, c); }
static inline dwf_v dwf_clamp(dwf_v v, dwf_v lo, dwf_v hi) { return _mm512_min_ps(_mm512_max_ps(v, lo), hi); }
static inline void dwf_storeu(float *p, dwf_v v) { _mm512_storeu_ps(p, v); }
static inline void dwf_store_n(float *p, dwf_v v, int32_t n) { _mm512_mask_storeu_ps(p, dwf_mask(n), v); }

#include "depthwise_f32_body.h"

int eb_depthwise_conv2d_f32_direct_avx512_applies(const eb_conv_params *p) { return p->depth_multiplier >= 1; }

size_t eb_depthwise_conv2d_f32_direct_avx512_packed_bytes(const eb_conv_params *p) { return dwf_packed_bytes(p); }

void eb_depthwise_conv2d_f32_direct_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                                const int32_t *mult, const int32_t *shift, void *packed) {
  (void)mult;
  (void)shift;
  dwf_pack(p, (const float *)filter, (const float *)bias, packed);
}

int32_t eb_depthwise_conv2d_f32_direct_avx512_tasks(const eb_conv_params *p) { return dwf_tasks(p); }

size_t eb_depthwise_conv2d_f32_direct_avx512_scratch_bytes(const eb_conv_params *p) {
  (void)p;
  return 0;
}

void eb_depthwise_conv2d_f32_direct_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                               void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  dwf_run(p, (const float *)in, packed, (float *)out, task_begin, task_end);
}
