/* MUL int8, AVX2: the product of the zero-point-corrected inputs (exact in int32) requantised once, as TFLM;
 * the broadcasts ADD takes; loop: eb_avx2_binary_s8_run (elementwise_avx2.h). */
#include "elementwise_avx2.h"
#include "elementwise_s8_x86.h"

int eb_mul_s8_direct_avx2_applies(const eb_binary_params *p) { return eb_x86_binary_s8_common_ok(p); }
size_t eb_mul_s8_direct_avx2_packed_bytes(const eb_binary_params *p) {
  (void)p;
  return eb_x86_binary_s8_packed_bytes();
}
void eb_mul_s8_direct_avx2_pack(const eb_binary_params *p, const void *filter, const void *bias, const int32_t *mult,
                                const int32_t *shift, void *packed) {
  (void)filter, (void)bias, (void)mult, (void)shift;
  eb_x86_binary_s8_plan_fill(p, (eb_x86_binary_s8_plan *)packed);
}
int32_t eb_mul_s8_direct_avx2_tasks(const eb_binary_params *p) { return eb_x86_binary_tasks(p); }
size_t eb_mul_s8_direct_avx2_scratch_bytes(const eb_binary_params *p) {
  (void)p;
  return 0;
}

void eb_mul_s8_direct_avx2_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                               void *scratch, int32_t task_begin, int32_t task_end) {
  (void)scratch;
  eb_avx2_binary_s8_run(p, in, packed, out, task_begin, task_end, EB_S8_OP_MUL);
}
