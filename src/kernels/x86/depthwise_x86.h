/* DEPTHWISE_CONV_2D x86-64 variants (the contract is in x86_variant.h). All take NHWC input, the 1HWO
 * filter [1][k_h][k_w][out_c] (out_c = in_c * depth_multiplier) and any geometry: kernel size, stride,
 * explicit padding, dilation, depth multiplier, batch. A task is one output row of one image
 * (batch * out_h tasks); none needs scratch.
 *
 * eb_depthwise_conv2d_f32_direct_{avx2,avx512}: float32, channels in vectors of 8 / 16, a register-blocked
 *   loop for 3x3 filters (dilation 1, depth multiplier 1), the general tap loop otherwise; filter and bias
 *   (NULL: zero) packed per channel block. mult/shift are unused (NULL is fine).
 * eb_depthwise_conv2d_s8_direct_{avx2,avx512}: int8, bit-exact with eb_depthwise_conv2d_s8_ref: exact
 *   int32 sums of (x - in_zp) * w from 16-bit products (vpmaddwd over pairs of taps), the reference's
 *   requantisation per channel; filter, bias (int32 or NULL), mult and shift packed per channel block of
 *   16 / 32 channels.
 * eb_depthwise_conv2d_s8_3x3_avx512vnni: int8, bit-exact likewise, for 3x3 filters of dilation 1 and depth
 *   multiplier 1 with horizontal stride 1 or 2 (any vertical stride and padding), an int8 input zero point and
 *   clamp: four taps per vpdpbusd lane (64 channels, or 64 / C pixels of C <= 32 channels at stride 1, per
 *   vector), the zero point folded into the bias, a task per output row, no scratch; declines other layers. */
#ifndef EB_DEPTHWISE_X86_H
#define EB_DEPTHWISE_X86_H

#include <stddef.h>
#include <stdint.h>

#include "conv2d.h"

#ifdef __cplusplus
extern "C" {
#endif

int eb_depthwise_conv2d_f32_direct_avx2_applies(const eb_conv_params *p);
size_t eb_depthwise_conv2d_f32_direct_avx2_packed_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_f32_direct_avx2_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                              const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_depthwise_conv2d_f32_direct_avx2_tasks(const eb_conv_params *p);
size_t eb_depthwise_conv2d_f32_direct_avx2_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_f32_direct_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                             void *scratch, int32_t task_begin, int32_t task_end);

int eb_depthwise_conv2d_f32_direct_avx512_applies(const eb_conv_params *p);
size_t eb_depthwise_conv2d_f32_direct_avx512_packed_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_f32_direct_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                                const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_depthwise_conv2d_f32_direct_avx512_tasks(const eb_conv_params *p);
size_t eb_depthwise_conv2d_f32_direct_avx512_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_f32_direct_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                               void *scratch, int32_t task_begin, int32_t task_end);

int eb_depthwise_conv2d_s8_direct_avx2_applies(const eb_conv_params *p);
size_t eb_depthwise_conv2d_s8_direct_avx2_packed_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_direct_avx2_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                             const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_depthwise_conv2d_s8_direct_avx2_tasks(const eb_conv_params *p);
size_t eb_depthwise_conv2d_s8_direct_avx2_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_direct_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                            void *scratch, int32_t task_begin, int32_t task_end);

int eb_depthwise_conv2d_s8_direct_avx512_applies(const eb_conv_params *p);
size_t eb_depthwise_conv2d_s8_direct_avx512_packed_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_direct_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                               const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_depthwise_conv2d_s8_direct_avx512_tasks(const eb_conv_params *p);
size_t eb_depthwise_conv2d_s8_direct_avx512_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_direct_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                              void *scratch, int32_t task_begin, int32_t task_end);

int eb_depthwise_conv2d_s8_3x3_avx512vnni_applies(const eb_conv_params *p);
size_t eb_depthwise_conv2d_s8_3x3_avx512vnni_packed_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_3x3_avx512vnni_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                                const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_depthwise_conv2d_s8_3x3_avx512vnni_tasks(const eb_conv_params *p);
size_t eb_depthwise_conv2d_s8_3x3_avx512vnni_scratch_bytes(const eb_conv_params *p);
void eb_depthwise_conv2d_s8_3x3_avx512vnni_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                               void *scratch, int32_t task_begin, int32_t task_end);

#ifdef __cplusplus
}
#endif
#endif
