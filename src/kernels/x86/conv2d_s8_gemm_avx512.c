/* CONV_2D int8 as a GEMM (gemm_s8_x86.h) with AVX-512BW (int16 pairs, vpmaddwd): im2col of mr output pixels at a time
 * into the scratch (a 1x1 stride-1 unpadded layer's pixels copied as they are), then the 8 x 32 / 12 x 16 microkernel.
 */
#include "gemm_s8_avx512.h"
#include "gemm_s8_x86.h"

static eb_gemm_plan plan(const eb_conv_params *p) {
  return eb_gemm512_plan(p->batch * p->out_h * p->out_w, p->out_c, p->k_h * p->k_w * p->in_c);
}

int eb_conv2d_s8_gemm_avx512_applies(const eb_conv_params *p) { return eb_gemm_conv_applies(p); }

size_t eb_conv2d_s8_gemm_avx512_packed_bytes(const eb_conv_params *p) {
  const eb_gemm_plan pl = plan(p);
  return eb_gemm_packed_bytes(&pl);
}

void eb_conv2d_s8_gemm_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed) {
  const eb_gemm_plan pl = plan(p);
  eb_gemm512_pack(&pl, (const int8_t *)filter, (const int32_t *)bias, mult, shift, 1, p->in_zp, p->out_zp, p->q_min,
                  p->q_max, packed);
}

int32_t eb_conv2d_s8_gemm_avx512_tasks(const eb_conv_params *p) {
  const eb_gemm_plan pl = plan(p);
  return eb_gemm_tasks(&pl);
}

size_t eb_conv2d_s8_gemm_avx512_scratch_bytes(const eb_conv_params *p) {
  const eb_gemm_plan pl = plan(p);
  return eb_gemm_scratch_bytes(&pl);
}

void eb_conv2d_s8_gemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out, void *scratch,
                                  int32_t task_begin, int32_t task_end) {
  const eb_gemm_plan pl = plan(p);
  const eb_gemm_src src = {(const int8_t *)in, p, eb_gemm_conv_is_direct(p), p->in_zp};
  eb_gemm512_run(&pl, &src, packed, (int8_t *)out, scratch, task_begin, task_end);
}
