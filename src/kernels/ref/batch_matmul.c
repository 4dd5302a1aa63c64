/* BATCH_MATMUL reference. Batch indices advance like an odometer over the output batch dims; each
 * input's offset follows with its own strides (0 along dims it broadcasts). Within one matrix the loop
 * order i, k, j streams rows of rhs and out while keeping every element's sum in ascending k. */
#include "batch_matmul.h"

int eb_batch_matmul_prepare(eb_batch_matmul_params *p, int lhs_rank, const int32_t *lhs_dims, int rhs_rank,
                            const int32_t *rhs_dims) {
  if (lhs_rank < 2 || rhs_rank < 2 || lhs_rank > EB_MAX_DIMS || rhs_rank > EB_MAX_DIMS) return -1;
  if (lhs_dims[lhs_rank - 1] != rhs_dims[rhs_rank - 2]) return -1;
  p->m = lhs_dims[lhs_rank - 2];
  p->k = lhs_dims[lhs_rank - 1];
  p->n = rhs_dims[rhs_rank - 1];
  const int lb = lhs_rank - 2, rb = rhs_rank - 2;
  const int rank = lb > rb ? lb : rb;
  int32_t ls = p->m * p->k, rs = p->k * p->n;
  for (int i = rank - 1; i >= 0; --i) {
    const int il = i - (rank - lb), ir = i - (rank - rb);
    const int32_t dl = il >= 0 ? lhs_dims[il] : 1;
    const int32_t dr = ir >= 0 ? rhs_dims[ir] : 1;
    if (dl != dr && dl != 1 && dr != 1) return -1;
    p->batch_dims[i] = dl == 1 ? dr : dl;
    p->lhs_strides[i] = dl == 1 ? 0 : ls;
    p->rhs_strides[i] = dr == 1 ? 0 : rs;
    ls *= dl;
    rs *= dr;
  }
  p->batch_rank = rank;
  return 0;
}

int32_t eb_batch_matmul_batches(const eb_batch_matmul_params *p) {
  int32_t n = 1;
  for (int32_t i = 0; i < p->batch_rank; ++i) n *= p->batch_dims[i];
  return n;
}

void eb_batch_matmul_f32(const eb_batch_matmul_params *p, const float *lhs, const float *rhs, float *out) {
  const int32_t m = p->m, k = p->k, n = p->n;
  const int32_t batches = eb_batch_matmul_batches(p);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t lo = 0, ro = 0;
  for (int32_t b = 0; b < batches; ++b) {
    const float *a = lhs + lo;
    const float *w = rhs + ro;
    for (int32_t i = 0; i < m; ++i) {
      float *row = out + i * n;
      for (int32_t j = 0; j < n; ++j) row[j] = 0.0f;
      for (int32_t kk = 0; kk < k; ++kk) {
        const float x = a[i * k + kk];
        const float *wr = w + kk * n;
        for (int32_t j = 0; j < n; ++j) row[j] += x * wr[j];
      }
    }
    out += m * n;
    /* Advance the batch odometer, innermost batch dim first. */
    for (int32_t d = p->batch_rank - 1; d >= 0; --d) {
      lo += p->lhs_strides[d];
      ro += p->rhs_strides[d];
      if (++idx[d] < p->batch_dims[d]) break;
      lo -= p->lhs_strides[d] * p->batch_dims[d];
      ro -= p->rhs_strides[d] * p->batch_dims[d];
      idx[d] = 0;
    }
  }
}
