/* x86-64 variants of int8 ADD, SUB, MUL and MEAN, RELU/RELU6 (float32 and int8) and TRANSPOSE (see x86_variant.h for
 * the contract). Only the binary int8 ops pack (their plan, eb_x86_binary_s8_plan); none needs scratch. The binary ops
 * take `in` as their two inputs in order. Tasks: ranges of 16-element blocks (ADD/SUB/MUL, RELU, RELU6), (outer,
 * 256-channel block) units (MEAN), (batch, 16 output rows) units or 16 KB pieces of a copy (TRANSPOSE); at most 64. */
#ifndef EB_ELEMENTWISE_S8_X86_H
#define EB_ELEMENTWISE_S8_X86_H

#include <stddef.h>
#include <stdint.h>

#include "activation.h"
#include "binary.h"
#include "mean.h"
#include "transpose.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ADD int8 (TFLM's scheme), bit-exact: same shapes, a one-element input, or a last-dim vector input repeated over
 * the rows (either side); int8 zero points and clamp, left_shift <= 22, input rescales that do not shift left. Packs
 * an eb_x86_binary_s8_plan (how each input term is computed); no scratch. */
int eb_add_s8_direct_avx2_applies(const eb_binary_params *p);
size_t eb_add_s8_direct_avx2_packed_bytes(const eb_binary_params *p);
void eb_add_s8_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                const int32_t *shift, void *packed);
int32_t eb_add_s8_direct_avx2_tasks(const eb_binary_params *p);
size_t eb_add_s8_direct_avx2_scratch_bytes(const eb_binary_params *p);
void eb_add_s8_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                               void *scratch, int32_t task_begin, int32_t task_end);
int eb_add_s8_direct_avx512_applies(const eb_binary_params *p);
size_t eb_add_s8_direct_avx512_packed_bytes(const eb_binary_params *p);
void eb_add_s8_direct_avx512_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_add_s8_direct_avx512_tasks(const eb_binary_params *p);
size_t eb_add_s8_direct_avx512_scratch_bytes(const eb_binary_params *p);
void eb_add_s8_direct_avx512_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                 void *scratch, int32_t task_begin, int32_t task_end);

/* SUB int8: as ADD, the second term subtracted. */
int eb_sub_s8_direct_avx2_applies(const eb_binary_params *p);
size_t eb_sub_s8_direct_avx2_packed_bytes(const eb_binary_params *p);
void eb_sub_s8_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                const int32_t *shift, void *packed);
int32_t eb_sub_s8_direct_avx2_tasks(const eb_binary_params *p);
size_t eb_sub_s8_direct_avx2_scratch_bytes(const eb_binary_params *p);
void eb_sub_s8_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                               void *scratch, int32_t task_begin, int32_t task_end);
int eb_sub_s8_direct_avx512_applies(const eb_binary_params *p);
size_t eb_sub_s8_direct_avx512_packed_bytes(const eb_binary_params *p);
void eb_sub_s8_direct_avx512_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_sub_s8_direct_avx512_tasks(const eb_binary_params *p);
size_t eb_sub_s8_direct_avx512_scratch_bytes(const eb_binary_params *p);
void eb_sub_s8_direct_avx512_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                 void *scratch, int32_t task_begin, int32_t task_end);

/* MUL int8, bit-exact: the broadcasts ADD takes; int8 zero points and clamp; any output (multiplier, shift) the
 * reference accepts. */
int eb_mul_s8_direct_avx2_applies(const eb_binary_params *p);
size_t eb_mul_s8_direct_avx2_packed_bytes(const eb_binary_params *p);
void eb_mul_s8_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                const int32_t *shift, void *packed);
int32_t eb_mul_s8_direct_avx2_tasks(const eb_binary_params *p);
size_t eb_mul_s8_direct_avx2_scratch_bytes(const eb_binary_params *p);
void eb_mul_s8_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                               void *scratch, int32_t task_begin, int32_t task_end);
int eb_mul_s8_direct_avx512_applies(const eb_binary_params *p);
size_t eb_mul_s8_direct_avx512_packed_bytes(const eb_binary_params *p);
void eb_mul_s8_direct_avx512_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_mul_s8_direct_avx512_tasks(const eb_binary_params *p);
size_t eb_mul_s8_direct_avx512_scratch_bytes(const eb_binary_params *p);
void eb_mul_s8_direct_avx512_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                 void *scratch, int32_t task_begin, int32_t task_end);

/* MEAN int8 over the middle of [outer][reduced][inner] (H and W of NHWC), eb_mean_s8's arithmetic, bit-exact;
 * reduced <= 2^23, int8 zero points. Tasks: (outer, 256-channel block) units. */
int eb_mean_s8_direct_avx2_applies(const eb_mean_params *p);
size_t eb_mean_s8_direct_avx2_packed_bytes(const eb_mean_params *p);
void eb_mean_s8_direct_avx2_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                 const int32_t *shift, void *packed);
int32_t eb_mean_s8_direct_avx2_tasks(const eb_mean_params *p);
size_t eb_mean_s8_direct_avx2_scratch_bytes(const eb_mean_params *p);
void eb_mean_s8_direct_avx2_run(const eb_mean_params *p, const void *in, const void *packed, void *out,
                                void *scratch, int32_t task_begin, int32_t task_end);
int eb_mean_s8_direct_avx512_applies(const eb_mean_params *p);
size_t eb_mean_s8_direct_avx512_packed_bytes(const eb_mean_params *p);
void eb_mean_s8_direct_avx512_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed);
int32_t eb_mean_s8_direct_avx512_tasks(const eb_mean_params *p);
size_t eb_mean_s8_direct_avx512_scratch_bytes(const eb_mean_params *p);
void eb_mean_s8_direct_avx512_run(const eb_mean_params *p, const void *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end);

/* RELU float32, bit-exact (NaN and -0 kept as the reference's comparison keeps them). */
int eb_relu_f32_direct_avx2_applies(const eb_act_params *p);
size_t eb_relu_f32_direct_avx2_packed_bytes(const eb_act_params *p);
void eb_relu_f32_direct_avx2_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_relu_f32_direct_avx2_tasks(const eb_act_params *p);
size_t eb_relu_f32_direct_avx2_scratch_bytes(const eb_act_params *p);
void eb_relu_f32_direct_avx2_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                 void *scratch, int32_t task_begin, int32_t task_end);
int eb_relu_f32_direct_avx512_applies(const eb_act_params *p);
size_t eb_relu_f32_direct_avx512_packed_bytes(const eb_act_params *p);
void eb_relu_f32_direct_avx512_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed);
int32_t eb_relu_f32_direct_avx512_tasks(const eb_act_params *p);
size_t eb_relu_f32_direct_avx512_scratch_bytes(const eb_act_params *p);
void eb_relu_f32_direct_avx512_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                   void *scratch, int32_t task_begin, int32_t task_end);

/* RELU6 float32, bit-exact. */
int eb_relu6_f32_direct_avx2_applies(const eb_act_params *p);
size_t eb_relu6_f32_direct_avx2_packed_bytes(const eb_act_params *p);
void eb_relu6_f32_direct_avx2_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed);
int32_t eb_relu6_f32_direct_avx2_tasks(const eb_act_params *p);
size_t eb_relu6_f32_direct_avx2_scratch_bytes(const eb_act_params *p);
void eb_relu6_f32_direct_avx2_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end);
int eb_relu6_f32_direct_avx512_applies(const eb_act_params *p);
size_t eb_relu6_f32_direct_avx512_packed_bytes(const eb_act_params *p);
void eb_relu6_f32_direct_avx512_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                     const int32_t *shift, void *packed);
int32_t eb_relu6_f32_direct_avx512_tasks(const eb_act_params *p);
size_t eb_relu6_f32_direct_avx512_scratch_bytes(const eb_act_params *p);
void eb_relu6_f32_direct_avx512_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                    void *scratch, int32_t task_begin, int32_t task_end);

/* RELU int8, bit-exact: requantised in -> out, clamped; int8 zero points and clamp. */
int eb_relu_s8_direct_avx2_applies(const eb_act_params *p);
size_t eb_relu_s8_direct_avx2_packed_bytes(const eb_act_params *p);
void eb_relu_s8_direct_avx2_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                 const int32_t *shift, void *packed);
int32_t eb_relu_s8_direct_avx2_tasks(const eb_act_params *p);
size_t eb_relu_s8_direct_avx2_scratch_bytes(const eb_act_params *p);
void eb_relu_s8_direct_avx2_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                void *scratch, int32_t task_begin, int32_t task_end);
int eb_relu_s8_direct_avx512_applies(const eb_act_params *p);
size_t eb_relu_s8_direct_avx512_packed_bytes(const eb_act_params *p);
void eb_relu_s8_direct_avx512_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed);
int32_t eb_relu_s8_direct_avx512_tasks(const eb_act_params *p);
size_t eb_relu_s8_direct_avx512_scratch_bytes(const eb_act_params *p);
void eb_relu_s8_direct_avx512_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end);

/* RELU6 int8, bit-exact: the clamp to [q_min, q_max], -128 <= q_min <= q_max <= 127. */
int eb_relu6_s8_direct_avx2_applies(const eb_act_params *p);
size_t eb_relu6_s8_direct_avx2_packed_bytes(const eb_act_params *p);
void eb_relu6_s8_direct_avx2_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_relu6_s8_direct_avx2_tasks(const eb_act_params *p);
size_t eb_relu6_s8_direct_avx2_scratch_bytes(const eb_act_params *p);
void eb_relu6_s8_direct_avx2_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                 void *scratch, int32_t task_begin, int32_t task_end);
int eb_relu6_s8_direct_avx512_applies(const eb_act_params *p);
size_t eb_relu6_s8_direct_avx512_packed_bytes(const eb_act_params *p);
void eb_relu6_s8_direct_avx512_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed);
int32_t eb_relu6_s8_direct_avx512_tasks(const eb_act_params *p);
size_t eb_relu6_s8_direct_avx512_scratch_bytes(const eb_act_params *p);
void eb_relu6_s8_direct_avx512_run(const eb_act_params *p, const void *in, const void *packed, void *out,
                                   void *scratch, int32_t task_begin, int32_t task_end);

/* TRANSPOSE of 1-byte elements: permutations whose canonical form (eb_x86_transpose_shape) is a copy or a batch
 * of 2-D transposes ([B][R][C] -> [B][C][R]: NCHW <-> NHWC and every 2-D transpose among them); others declined. */
int eb_transpose_x8_direct_avx2_applies(const eb_transpose_params *p);
size_t eb_transpose_x8_direct_avx2_packed_bytes(const eb_transpose_params *p);
void eb_transpose_x8_direct_avx2_pack(const eb_transpose_params *p, const void *filter, const void *bias, const int32_t *mult,
                                      const int32_t *shift, void *packed);
int32_t eb_transpose_x8_direct_avx2_tasks(const eb_transpose_params *p);
size_t eb_transpose_x8_direct_avx2_scratch_bytes(const eb_transpose_params *p);
void eb_transpose_x8_direct_avx2_run(const eb_transpose_params *p, const void *in, const void *packed, void *out,
                                     void *scratch, int32_t task_begin, int32_t task_end);
int eb_transpose_x8_direct_avx512_applies(const eb_transpose_params *p);
size_t eb_transpose_x8_direct_avx512_packed_bytes(const eb_transpose_params *p);
void eb_transpose_x8_direct_avx512_pack(const eb_transpose_params *p, const void *filter, const void *bias, const int32_t *mult,
                                        const int32_t *shift, void *packed);
int32_t eb_transpose_x8_direct_avx512_tasks(const eb_transpose_params *p);
size_t eb_transpose_x8_direct_avx512_scratch_bytes(const eb_transpose_params *p);
void eb_transpose_x8_direct_avx512_run(const eb_transpose_params *p, const void *in, const void *packed, void *out,
                                       void *scratch, int32_t task_begin, int32_t task_end);

/* TRANSPOSE of 4-byte elements (float32, int32): the forms transpose_x8 takes. */
int eb_transpose_x32_direct_avx2_applies(const eb_transpose_params *p);
size_t eb_transpose_x32_direct_avx2_packed_bytes(const eb_transpose_params *p);
void eb_transpose_x32_direct_avx2_pack(const eb_transpose_params *p, const void *filter, const void *bias, const int32_t *mult,
                                       const int32_t *shift, void *packed);
int32_t eb_transpose_x32_direct_avx2_tasks(const eb_transpose_params *p);
size_t eb_transpose_x32_direct_avx2_scratch_bytes(const eb_transpose_params *p);
void eb_transpose_x32_direct_avx2_run(const eb_transpose_params *p, const void *in, const void *packed, void *out,
                                      void *scratch, int32_t task_begin, int32_t task_end);
int eb_transpose_x32_direct_avx512_applies(const eb_transpose_params *p);
size_t eb_transpose_x32_direct_avx512_packed_bytes(const eb_transpose_params *p);
void eb_transpose_x32_direct_avx512_pack(const eb_transpose_params *p, const void *filter, const void *bias, const int32_t *mult,
                                         const int32_t *shift, void *packed);
int32_t eb_transpose_x32_direct_avx512_tasks(const eb_transpose_params *p);
size_t eb_transpose_x32_direct_avx512_scratch_bytes(const eb_transpose_params *p);
void eb_transpose_x32_direct_avx512_run(const eb_transpose_params *p, const void *in, const void *packed, void *out,
                                        void *scratch, int32_t task_begin, int32_t task_end);

#ifdef __cplusplus
}
#endif
#endif
