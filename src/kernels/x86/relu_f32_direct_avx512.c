/* RELU float32, AVX-512: max(0, v) with the reference's NaN and -0 behaviour, bit-exact. Tasks are ranges of 16-element blocks; nothing packed, no
 * scratch. The loop is eb_avx512_act_run (elementwise_avx512.h). */
#include "elementwise_avx512.h"
#include "elementwise_s8_x86.h"

int eb_relu_f32_direct_avx512_applies(const eb_act_params *p) { return p->count >= 0; }
size_t eb_relu_f32_direct_avx512_packed_bytes(const eb_act_params *p) {
  (void)p;
  return 0;
}
void eb_relu_f32_direct_avx512_pack(const eb_act_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_relu_f32_direct_avx512_tasks(const eb_act_params *p) { return eb_x86_span_tasks(p->count); }
size_t eb_relu_f32_direct_avx512_scratch_bytes(const eb_act_params *p) {
  (void)p;
  return 0;
}

void eb_relu_f32_direct_avx512_run(const eb_act_params *p, const void *in, const void *packed, void *out, void *scratch,
                                   int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  eb_avx512_act_run(p, in, out, task_begin, task_end, EB_ACT_RELU_F32);
}
