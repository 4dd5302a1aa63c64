/* x86-64 variants of the cheap ops between convolutions: pools, SOFTMAX, ADD/MUL and MEAN (see x86_variant.h
 * for the contract). None packs anything (packed_bytes 0, pack a no-op) or needs scratch; the binary ops take
 * `in` as their two inputs in order. Tasks: output rows across the batch (pools), rows (softmax), ranges of
 * 16-element blocks (ADD/MUL), (outer, 256-channel block) units (MEAN); at most 64. */
#ifndef EB_ELEMENTWISE_X86_H
#define EB_ELEMENTWISE_X86_H

#include <stddef.h>
#include <stdint.h>

#include "binary.h"
#include "mean.h"
#include "pool.h"
#include "softmax.h"

#ifdef __cplusplus
extern "C" {
#endif

/* MAX_POOL_2D float32 (NHWC), channels in vectors; every geometry whose clamp has act_min <= act_max. Bit-exact (NaN
 * taps ignored as the reference's comparison does). */
int eb_max_pool2d_f32_direct_avx2_applies(const eb_pool_params *p);
size_t eb_max_pool2d_f32_direct_avx2_packed_bytes(const eb_pool_params *p);
void eb_max_pool2d_f32_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                        const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_max_pool2d_f32_direct_avx2_tasks(const eb_pool_params *p);
size_t eb_max_pool2d_f32_direct_avx2_scratch_bytes(const eb_pool_params *p);
void eb_max_pool2d_f32_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                       void *scratch, int32_t task_begin, int32_t task_end);
int eb_max_pool2d_f32_direct_avx512_applies(const eb_pool_params *p);
size_t eb_max_pool2d_f32_direct_avx512_packed_bytes(const eb_pool_params *p);
void eb_max_pool2d_f32_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                          const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_max_pool2d_f32_direct_avx512_tasks(const eb_pool_params *p);
size_t eb_max_pool2d_f32_direct_avx512_scratch_bytes(const eb_pool_params *p);
void eb_max_pool2d_f32_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                         void *scratch, int32_t task_begin, int32_t task_end);

/* AVERAGE_POOL_2D float32: the reference's tap order and division per channel, so bit-exact; act_min <= act_max. */
int eb_average_pool2d_f32_direct_avx2_applies(const eb_pool_params *p);
size_t eb_average_pool2d_f32_direct_avx2_packed_bytes(const eb_pool_params *p);
void eb_average_pool2d_f32_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                            const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_average_pool2d_f32_direct_avx2_tasks(const eb_pool_params *p);
size_t eb_average_pool2d_f32_direct_avx2_scratch_bytes(const eb_pool_params *p);
void eb_average_pool2d_f32_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                           void *scratch, int32_t task_begin, int32_t task_end);
int eb_average_pool2d_f32_direct_avx512_applies(const eb_pool_params *p);
size_t eb_average_pool2d_f32_direct_avx512_packed_bytes(const eb_pool_params *p);
void eb_average_pool2d_f32_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                              const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_average_pool2d_f32_direct_avx512_tasks(const eb_pool_params *p);
size_t eb_average_pool2d_f32_direct_avx512_scratch_bytes(const eb_pool_params *p);
void eb_average_pool2d_f32_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                             void *scratch, int32_t task_begin, int32_t task_end);

/* MAX_POOL_2D int8, bit-exact; -128 <= q_min <= q_max <= 127. */
int eb_max_pool2d_s8_direct_avx2_applies(const eb_pool_params *p);
size_t eb_max_pool2d_s8_direct_avx2_packed_bytes(const eb_pool_params *p);
void eb_max_pool2d_s8_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                       const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_max_pool2d_s8_direct_avx2_tasks(const eb_pool_params *p);
size_t eb_max_pool2d_s8_direct_avx2_scratch_bytes(const eb_pool_params *p);
void eb_max_pool2d_s8_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                      void *scratch, int32_t task_begin, int32_t task_end);
int eb_max_pool2d_s8_direct_avx512_applies(const eb_pool_params *p);
size_t eb_max_pool2d_s8_direct_avx512_packed_bytes(const eb_pool_params *p);
void eb_max_pool2d_s8_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                         const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_max_pool2d_s8_direct_avx512_tasks(const eb_pool_params *p);
size_t eb_max_pool2d_s8_direct_avx512_scratch_bytes(const eb_pool_params *p);
void eb_max_pool2d_s8_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                        void *scratch, int32_t task_begin, int32_t task_end);

/* AVERAGE_POOL_2D int8, bit-exact (exact sums, the mean rounded half away from zero); windows of up to 65,536 taps,
 * -128 <= q_min <= q_max <= 127. */
int eb_average_pool2d_s8_direct_avx2_applies(const eb_pool_params *p);
size_t eb_average_pool2d_s8_direct_avx2_packed_bytes(const eb_pool_params *p);
void eb_average_pool2d_s8_direct_avx2_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                           const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_average_pool2d_s8_direct_avx2_tasks(const eb_pool_params *p);
size_t eb_average_pool2d_s8_direct_avx2_scratch_bytes(const eb_pool_params *p);
void eb_average_pool2d_s8_direct_avx2_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                          void *scratch, int32_t task_begin, int32_t task_end);
int eb_average_pool2d_s8_direct_avx512_applies(const eb_pool_params *p);
size_t eb_average_pool2d_s8_direct_avx512_packed_bytes(const eb_pool_params *p);
void eb_average_pool2d_s8_direct_avx512_pack(const eb_pool_params *p, const void *filter, const void *bias,
                                             const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_average_pool2d_s8_direct_avx512_tasks(const eb_pool_params *p);
size_t eb_average_pool2d_s8_direct_avx512_scratch_bytes(const eb_pool_params *p);
void eb_average_pool2d_s8_direct_avx512_run(const eb_pool_params *p, const void *in, const void *packed, void *out,
                                            void *scratch, int32_t task_begin, int32_t task_end);

/* SOFTMAX float32 over the last dim, any beta; exp within ~1 ulp, the sum reassociated (~1e-6 relative). */
int eb_softmax_f32_direct_avx2_applies(const eb_softmax_params *p);
size_t eb_softmax_f32_direct_avx2_packed_bytes(const eb_softmax_params *p);
void eb_softmax_f32_direct_avx2_pack(const eb_softmax_params *p, const void *filter, const void *bias,
                                     const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_softmax_f32_direct_avx2_tasks(const eb_softmax_params *p);
size_t eb_softmax_f32_direct_avx2_scratch_bytes(const eb_softmax_params *p);
void eb_softmax_f32_direct_avx2_run(const eb_softmax_params *p, const void *in, const void *packed, void *out,
                                    void *scratch, int32_t task_begin, int32_t task_end);
int eb_softmax_f32_direct_avx512_applies(const eb_softmax_params *p);
size_t eb_softmax_f32_direct_avx512_packed_bytes(const eb_softmax_params *p);
void eb_softmax_f32_direct_avx512_pack(const eb_softmax_params *p, const void *filter, const void *bias,
                                       const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_softmax_f32_direct_avx512_tasks(const eb_softmax_params *p);
size_t eb_softmax_f32_direct_avx512_scratch_bytes(const eb_softmax_params *p);
void eb_softmax_f32_direct_avx512_run(const eb_softmax_params *p, const void *in, const void *packed, void *out,
                                      void *scratch, int32_t task_begin, int32_t task_end);

/* ADD float32: same shapes, a scalar input, or a last-dim vector input repeated over the rows (either side); bit-exact;
 * act_min <= act_max. */
int eb_add_f32_direct_avx2_applies(const eb_binary_params *p);
size_t eb_add_f32_direct_avx2_packed_bytes(const eb_binary_params *p);
void eb_add_f32_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                 const int32_t *shift, void *packed);
int32_t eb_add_f32_direct_avx2_tasks(const eb_binary_params *p);
size_t eb_add_f32_direct_avx2_scratch_bytes(const eb_binary_params *p);
void eb_add_f32_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                void *scratch, int32_t task_begin, int32_t task_end);
int eb_add_f32_direct_avx512_applies(const eb_binary_params *p);
size_t eb_add_f32_direct_avx512_packed_bytes(const eb_binary_params *p);
void eb_add_f32_direct_avx512_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed);
int32_t eb_add_f32_direct_avx512_tasks(const eb_binary_params *p);
size_t eb_add_f32_direct_avx512_scratch_bytes(const eb_binary_params *p);
void eb_add_f32_direct_avx512_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end);

/* MUL float32: the broadcasts ADD takes; bit-exact; act_min <= act_max. */
int eb_mul_f32_direct_avx2_applies(const eb_binary_params *p);
size_t eb_mul_f32_direct_avx2_packed_bytes(const eb_binary_params *p);
void eb_mul_f32_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                 const int32_t *shift, void *packed);
int32_t eb_mul_f32_direct_avx2_tasks(const eb_binary_params *p);
size_t eb_mul_f32_direct_avx2_scratch_bytes(const eb_binary_params *p);
void eb_mul_f32_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                void *scratch, int32_t task_begin, int32_t task_end);
int eb_mul_f32_direct_avx512_applies(const eb_binary_params *p);
size_t eb_mul_f32_direct_avx512_packed_bytes(const eb_binary_params *p);
void eb_mul_f32_direct_avx512_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed);
int32_t eb_mul_f32_direct_avx512_tasks(const eb_binary_params *p);
size_t eb_mul_f32_direct_avx512_scratch_bytes(const eb_binary_params *p);
void eb_mul_f32_direct_avx512_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end);

/* MEAN float32 over the middle of [outer][reduced][inner] (H and W of NHWC), the reference's order, so bit-exact; inner
 * >= 4. */
int eb_mean_f32_direct_avx2_applies(const eb_mean_params *p);
size_t eb_mean_f32_direct_avx2_packed_bytes(const eb_mean_params *p);
void eb_mean_f32_direct_avx2_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                  const int32_t *shift, void *packed);
int32_t eb_mean_f32_direct_avx2_tasks(const eb_mean_params *p);
size_t eb_mean_f32_direct_avx2_scratch_bytes(const eb_mean_params *p);
void eb_mean_f32_direct_avx2_run(const eb_mean_params *p, const void *in, const void *packed, void *out, void *scratch,
                                 int32_t task_begin, int32_t task_end);
int eb_mean_f32_direct_avx512_applies(const eb_mean_params *p);
size_t eb_mean_f32_direct_avx512_packed_bytes(const eb_mean_params *p);
void eb_mean_f32_direct_avx512_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed);
int32_t eb_mean_f32_direct_avx512_tasks(const eb_mean_params *p);
size_t eb_mean_f32_direct_avx512_scratch_bytes(const eb_mean_params *p);
void eb_mean_f32_direct_avx512_run(const eb_mean_params *p, const void *in, const void *packed, void *out,
                                   void *scratch, int32_t task_begin, int32_t task_end);

#ifdef __cplusplus
}
#endif
#endif
