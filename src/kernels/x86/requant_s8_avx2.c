/* eb_requant_s8_avx2 (requant_x86.h): requant_avx2.h over an array, eight lanes at a time. */
#include "requant_avx2.h"
#include "requant_x86.h"

void eb_requant_s8_avx2(const int32_t *acc, int32_t n, const int32_t *mult, const int32_t *shift, int general,
                        int32_t zp, int32_t lo, int32_t hi, int8_t *out) {
  const int fast = !general && eb_requantize_all_fast(mult, shift, n);
  const __m256i vzp = _mm256_set1_epi32(zp), vlo = _mm256_set1_epi32(lo), vhi = _mm256_set1_epi32(hi);
  for (int32_t i = 0; i < n; i += 8) {
    const int32_t len = n - i < 8 ? n - i : 8;
    eb_rq8 k;
    eb_rq8_fill(&k, mult + i, shift + i, 1, len, fast);
    const eb_rq8v kv = eb_rq8_load(&k);
    int32_t x[8] = {0};
    memcpy(x, acc + i, (size_t)len * sizeof(int32_t));
    const __m256i v = _mm256_loadu_si256((const __m256i *)x);
    eb_rq8_store(out + i, fast ? eb_rq8_apply(v, &kv, 1, vzp, vlo, vhi) : eb_rq8_apply(v, &kv, 0, vzp, vlo, vhi),
                 len);
  }
}
