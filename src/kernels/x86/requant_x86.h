/* Array forms of the SIMD int8 requantisation helpers (requant_avx2.h, requant_avx512.h), one exported
 * function per ISA so that C++ tests and callers without those ISA flags can run them.
 * out[i] = eb_requantize_s8(acc[i], mult[i], shift[i], zp, lo, hi) for i < n, lo <= hi within [-128, 127];
 * `general` forces the exact general path even where every pair could take the fast one (the fast one is
 * taken only when eb_requantize_all_fast holds for all n pairs, as a kernel chooses at pack time). */
#ifndef EB_REQUANT_X86_H
#define EB_REQUANT_X86_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void eb_requant_s8_avx2(const int32_t *acc, int32_t n, const int32_t *mult, const int32_t *shift, int general,
                        int32_t zp, int32_t lo, int32_t hi, int8_t *out);
void eb_requant_s8_avx512(const int32_t *acc, int32_t n, const int32_t *mult, const int32_t *shift, int general,
                          int32_t zp, int32_t lo, int32_t hi, int8_t *out);

#ifdef __cplusplus
}
#endif
#endif
