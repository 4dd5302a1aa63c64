/* MEAN float32 over the middle axis of [outer][reduced][inner] (H and W of NHWC), AVX-512: each task sums a
 * block of up to 256 channels of one outer index, 64 at a time in four vectors (then masked vectors of 16),
 * every lane over `reduced` in the reference's order from 0.0f, and divides by the count as the reference
 * does: bit-exact. Vectorised across the kept inner axis, so a mean over the last axis (inner < 4) is left to
 * the reference. */
#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_mean_f32_direct_avx512_applies(const eb_mean_params *p) {
  return p->outer >= 1 && p->reduced >= 1 && p->inner >= 4;
}
size_t eb_mean_f32_direct_avx512_packed_bytes(const eb_mean_params *p) {
  (void)p;
  return 0;
}
void eb_mean_f32_direct_avx512_pack(const eb_mean_params *p, const void *filter, const void *bias, const int32_t *mult,
                                    const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_mean_f32_direct_avx512_tasks(const eb_mean_params *p) { return eb_x86_mean_tasks(p); }
size_t eb_mean_f32_direct_avx512_scratch_bytes(const eb_mean_params *p) {
  (void)p;
  return 0;
}

/* Channels [c0, c1) of one slab (reduced x inner). */
static void mean_block(const float *slab, size_t inner, int32_t reduced, int32_t c0, int32_t c1, float *out) {
  const __m512 count = _mm512_set1_ps((float)reduced);
  int32_t c = c0;
  for (; c + 64 <= c1; c += 64) {
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps(), s2 = _mm512_setzero_ps(), s3 = _mm512_setzero_ps();
    for (int32_t r = 0; r < reduced; ++r) {
      const float *t = slab + r * inner + c;
      s0 = _mm512_add_ps(s0, _mm512_loadu_ps(t));
      s1 = _mm512_add_ps(s1, _mm512_loadu_ps(t + 16));
      s2 = _mm512_add_ps(s2, _mm512_loadu_ps(t + 32));
      s3 = _mm512_add_ps(s3, _mm512_loadu_ps(t + 48));
    }
    _mm512_storeu_ps(out + c, _mm512_div_ps(s0, count));
    _mm512_storeu_ps(out + c + 16, _mm512_div_ps(s1, count));
    _mm512_storeu_ps(out + c + 32, _mm512_div_ps(s2, count));
    _mm512_storeu_ps(out + c + 48, _mm512_div_ps(s3, count));
  }
  for (; c < c1; c += 16) {
    const __mmask16 k = eb_avx512_mask16(c1 - c < 16 ? c1 - c : 16);
    __m512 s = _mm512_setzero_ps();
    for (int32_t r = 0; r < reduced; ++r) s = _mm512_add_ps(s, _mm512_maskz_loadu_ps(k, slab + r * inner + c));
    _mm512_mask_storeu_ps(out + c, k, _mm512_div_ps(s, count));
  }
}

void eb_mean_f32_direct_avx512_run(const eb_mean_params *p, const void *in, const void *packed, void *out,
                                   void *scratch, int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  const int32_t blocks = eb_x86_mean_blocks(p), tasks = eb_x86_mean_tasks(p);
  const int64_t units = (int64_t)p->outer * blocks;
  const size_t inner = (size_t)p->inner;
  for (int64_t u = eb_x86_ew_task_start(units, tasks, task_begin); u < eb_x86_ew_task_start(units, tasks, task_end);
       ++u) {
    const int64_t o = u / blocks;
    const int32_t c0 = (int32_t)(u % blocks) * EB_X86_MEAN_BLOCK;
    const int32_t c1 = c0 + EB_X86_MEAN_BLOCK < p->inner ? c0 + EB_X86_MEAN_BLOCK : p->inner;
    mean_block((const float *)in + (size_t)o * p->reduced * inner, inner, p->reduced, c0, c1,
               (float *)out + (size_t)o * inner);
  }
}
