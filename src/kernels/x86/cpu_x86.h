/* Which x86-64 instruction sets this CPU and OS support, read once from CPUID (and XGETBV, through the
 * compiler's CPU model), so a kernel variant is only ever called where its instructions exist.
 * Every function returns 0 on other architectures. */
#ifndef EB_CPU_X86_H
#define EB_CPU_X86_H

#ifdef __cplusplus
extern "C" {
#endif

/* AVX2 with FMA3 and F16C (every AVX2 CPU since Haswell has all three). */
int eb_cpu_has_avx2(void);
/* AVX-512 F, BW, VL and DQ (Skylake-SP, Zen 4 and later). */
int eb_cpu_has_avx512(void);
/* eb_cpu_has_avx512 and AVX-512 VNNI (vpdpbusd on 512-bit registers). */
int eb_cpu_has_avx512vnni(void);

#ifdef __cplusplus
}
#endif
#endif
