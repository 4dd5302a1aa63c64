/* int8 CONV_2D and FULLY_CONNECTED as a GEMM (gemm_s8_plan.h), in the variant shape of x86_variant.h, for three
 * ISAs: avx512vnni (vpdpbusd on u8 = x ^ 0x80 against the int8 filter), avx512 and avx2 (exact 16-bit widening
 * and vpmaddwd). All bit-exact with eb_conv2d_s8_ref / eb_fully_connected_s8_ref.
 *
 * conv2d_s8_gemm_*: any stride, padding, dilation and batch (M = batch x out_h x out_w output pixels, K =
 * k_h x k_w x in_c taps, N = out_c); filter int8 OHWI, bias int32 [out_c] or NULL, mult/shift [out_c].
 * fully_connected_s8_gemm_*: M = batch rows, K = in_depth, N = out_depth; filter int8 [out_depth][in_depth],
 * bias int32 [out_depth] or NULL, mult/shift [out_depth] when p->per_channel, else one pair; declines
 * filter_zp != 0. Both decline an input zero point or clamp outside int8 and q_min > q_max.
 * in/out are int8 NHWC (conv) or [batch][depth] (FC). */
#ifndef EB_GEMM_S8_X86_H
#define EB_GEMM_S8_X86_H

#include <stddef.h>
#include <stdint.h>

#include "conv2d.h"
#include "fully_connected.h"

#ifdef __cplusplus
extern "C" {
#endif

int eb_conv2d_s8_gemm_avx2_applies(const eb_conv_params *p);
size_t eb_conv2d_s8_gemm_avx2_packed_bytes(const eb_conv_params *p);
void eb_conv2d_s8_gemm_avx2_pack(const eb_conv_params *p, const void *filter, const void *bias, const int32_t *mult,
                                 const int32_t *shift, void *packed);
int32_t eb_conv2d_s8_gemm_avx2_tasks(const eb_conv_params *p);
size_t eb_conv2d_s8_gemm_avx2_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_s8_gemm_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out, void *scratch,
                                int32_t task_begin, int32_t task_end);

int eb_conv2d_s8_gemm_avx512_applies(const eb_conv_params *p);
size_t eb_conv2d_s8_gemm_avx512_packed_bytes(const eb_conv_params *p);
void eb_conv2d_s8_gemm_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed);
int32_t eb_conv2d_s8_gemm_avx512_tasks(const eb_conv_params *p);
size_t eb_conv2d_s8_gemm_avx512_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_s8_gemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out, void *scratch,
                                  int32_t task_begin, int32_t task_end);

int eb_conv2d_s8_gemm_avx512vnni_applies(const eb_conv_params *p);
size_t eb_conv2d_s8_gemm_avx512vnni_packed_bytes(const eb_conv_params *p);
void eb_conv2d_s8_gemm_avx512vnni_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                       const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_conv2d_s8_gemm_avx512vnni_tasks(const eb_conv_params *p);
size_t eb_conv2d_s8_gemm_avx512vnni_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_s8_gemm_avx512vnni_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                      void *scratch, int32_t task_begin, int32_t task_end);

int eb_fully_connected_s8_gemm_avx2_applies(const eb_fc_params *p);
size_t eb_fully_connected_s8_gemm_avx2_packed_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_gemm_avx2_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                          const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_fully_connected_s8_gemm_avx2_tasks(const eb_fc_params *p);
size_t eb_fully_connected_s8_gemm_avx2_scratch_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_gemm_avx2_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                         void *scratch, int32_t task_begin, int32_t task_end);

int eb_fully_connected_s8_gemm_avx512_applies(const eb_fc_params *p);
size_t eb_fully_connected_s8_gemm_avx512_packed_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_gemm_avx512_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                            const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_fully_connected_s8_gemm_avx512_tasks(const eb_fc_params *p);
size_t eb_fully_connected_s8_gemm_avx512_scratch_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_gemm_avx512_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                           void *scratch, int32_t task_begin, int32_t task_end);

int eb_fully_connected_s8_gemm_avx512vnni_applies(const eb_fc_params *p);
size_t eb_fully_connected_s8_gemm_avx512vnni_packed_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_gemm_avx512vnni_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                                const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_fully_connected_s8_gemm_avx512vnni_tasks(const eb_fc_params *p);
size_t eb_fully_connected_s8_gemm_avx512vnni_scratch_bytes(const eb_fc_params *p);
void eb_fully_connected_s8_gemm_avx512vnni_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                               void *scratch, int32_t task_begin, int32_t task_end);

#ifdef __cplusplus
}
#endif
#endif
