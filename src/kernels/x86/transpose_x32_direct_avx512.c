/* TRANSPOSE of 4-byte elements, AVX-512: the permutation reduced to its canonical form (eb_x86_transpose_shape);
 * a copy, or a batch of 2-D transposes ([B][R][C] -> [B][C][R], which NCHW <-> NHWC become) in register tiles.
 * Other forms are declined. Tasks are (batch, 16 output rows) units or 16 KB pieces of the copy; nothing packed,
 * no scratch. The loop is eb_avx512_transpose_run (elementwise_avx512.h). */
#include "elementwise_avx512.h"
#include "elementwise_s8_x86.h"

int eb_transpose_x32_direct_avx512_applies(const eb_transpose_params *p) {
  int64_t b, r, c;
  return p->elem_size == 4 && eb_x86_transpose_shape(p, &b, &r, &c) != 0;
}
size_t eb_transpose_x32_direct_avx512_packed_bytes(const eb_transpose_params *p) {
  (void)p;
  return 0;
}
void eb_transpose_x32_direct_avx512_pack(const eb_transpose_params *p, const void *filter, const void *bias, const int32_t *mult,
                                         const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_transpose_x32_direct_avx512_tasks(const eb_transpose_params *p) { return eb_x86_transpose_tasks(p); }
size_t eb_transpose_x32_direct_avx512_scratch_bytes(const eb_transpose_params *p) {
  (void)p;
  return 0;
}

void eb_transpose_x32_direct_avx512_run(const eb_transpose_params *p, const void *in, const void *packed, void *out, void *scratch,
                                        int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  eb_avx512_transpose_run(p, in, out, task_begin, task_end, 4);
}
