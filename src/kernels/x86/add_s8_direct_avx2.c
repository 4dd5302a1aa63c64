/* ADD int8, AVX2: TFLM's scheme bit for bit. Each input's term (v - zp) 2^20 rescaled, computed per element in 32-bit
 * lanes by the cheapest exact form the plan picked at pack time (eb_x86_s8_term), summed, requantised to the output,
 * offset, clamped. Same shapes, a one-element input or a last-dim vector (either side); tasks are ranges of
 * 16-element blocks. The loop is eb_avx2_binary_s8_run (elementwise_avx2.h), shared with SUB and MUL. */
#include "elementwise_avx2.h"
#include "elementwise_s8_x86.h"

int eb_add_s8_direct_avx2_applies(const eb_binary_params *p) { return eb_x86_addsub_s8_applies(p); }
size_t eb_add_s8_direct_avx2_packed_bytes(const eb_binary_params *p) {
  (void)p;
  return eb_x86_binary_s8_packed_bytes();
}
void eb_add_s8_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                const int32_t *shift, void *packed) {
  (void)filter, (void)bias, (void)mult, (void)shift;
  eb_x86_binary_s8_plan_fill(p, (eb_x86_binary_s8_plan *)packed);
}
int32_t eb_add_s8_direct_avx2_tasks(const eb_binary_params *p) { return eb_x86_binary_tasks(p); }
size_t eb_add_s8_direct_avx2_scratch_bytes(const eb_binary_params *p) {
  (void)p;
  return 0;
}

void eb_add_s8_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                               void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  eb_avx2_binary_s8_run(p, in, packed, out, task_begin, task_end, EB_S8_OP_ADD);
}
