/* BATCH_MATMUL: out[b] = lhs[b] x rhs[b] for every batch index b, with numpy broadcasting over the batch
 * dims. lhs is [..., M, K], rhs is [..., K, N], out is [..., M, N] (TFLite's adj_x = adj_y = false). */
#ifndef EB_BATCH_MATMUL_H
#define EB_BATCH_MATMUL_H

#include "eb_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batch_rank;                        /* number of batch dims (output rank - 2), 0..EB_MAX_DIMS-2 */
  int32_t batch_dims[EB_MAX_DIMS];           /* output batch dims */
  int32_t lhs_strides[EB_MAX_DIMS];          /* element stride per batch dim; 0 where lhs broadcasts */
  int32_t rhs_strides[EB_MAX_DIMS];
  int32_t m, k, n;
} eb_batch_matmul_params;

/* Prepare-time: fills every field from the two input shapes (rank >= 2 each, batch dims right-aligned).
 * Returns 0, or -1 if the inner dims disagree, a batch dim pair neither matches nor has a 1, or a rank
 * exceeds EB_MAX_DIMS. */
int eb_batch_matmul_prepare(eb_batch_matmul_params *p, int lhs_rank, const int32_t *lhs_dims, int rhs_rank,
                            const int32_t *rhs_dims);

/* Number of [M, N] output matrices. */
int32_t eb_batch_matmul_batches(const eb_batch_matmul_params *p);

/* Each output element sums its K products in ascending k, in float32. */
void eb_batch_matmul_f32(const eb_batch_matmul_params *p, const float *lhs, const float *rhs, float *out);

#ifdef __cplusplus
}
#endif
#endif
