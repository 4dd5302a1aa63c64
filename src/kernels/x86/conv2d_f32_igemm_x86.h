/* float32 CONV_2D as an indirect GEMM: the microkernel reads each output pixel's filter taps in place through
 * per-pixel offsets made at prepare, instead of copying them into an im2col panel first (the x86_variant.h
 * contract; conv2d_f32_igemm_avx512.c has the scheme). It takes the layers the packed-weight GEMM would
 * gather; the GEMM keeps those it reads in place. */
#ifndef EB_CONV2D_F32_IGEMM_X86_H
#define EB_CONV2D_F32_IGEMM_X86_H

#include <stddef.h>
#include <stdint.h>

#include "conv2d.h"

#ifdef __cplusplus
extern "C" {
#endif

int eb_conv2d_f32_igemm_avx512_applies(const eb_conv_params *p);
size_t eb_conv2d_f32_igemm_avx512_packed_bytes(const eb_conv_params *p);
void eb_conv2d_f32_igemm_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                     const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_conv2d_f32_igemm_avx512_tasks(const eb_conv_params *p);
size_t eb_conv2d_f32_igemm_avx512_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_f32_igemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                    void *scratch, int32_t task_begin, int32_t task_end);

#ifdef __cplusplus
}
#endif
#endif
