/* int8 DEPTHWISE_CONV_2D, AVX2: 16 channels per block, widened to int16 (vpmovsxbw), two taps per vpmaddwd,
 * requantisation by requant_avx2.h; a partial block's bytes go through a 16-byte copy (AVX2 has no byte
 * masks), depth multipliers above 1 spread input bytes with pshufb. The loops are in depthwise_s8_body.h. */
#include <immintrin.h>
#include <string.h>

#include "depthwise_x86.h"
#include "requant_avx2.h"

typedef __m256i dws_v;
typedef eb_rq8 dws_rq;
typedef eb_rq8v dws_rqv;
enum { DWS_L = 8, DWS_CB = 16, DWS_VB = 32, DWS_G = 2 };

static inline void dws_rq_fill(dws_rq *k, const int32_t *mult, const int32_t *shift, int32_t step, int32_t n,
                               int fast) {
  eb_rq8_fill(k, mult, shift, step, n, fast);
}
static inline dws_rqv dws_rq_load(const dws_rq *k) { return eb_rq8_load(k); }
static inline dws_v dws_rq_fast(dws_v x, const dws_rqv *k) { return eb_rq8_fast(x, k); }
static inline dws_v dws_rq_general(dws_v x, const dws_rqv *k) { return eb_rq8_general(x, k); }
static inline dws_v dws_rq_finish(dws_v r, dws_v zp, dws_v lo, dws_v hi) { return eb_rq8_finish(r, zp, lo, hi); }

static inline __m128i dws_bytes_n(const int8_t *p, int32_t n) {
  /* Eight channels (VWW's first layers) in one load; other partial blocks through a copy. */
  if (n == 8) return _mm_loadl_epi64((const __m128i *)p);
  int8_t tmp[16] = {0};
  memcpy(tmp, p, (size_t)n);
  return _mm_loadu_si128((const __m128i *)tmp);
}
static inline dws_v dws_zero(void) { return _mm256_setzero_si256(); }
static inline dws_v dws_set16(int16_t x) { return _mm256_set1_epi16(x); }
static inline dws_v dws_set32(int32_t x) { return _mm256_set1_epi32(x); }
static inline dws_v dws_load(const void *p) { return _mm256_load_si256((const __m256i *)p); }
static inline dws_v dws_in(const int8_t *p) { return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)p)); }
static inline dws_v dws_in_n(const int8_t *p, int32_t n) { return _mm256_cvtepi8_epi16(dws_bytes_n(p, n)); }
static inline dws_v dws_in_map(const int8_t *p, int32_t n, const int16_t *map) {
  const __m128i idx = _mm_packs_epi16(_mm_loadu_si128((const __m128i *)map), _mm_loadu_si128((const __m128i *)map + 1));
  return _mm256_cvtepi8_epi16(_mm_shuffle_epi8(dws_bytes_n(p, n), idx));
}
static inline dws_v dws_sub16(dws_v a, dws_v b) { return _mm256_sub_epi16(a, b); }
static inline dws_v dws_and(dws_v a, dws_v b) { return _mm256_and_si256(a, b); }
static inline dws_v dws_add32(dws_v a, dws_v b) { return _mm256_add_epi32(a, b); }
static inline dws_v dws_madd_lo(dws_v a, dws_v b, dws_v w) { return _mm256_madd_epi16(_mm256_unpacklo_epi16(a, b), w); }
static inline dws_v dws_madd_hi(dws_v a, dws_v b, dws_v w) { return _mm256_madd_epi16(_mm256_unpackhi_epi16(a, b), w); }
static inline void dws_store(int8_t *o, dws_v r0, dws_v r1, int32_t n) {
  const __m256i w = _mm256_packs_epi32(r0, r1);
  const __m128i b = _mm_packs_epi16(_mm256_castsi256_si128(w), _mm256_extracti128_si256(w, 1));
  if (n == DWS_CB) {
    _mm_storeu_si128((__m128i *)o, b);
  } else if (n == 8) {
    _mm_storel_epi64((__m128i *)o, b);
  } else {
    int8_t tmp[16];
    _mm_storeu_si128((__m128i *)tmp, b);
    memcpy(o, tmp, (size_t)n);
  }
}

#include "depthwise_s8_body.h"

int eb_depthwise_conv2d_s8_direct_avx2_applies(const eb_conv_params *p) { return p->depth_multiplier >= 1; }

size_t eb_depthwise_conv2d_s8_direct_avx2_packed_bytes(const eb_conv_params *p) { return dws_packed_bytes(p); }

void eb_depthwise_conv2d_s8_direct_avx2_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                             const int32_t *mult, const int32_t *shift, void *packed) {
  dws_pack(p, (const int8_t *)filter, (const int32_t *)bias, mult, shift, packed);
}

int32_t eb_depthwise_conv2d_s8_direct_avx2_tasks(const eb_conv_params *p) { return dws_tasks(p); }

size_t eb_depthwise_conv2d_s8_direct_avx2_scratch_bytes(const eb_conv_params *p) {
  (void)p;
  return 0;
}

void eb_depthwise_conv2d_s8_direct_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                            void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  dws_run(p, (const int8_t *)in, packed, (int8_t *)out, task_begin, task_end);
}
