/* int8 DEPTHWISE_CONV_2D, AVX-512 (F/BW/VL/DQ): 32 channels per block, widened to int16 (vpmovsxbw), two taps
 * per vpmaddwd, requantisation by requant_avx512.h; masked byte loads and stores for partial blocks (they
 * never touch the masked-off bytes), vpermw for depth multipliers above 1. The loops are in
 * depthwise_s8_body.h. */
#include <immintrin.h>

#include "depthwise_x86.h"
#include "requant_avx512.h"

typedef __m512i dws_v;
typedef eb_rq16 dws_rq;
typedef eb_rq16v dws_rqv;
enum { DWS_L = 16, DWS_CB = 32, DWS_VB = 64, DWS_G = 2 };

static inline void dws_rq_fill(dws_rq *k, const int32_t *mult, const int32_t *shift, int32_t step, int32_t n,
                               int fast) {
  eb_rq16_fill(k, mult, shift, step, n, fast);
}
static inline dws_rqv dws_rq_load(const dws_rq *k) { return eb_rq16_load(k); }
static inline dws_v dws_rq_fast(dws_v x, const dws_rqv *k) { return eb_rq16_fast(x, k); }
static inline dws_v dws_rq_general(dws_v x, const dws_rqv *k) { return eb_rq16_general(x, k); }
static inline dws_v dws_rq_finish(dws_v r, dws_v zp, dws_v lo, dws_v hi) { return eb_rq16_finish(r, zp, lo, hi); }

static inline __mmask32 dws_mask(int32_t n) { return (__mmask32)(n >= 32 ? ~0u : (1u << n) - 1u); }
static inline dws_v dws_zero(void) { return _mm512_setzero_si512(); }
static inline dws_v dws_set16(int16_t x) { return _mm512_set1_epi16(x); }
static inline dws_v dws_set32(int32_t x) { return _mm512_set1_epi32(x); }
static inline dws_v dws_load(const void *p) { return _mm512_load_si512(p); }
static inline dws_v dws_in(const int8_t *p) { return _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)p)); }
static inline dws_v dws_in_n(const int8_t *p, int32_t n) {
  return _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(dws_mask(n), p));
}
static inline dws_v dws_in_map(const int8_t *p, int32_t n, const int16_t *map) {
  return _mm512_permutexvar_epi16(_mm512_loadu_si512(map), dws_in_n(p, n));
}
static inline dws_v dws_sub16(dws_v a, dws_v b) { return _mm512_sub_epi16(a, b); }
static inline dws_v dws_and(dws_v a, dws_v b) { return _mm512_and_si512(a, b); }
static inline dws_v dws_add32(dws_v a, dws_v b) { return _mm512_add_epi32(a, b); }
static inline dws_v dws_madd_lo(dws_v a, dws_v b, dws_v w) { return _mm512_madd_epi16(_mm512_unpacklo_epi16(a, b), w); }
static inline dws_v dws_madd_hi(dws_v a, dws_v b, dws_v w) { return _mm512_madd_epi16(_mm512_unpackhi_epi16(a, b), w); }
static inline void dws_store(int8_t *o, dws_v r0, dws_v r1, int32_t n) {
  const __m256i b = _mm512_cvtepi16_epi8(_mm512_packs_epi32(r0, r1));
  if (n == DWS_CB) {
    _mm256_storeu_si256((__m256i *)o, b);
  } else {
    _mm256_mask_storeu_epi8(o, dws_mask(n), b);
  }
}

#include "depthwise_s8_body.h"

int eb_depthwise_conv2d_s8_direct_avx512_applies(const eb_conv_params *p) { return p->depth_multiplier >= 1; }

size_t eb_depthwise_conv2d_s8_direct_avx512_packed_bytes(const eb_conv_params *p) { return dws_packed_bytes(p); }

void eb_depthwise_conv2d_s8_direct_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                               const int32_t *mult, const int32_t *shift, void *packed) {
  dws_pack(p, (const int8_t *)filter, (const int32_t *)bias, mult, shift, packed);
}

int32_t eb_depthwise_conv2d_s8_direct_avx512_tasks(const eb_conv_params *p) { return dws_tasks(p); }

size_t eb_depthwise_conv2d_s8_direct_avx512_scratch_bytes(const eb_conv_params *p) {
  (void)p;
  return 0;
}

void eb_depthwise_conv2d_s8_direct_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                              void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  dws_run(p, (const int8_t *)in, packed, (int8_t *)out, task_begin, task_end);
}
