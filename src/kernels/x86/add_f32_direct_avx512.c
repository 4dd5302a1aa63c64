/* ADD float32, AVX-512: one IEEE operation and the clamp per element, so bit-exact. Takes same shapes, a
 * one-element input, or a last-dim vector repeated over the rows (either input); tasks are ranges of whole
 * 16-element blocks of the output. The loop is eb_avx512_binary_f32_run (elementwise_avx512.h), shared with
 * MUL. */
#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_add_f32_direct_avx512_applies(const eb_binary_params *p) { return eb_x86_binary_f32_applies(p); }
size_t eb_add_f32_direct_avx512_packed_bytes(const eb_binary_params *p) {
  (void)p;
  return 0;
}
void eb_add_f32_direct_avx512_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_add_f32_direct_avx512_tasks(const eb_binary_params *p) { return eb_x86_binary_tasks(p); }
size_t eb_add_f32_direct_avx512_scratch_bytes(const eb_binary_params *p) {
  (void)p;
  return 0;
}

void eb_add_f32_direct_avx512_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  eb_avx512_binary_f32_run(p, in, out, task_begin, task_end, 0);
}
