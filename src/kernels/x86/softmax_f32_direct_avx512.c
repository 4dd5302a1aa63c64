/* SOFTMAX float32 over the last dimension, AVX-512. Per row: the maximum (max(v, m), so NaN inputs are passed
 * over exactly as by the reference's comparison), then e = exp((x - max) * beta) with the reference's two
 * roundings before a vectorised exp of about 1 ulp, stored and summed in 16 lanes (reassociated), then each e
 * divided by the sum. Agrees with the reference to about 1e-6 relative. */
#include <float.h>

#include "elementwise_avx512.h"
#include "elementwise_x86.h"

int eb_softmax_f32_direct_avx512_applies(const eb_softmax_params *p) { return p->outer >= 1 && p->depth >= 1; }
size_t eb_softmax_f32_direct_avx512_packed_bytes(const eb_softmax_params *p) {
  (void)p;
  return 0;
}
void eb_softmax_f32_direct_avx512_pack(const eb_softmax_params *p, const void *filter, const void *bias,
                                       const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_softmax_f32_direct_avx512_tasks(const eb_softmax_params *p) { return eb_x86_softmax_tasks(p); }
size_t eb_softmax_f32_direct_avx512_scratch_bytes(const eb_softmax_params *p) {
  (void)p;
  return 0;
}

/* A row of up to 32 (a classifier's 10 classes) in two registers, each stored once: storing e and loading it
 * back through masked moves would stall on store forwarding. */
static void softmax_short_row(const float *x, float *y, int32_t n, float beta_s) {
  const __m512 lowest = _mm512_set1_ps(-FLT_MAX), beta = _mm512_set1_ps(beta_s);
  const __mmask16 k0 = eb_avx512_mask16(n < 16 ? n : 16), k1 = eb_avx512_mask16(n > 16 ? n - 16 : 0);
  const __m512 v0 = _mm512_mask_loadu_ps(lowest, k0, x), v1 = _mm512_mask_loadu_ps(lowest, k1, x + 16);
  const __m512 max = _mm512_set1_ps(_mm512_reduce_max_ps(_mm512_max_ps(v1, v0)));
  const __m512 e0 = _mm512_maskz_mov_ps(k0, eb_avx512_exp_ps(_mm512_mul_ps(_mm512_sub_ps(v0, max), beta)));
  const __m512 e1 = _mm512_maskz_mov_ps(k1, eb_avx512_exp_ps(_mm512_mul_ps(_mm512_sub_ps(v1, max), beta)));
  const __m512 sum = _mm512_set1_ps(_mm512_reduce_add_ps(_mm512_add_ps(e0, e1)));
  _mm512_mask_storeu_ps(y, k0, _mm512_div_ps(e0, sum));
  _mm512_mask_storeu_ps(y + 16, k1, _mm512_div_ps(e1, sum));
}

static void softmax_row(const float *x, float *y, int32_t n, float beta_s) {
  if (n <= 32) {
    softmax_short_row(x, y, n, beta_s);
    return;
  }
  const __m512 lowest = _mm512_set1_ps(-FLT_MAX), beta = _mm512_set1_ps(beta_s);
  const int32_t full = n & ~15;
  const __mmask16 tail = eb_avx512_mask16(n - full);
  __m512 m = lowest;
  for (int32_t i = 0; i < full; i += 16) m = _mm512_max_ps(_mm512_loadu_ps(x + i), m);
  if (full < n) m = _mm512_max_ps(_mm512_mask_loadu_ps(lowest, tail, x + full), m);
  const __m512 max = _mm512_set1_ps(_mm512_reduce_max_ps(m));

  __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
  int32_t i = 0;
  for (; i + 32 <= full; i += 32) {
    const __m512 e0 = eb_avx512_exp_ps(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i), max), beta));
    const __m512 e1 = eb_avx512_exp_ps(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i + 16), max), beta));
    _mm512_storeu_ps(y + i, e0);
    _mm512_storeu_ps(y + i + 16, e1);
    s0 = _mm512_add_ps(s0, e0);
    s1 = _mm512_add_ps(s1, e1);
  }
  for (; i < full; i += 16) {
    const __m512 e = eb_avx512_exp_ps(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i), max), beta));
    _mm512_storeu_ps(y + i, e);
    s0 = _mm512_add_ps(s0, e);
  }
  /* The tail's e stays in a register until divided: a masked store read back by a masked load stalls. */
  __m512 e_tail = _mm512_setzero_ps();
  if (full < n) {
    const __m512 v = _mm512_maskz_loadu_ps(tail, x + full);
    e_tail = _mm512_maskz_mov_ps(tail, eb_avx512_exp_ps(_mm512_mul_ps(_mm512_sub_ps(v, max), beta)));
    s1 = _mm512_add_ps(s1, e_tail);
  }
  const __m512 sum = _mm512_set1_ps(_mm512_reduce_add_ps(_mm512_add_ps(s0, s1)));
  for (i = 0; i < full; i += 16) _mm512_storeu_ps(y + i, _mm512_div_ps(_mm512_loadu_ps(y + i), sum));
  if (full < n) _mm512_mask_storeu_ps(y + full, tail, _mm512_div_ps(e_tail, sum));
}

void eb_softmax_f32_direct_avx512_run(const eb_softmax_params *p, const void *in, const void *packed, void *out,
                                      void *scratch, int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  const int32_t tasks = eb_x86_softmax_tasks(p);
  const size_t depth = (size_t)p->depth;
  for (int64_t r = eb_x86_ew_task_start(p->outer, tasks, task_begin);
       r < eb_x86_ew_task_start(p->outer, tasks, task_end); ++r) {
    softmax_row((const float *)in + (size_t)r * depth, (float *)out + (size_t)r * depth, p->depth, p->beta);
  }
}
