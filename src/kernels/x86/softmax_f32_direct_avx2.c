/* SOFTMAX float32 over the last dimension, AVX2. Per row: the maximum (max(v, m), so NaN inputs are passed
 * over exactly as by the reference's comparison), then e = exp((x - max) * beta) with the reference's two
 * roundings before a vectorised exp of about 1 ulp, stored and summed in 8 lanes (reassociated), then each e
 * divided by the sum. Agrees with the reference to about 1e-6 relative. */
#include <float.h>
#include <string.h>

#include "elementwise_avx2.h"
#include "elementwise_x86.h"

int eb_softmax_f32_direct_avx2_applies(const eb_softmax_params *p) { return p->outer >= 1 && p->depth >= 1; }
size_t eb_softmax_f32_direct_avx2_packed_bytes(const eb_softmax_params *p) {
  (void)p;
  return 0;
}
void eb_softmax_f32_direct_avx2_pack(const eb_softmax_params *p, const void *filter, const void *bias,
                                     const int32_t *mult, const int32_t *shift, void *packed) {
  (void)p, (void)filter, (void)bias, (void)mult, (void)shift, (void)packed;
}
int32_t eb_softmax_f32_direct_avx2_tasks(const eb_softmax_params *p) { return eb_x86_softmax_tasks(p); }
size_t eb_softmax_f32_direct_avx2_scratch_bytes(const eb_softmax_params *p) {
  (void)p;
  return 0;
}

/* A row of up to 16 (a classifier's 10 classes) in two registers, each stored once: storing e and loading it
 * back through masked moves would stall on store forwarding. */
static void softmax_short_row(const float *x, float *y, int32_t n, float beta_s) {
  const __m256 lowest = _mm256_set1_ps(-FLT_MAX), beta = _mm256_set1_ps(beta_s);
  const __m256i k0 = eb_avx2_head_mask(n < 8 ? n : 8), k1 = eb_avx2_head_mask(n > 8 ? n - 8 : 0);
  const __m256 f0 = _mm256_castsi256_ps(k0), f1 = _mm256_castsi256_ps(k1);
  const __m256 v0 = _mm256_blendv_ps(lowest, _mm256_maskload_ps(x, k0), f0);
  const __m256 v1 = _mm256_blendv_ps(lowest, _mm256_maskload_ps(x + 8, k1), f1);
  const __m256 max = _mm256_set1_ps(eb_avx2_hmax_ps(_mm256_max_ps(v1, v0)));
  const __m256 e0 = _mm256_and_ps(eb_avx2_exp_ps(_mm256_mul_ps(_mm256_sub_ps(v0, max), beta)), f0);
  const __m256 e1 = _mm256_and_ps(eb_avx2_exp_ps(_mm256_mul_ps(_mm256_sub_ps(v1, max), beta)), f1);
  const __m256 sum = _mm256_set1_ps(eb_avx2_hsum_ps(_mm256_add_ps(e0, e1)));
  /* Through a 64-byte buffer: VMASKMOVPS stores are slow on AMD cores, a copy of n floats is not. */
  float tmp[16];
  _mm256_storeu_ps(tmp, _mm256_div_ps(e0, sum));
  _mm256_storeu_ps(tmp + 8, _mm256_div_ps(e1, sum));
  memcpy(y, tmp, (size_t)n * sizeof(float));
}

static void softmax_row(const float *x, float *y, int32_t n, float beta_s) {
  if (n <= 16) {
    softmax_short_row(x, y, n, beta_s);
    return;
  }
  const __m256 lowest = _mm256_set1_ps(-FLT_MAX), beta = _mm256_set1_ps(beta_s);
  const int32_t full = n & ~7;
  const __m256i tail = eb_avx2_head_mask(n - full);
  __m256 m = lowest;
  for (int32_t i = 0; i < full; i += 8) m = _mm256_max_ps(_mm256_loadu_ps(x + i), m);
  if (full < n) {
    const __m256 v = _mm256_blendv_ps(lowest, _mm256_maskload_ps(x + full, tail), _mm256_castsi256_ps(tail));
    m = _mm256_max_ps(v, m);
  }
  const __m256 max = _mm256_set1_ps(eb_avx2_hmax_ps(m));

  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  int32_t i = 0;
  for (; i + 16 <= full; i += 16) {
    const __m256 e0 = eb_avx2_exp_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), max), beta));
    const __m256 e1 = eb_avx2_exp_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i + 8), max), beta));
    _mm256_storeu_ps(y + i, e0);
    _mm256_storeu_ps(y + i + 8, e1);
    s0 = _mm256_add_ps(s0, e0);
    s1 = _mm256_add_ps(s1, e1);
  }
  for (; i < full; i += 8) {
    const __m256 e = eb_avx2_exp_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), max), beta));
    _mm256_storeu_ps(y + i, e);
    s0 = _mm256_add_ps(s0, e);
  }
  /* The tail's e stays in a register until divided: a masked store read back by a masked load stalls. */
  __m256 e_tail = _mm256_setzero_ps();
  if (full < n) {
    e_tail = eb_avx2_exp_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_maskload_ps(x + full, tail), max), beta));
    e_tail = _mm256_and_ps(e_tail, _mm256_castsi256_ps(tail));
    s1 = _mm256_add_ps(s1, e_tail);
  }
  const __m256 sum = _mm256_set1_ps(eb_avx2_hsum_ps(_mm256_add_ps(s0, s1)));
  for (i = 0; i < full; i += 8) _mm256_storeu_ps(y + i, _mm256_div_ps(_mm256_loadu_ps(y + i), sum));
  if (full < n) _mm256_maskstore_ps(y + full, tail, _mm256_div_ps(e_tail, sum));
}

void eb_softmax_f32_direct_avx2_run(const eb_softmax_params *p, const void *in, const void *packed, void *out,
                                    void *scratch, int32_t task_begin, int32_t task_end) {
  (void)packed, (void)scratch;
  const int32_t tasks = eb_x86_softmax_tasks(p);
  const size_t depth = (size_t)p->depth;
  for (int64_t r = eb_x86_ew_task_start(p->outer, tasks, task_begin);
       r < eb_x86_ew_task_start(p->outer, tasks, task_end); ++r) {
    softmax_row((const float *)in + (size_t)r * depth, (float *)out + (size_t)r * depth, p->depth, p->beta);
  }
}
