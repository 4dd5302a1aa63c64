/* eb_requant_s8_avx512 (requant_x86.h): requant_avx512.h over an array, sixteen lanes at a time. */
#include "requant_avx512.h"
#include "requant_x86.h"

void eb_requant_s8_avx512(const int32_t *acc, int32_t n, const int32_t *mult, const int32_t *shift, int general,
                          int32_t zp, int32_t lo, int32_t hi, int8_t *out) {
  const int fast = !general && eb_requantize_all_fast(mult, shift, n);
  const __m512i vzp = _mm512_set1_epi32(zp), vlo = _mm512_set1_epi32(lo), vhi = _mm512_set1_epi32(hi);
  for (int32_t i = 0; i < n; i += 16) {
    const int32_t len = n - i < 16 ? n - i : 16;
    eb_rq16 k;
    eb_rq16_fill(&k, mult + i, shift + i, 1, len, fast);
    const eb_rq16v kv = eb_rq16_load(&k);
    const __m512i v = _mm512_maskz_loadu_epi32((__mmask16)((1u << len) - 1u), acc + i);
    eb_rq16_store(out + i, fast ? eb_rq16_apply(v, &kv, 1, vzp, vlo, vhi) : eb_rq16_apply(v, &kv, 0, vzp, vlo, vhi),
                  len);
  }
}
