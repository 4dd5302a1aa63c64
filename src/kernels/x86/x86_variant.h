/* The shape every x86-64 kernel variant has, so that an op's prepare can keep them in one table.
 *
 * A variant of op O, dtype D, variant V and ISA I lives in its own file, o_d_v_i.c (conv2d_s8_gemm_avx512vnni.c),
 * compiled for that ISA only, and exports functions named eb_<o>_<d>_<v>_<i>[_suffix]:
 *
 *   int      ..._applies(const P *p)          1 when the variant handles this geometry (called only where the
 *                                             CPU has the ISA; prepare then tries the next variant if 0)
 *   size_t   ..._packed_bytes(const P *p)     bytes of the prepare-time blob (0: the variant packs nothing)
 *   void     ..._pack(const P *p, const void *filter, const void *bias, const int32_t *mult,
 *                     const int32_t *shift, void *packed)
 *                                             fills the blob once at prepare: weights in the microkernel's
 *                                             order, bias (int8: with the zero-point terms folded in),
 *                                             requantisation constants. filter/bias/mult/shift may be NULL
 *                                             where the op has none. `packed` is 64-byte aligned.
 *   int32_t  ..._tasks(const P *p)            independent pieces of work of one call (>= 1)
 *   size_t   ..._scratch_bytes(const P *p)    scratch one thread needs (im2col panels, ...), 0 if none
 *   void     ..._run(const P *p, const void *in, const void *packed, void *out, void *scratch,
 *                    int32_t task_begin, int32_t task_end)
 *                                             computes tasks [task_begin, task_end) of the whole call; two
 *                                             threads may run disjoint ranges at once (each with its own
 *                                             64-byte aligned scratch), so a task writes only its own
 *                                             outputs. It allocates nothing and never packs.
 *
 * P is the op's params struct of the portable kernels (eb_conv_params, eb_fc_params, ...), filled by the
 * same prepare code. An op with several inputs (ADD, ...) gets `in` as `const void *const *`, its inputs in
 * order. Signatures use the typed `const P *`; src/runtime/x86_variants.h keeps them in typed tables.
 * int8 variants are bit-exact with the reference kernels (TFLM's arithmetic); float32
 * variants agree with them within rounding (they reassociate sums and use FMA). */
#ifndef EB_X86_VARIANT_H
#define EB_X86_VARIANT_H

#include <stddef.h>
#include <stdint.h>

/* 64-byte alignment of packed blobs and scratch, stated once. */
#define EB_X86_ALIGN 64

#endif
