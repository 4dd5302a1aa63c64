/* FULLY_CONNECTED int8 as a GEMM (gemm_s8_x86.h) with AVX2 (int16 pairs, vpmaddwd): mr input rows at a time into
 * the scratch, then the 6 x 16 / 8 x 8 microkernel (batch 1 and 2: up to four channel blocks per pass, for more sums in
 * flight). */
#include "gemm_s8_avx2.h"
#include "gemm_s8_x86.h"

static eb_gemm_plan plan(const eb_fc_params *p) { return eb_gemm256_plan(p->batch, p->out_depth, p->in_depth); }

int eb_fully_connected_s8_gemm_avx2_applies(const eb_fc_params *p) { return eb_gemm_fc_applies(p); }

size_t eb_fully_connected_s8_gemm_avx2_packed_bytes(const eb_fc_params *p) {
  const eb_gemm_plan pl = plan(p);
  return eb_gemm_packed_bytes(&pl);
}

void eb_fully_connected_s8_gemm_avx2_pack(const eb_fc_params *p, const void *filter, const void *bias,
                                          const int32_t *mult, const int32_t *shift, void *packed) {
  const eb_gemm_plan pl = plan(p);
  eb_gemm256_pack(&pl, (const int8_t *)filter, (const int32_t *)bias, mult, shift, p->per_channel ? 1 : 0, p->in_zp,
                  p->out_zp, p->q_min, p->q_max, packed);
}

int32_t eb_fully_connected_s8_gemm_avx2_tasks(const eb_fc_params *p) {
  const eb_gemm_plan pl = plan(p);
  return eb_gemm_tasks(&pl);
}

size_t eb_fully_connected_s8_gemm_avx2_scratch_bytes(const eb_fc_params *p) {
  const eb_gemm_plan pl = plan(p);
  return eb_gemm_scratch_bytes(&pl);
}

void eb_fully_connected_s8_gemm_avx2_run(const eb_fc_params *p, const void *in, const void *packed, void *out,
                                         void *scratch, int32_t task_begin, int32_t task_end) {
  const eb_gemm_plan pl = plan(p);
  const eb_gemm_src src = {(const int8_t *)in, NULL, 0, p->in_zp};
  eb_gemm256_run(&pl, &src, packed, (int8_t *)out, scratch, task_begin, task_end);
}
