#include "cpu_x86.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>

/* F16C by its CPUID bit (leaf 1, ECX): clang 14's __builtin_cpu_supports does not know "f16c". The AVX2
 * check before it covers the OS saving the YMM registers F16C uses. */
static int eb_cpu_has_f16c(void) {
  unsigned a, b, c, d;
  return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_F16C) != 0;
}

/* __builtin_cpu_supports checks CPUID and that the OS saves the wider registers (XCR0). */
int eb_cpu_has_avx2(void) {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && eb_cpu_has_f16c();
}
int eb_cpu_has_avx512(void) {
  return eb_cpu_has_avx2() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
}
int eb_cpu_has_avx512vnni(void) { return eb_cpu_has_avx512() && __builtin_cpu_supports("avx512vnni"); }
#else
int eb_cpu_has_avx2(void) { return 0; }
int eb_cpu_has_avx512(void) { return 0; }
int eb_cpu_has_avx512vnni(void) { return 0; }
#endif
