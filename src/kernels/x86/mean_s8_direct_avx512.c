/* MEAN int8, AVX-512: eb_mean_s8's arithmetic (TFLM's QuantizedMeanOrSum) bit for bit, channels in
 * vectors: exact sums and the requantisation, which holds the division by the count (eb_avx512_mean_s8_run,
 * elementwise_avx512.h). Tasks are (outer, 256-channel block) units; nothing packed, no scratch. */
#include "elementwise_avx512.h"
#include "elementwise_s8_x86.h"

int eb_mean_s8_direct_avx512_applies(const eb_mean_params *p) { return eb_x86_mean_s8_applies(p); }
size_t eb_mean_s8_direct_avx512_packed_bytes(const eb_mean_params *p) {
  (void)p;
  return 0;
}
void eb_mean_s8_direct_avx512_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                   const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_mean_s8_direct_avx512_tasks(const eb_mean_params *p) { return eb_x86_mean_tasks(p); }
size_t eb_mean_s8_direct_avx512_scratch_bytes(const eb_mean_params *p) {
  (void)p;
  return 0;
}

void eb_mean_s8_direct_avx512_run(const eb_mean_params *p, const void *in, const void *packed, void *out, void *scratch,
                                  int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  eb_avx512_mean_s8_run(p, in, out, task_begin, task_end);
}
