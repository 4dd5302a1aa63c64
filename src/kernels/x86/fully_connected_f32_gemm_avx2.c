/* float32 FULLY_CONNECTED as a packed-weight GEMM, AVX2+FMA (gemm_f32_x86.h has the scheme,
 * gemm_f32_avx2.h the microkernels). Batch 1 runs the K-split GEMV microkernel. */
#include "gemm_f32_avx2.h"

static eb_gemm_f32_plan plan(const eb_fc_params *p) {
  return eb_gemm_f32_make_plan(p->batch, p->out_depth, p->in_depth, EB_F32_AVX2_MR, EB_F32_AVX2_LANES, 0);
}

int eb_fully_connected_f32_gemm_avx2_applies(const eb_fc_params *p) {
  return p->batch >= 0 && p->out_depth > 0 && p->in_depth > 0;
}

size_t eb_fully_connected_f32_gemm_avx2_packed_bytes(const eb_fc_params *p) {
  const eb_gemm_f32_plan pl = plan(p);
  return eb_gemm_f32_packed_bytes(&pl, EB_F32_AVX2_LANES);
}

void eb_fully_connected_f32_gemm_avx2_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                           const int32_t *mult, const int32_t *shift, void *packed) {
  (void)mult;
  (void)shift;
  const eb_gemm_f32_plan pl = plan(p);
  eb_gemm_f32_pack(&pl, EB_F32_AVX2_LANES, (const float *)filter, (const float *)bias, (float *)packed);
}

int32_t eb_fully_connected_f32_gemm_avx2_tasks(const eb_fc_params *p) {
  const eb_gemm_f32_plan pl = plan(p);
  return eb_gemm_f32_tasks(&pl);
}

size_t eb_fully_connected_f32_gemm_avx2_scratch_bytes(const eb_fc_params *p) {
  (void)p;
  return 0;
}

void eb_fully_connected_f32_gemm_avx2_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                          void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  const eb_gemm_f32_plan pl = plan(p);
  for (int32_t t = task_begin; t < task_end; ++t) {
    const int32_t m0 = t / pl.n_groups * pl.rows_per_tile;
    const int32_t panel0 = t % pl.n_groups * pl.panels_per_group;
    const int32_t rows = pl.m - m0 < pl.rows_per_tile ? pl.m - m0 : pl.rows_per_tile;
    const int32_t panel1 = pl.panels - panel0 < pl.panels_per_group ? pl.panels : panel0 + pl.panels_per_group;
    if (rows <= 0) continue;
    eb_f32_avx2_gemm(&pl, (const float *)in + (size_t)m0 * pl.k, (size_t)pl.k, rows, (const float *)packed, panel0,
                     panel1, (float *)out + (size_t)m0 * pl.n, (size_t)pl.n, p->act_min, p->act_max);
  }
}
