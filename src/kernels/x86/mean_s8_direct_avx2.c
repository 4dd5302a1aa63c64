/* MEAN int8, AVX2: eb_mean_s8's arithmetic (TFLM's QuantizedMeanOrSum) bit for bit, channels in
 * vectors: exact sums and the requantisation, which holds the division by the count (eb_avx2_mean_s8_run,
 * elementwise_avx2.h). Tasks are (outer, 256-channel block) units; nothing packed, no scratch. */
#include "elementwise_avx2.h"
#include "elementwise_s8_x86.h"

int eb_mean_s8_direct_avx2_applies(const eb_mean_params *p) { return eb_x86_mean_s8_applies(p); }
size_t eb_mean_s8_direct_avx2_packed_bytes(const eb_mean_params *p) {
  (void)p;
  return 0;
}
void eb_mean_s8_direct_avx2_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                 const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_mean_s8_direct_avx2_tasks(const eb_mean_params *p) { return eb_x86_mean_tasks(p); }
size_t eb_mean_s8_direct_avx2_scratch_bytes(const eb_mean_params *p) {
  (void)p;
  return 0;
}

void eb_mean_s8_direct_avx2_run(const eb_mean_params *p, const void *in, const void *packed, void *out, void *scratch,
                                int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  eb_avx2_mean_s8_run(p, in, out, task_begin, task_end);
}
