/* float32 CONV_2D as a packed-weight GEMM, AVX-512 (gemm_f32_x86.h has the scheme, gemm_f32_avx512.h the
 * microkernels). */
#include "gemm_f32_avx512.h"

static eb_gemm_f32_plan plan(const eb_conv_params *p) {
  return eb_gemm_f32_make_plan(eb_gemm_f32_conv_m(p), p->out_c, eb_gemm_f32_conv_k(p), EB_F32_AVX512_MR,
                               EB_F32_AVX512_LANES, eb_gemm_f32_conv_direct_lda(p) == 0);
}

int eb_conv2d_f32_gemm_avx512_applies(const eb_conv_params *p) {
  return p->batch >= 0 && p->out_c > 0 && eb_gemm_f32_conv_k(p) > 0;
}

size_t eb_conv2d_f32_gemm_avx512_packed_bytes(const eb_conv_params *p) {
  const eb_gemm_f32_plan pl = plan(p);
  return eb_gemm_f32_packed_bytes(&pl, EB_F32_AVX512_LANES);
}

void eb_conv2d_f32_gemm_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed) {
  (void)mult;
  (void)shift;
  const eb_gemm_f32_plan pl = plan(p);
  eb_gemm_f32_pack(&pl, EB_F32_AVX512_LANES, (const float *)filter, (const float *)bias, (float *)packed);
}

int32_t eb_conv2d_f32_gemm_avx512_tasks(const eb_conv_params *p) {
  const eb_gemm_f32_plan pl = plan(p);
  return eb_gemm_f32_tasks(&pl);
}

size_t eb_conv2d_f32_gemm_avx512_scratch_bytes(const eb_conv_params *p) {
  if (eb_gemm_f32_conv_direct_lda(p)) return 0;
  const eb_gemm_f32_plan pl = plan(p);
  return (size_t)pl.chunk_rows * pl.k * sizeof(float);
}

void eb_conv2d_f32_gemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                   void *scratch, int32_t task_begin, int32_t task_end) {
  const eb_gemm_f32_plan pl = plan(p);
  const int32_t direct_lda = eb_gemm_f32_conv_direct_lda(p);
  for (int32_t t = task_begin; t < task_end; ++t) {
    const int32_t m0 = t / pl.n_groups * pl.rows_per_tile;
    const int32_t panel0 = t % pl.n_groups * pl.panels_per_group;
    const int32_t rows = pl.m - m0 < pl.rows_per_tile ? pl.m - m0 : pl.rows_per_tile;
    const int32_t panel1 = pl.panels - panel0 < pl.panels_per_group ? pl.panels : panel0 + pl.panels_per_group;
    if (rows <= 0) continue;
    float *c = (float *)out + (size_t)m0 * pl.n;
    if (direct_lda) {
      eb_f32_avx512_gemm(&pl, (const float *)in + (size_t)m0 * direct_lda, (size_t)direct_lda, rows,
                         (const float *)packed, panel0, panel1, c, (size_t)pl.n, p->act_min, p->act_max);
      continue;
    }
    for (int32_t r = 0; r < rows; r += pl.chunk_rows) {
      const int32_t chunk = rows - r < pl.chunk_rows ? rows - r : pl.chunk_rows;
      eb_gemm_f32_im2col(p, (const float *)in, m0 + r, chunk, (float *)scratch);
      eb_f32_avx512_gemm(&pl, (const float *)scratch, (size_t)pl.k, chunk, (const float *)packed, panel0, panel1,
                         c + (size_t)r * pl.n, (size_t)pl.n, p->act_min, p->act_max);
    }
  }
}
