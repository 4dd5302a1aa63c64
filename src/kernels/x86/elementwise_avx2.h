/* AVX2 helpers shared by the element-wise, pooling, softmax and mean variants (include only from *_avx2.c).
 *
 * Min/max are written with the operand order that makes them agree with the reference's C comparisons:
 * MINPS/MAXPS return their second operand when either is NaN, so max(v, m) is `m < v ? v : m` exactly and
 * max(lo, min(hi, v)) is eb_clamp_f32(v, lo, hi) for lo <= hi (a NaN v stays NaN, -0 stays -0). */
#ifndef EB_ELEMENTWISE_AVX2_H
#define EB_ELEMENTWISE_AVX2_H

#include <immintrin.h>

#include "elementwise_x86_util.h"

#define EB_AVX2_INLINE static inline __attribute__((always_inline))

/* Lanes [0, n) set, n in [0, 8]. */
EB_AVX2_INLINE __m256i eb_avx2_head_mask(int32_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

EB_AVX2_INLINE __m256 eb_avx2_clamp_ps(__m256 v, __m256 lo, __m256 hi) {
  return _mm256_max_ps(lo, _mm256_min_ps(hi, v));
}

EB_AVX2_INLINE float eb_avx2_hmax_ps(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
  return _mm_cvtss_f32(m);
}

EB_AVX2_INLINE float eb_avx2_hsum_ps(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
  return _mm_cvtss_f32(s);
}

/* e^x within about 1 ulp for every float, with expf's edge cases: 0 below the denormals, +inf above FLT_MAX,
 * NaN for NaN. x = n ln2 + r with |r| <= ln2 / 2 (ln2 in two parts, Cody-Waite), e^r by its degree-7 Taylor
 * polynomial (the first term left out is below 2^-27 relative), and 2^n applied as two halves, so that the
 * result is rounded once even where it is denormal or overflows. */
EB_AVX2_INLINE __m256 eb_avx2_exp_ps(__m256 x) {
  x = _mm256_max_ps(_mm256_set1_ps(-110.0f), _mm256_min_ps(_mm256_set1_ps(90.0f), x));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.42860682030941723e-6f), r);
  __m256 e = _mm256_set1_ps(1.0f / 5040.0f);
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(1.0f / 720.0f));
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(1.0f / 120.0f));
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(1.0f / 24.0f));
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(1.0f / 6.0f));
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(0.5f));
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(1.0f));
  e = _mm256_fmadd_ps(e, r, _mm256_set1_ps(1.0f));
  /* n in [-159, 130]: each half's biased exponent stays in the normal range. */
  const __m256i ni = _mm256_cvtps_epi32(n);
  const __m256i n1 = _mm256_srai_epi32(ni, 1), n2 = _mm256_sub_epi32(ni, n1);
  const __m256i bias = _mm256_set1_epi32(127);
  const __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, bias), 23));
  const __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, bias), 23));
  return _mm256_mul_ps(_mm256_mul_ps(e, s1), s2);
}

EB_AVX2_INLINE __m256 eb_avx2_binary_op(__m256 x, __m256 y, int mul) {
  return mul ? _mm256_mul_ps(x, y) : _mm256_add_ps(x, y);
}

/* o[i] = clamp(a[i] op b[i]) for i < n; an input whose *_vec is 0 is the one value a[0] (or b[0]) throughout. */
EB_AVX2_INLINE void eb_avx2_binary_span(const float *a, int a_vec, const float *b, int b_vec, float *o, int64_t n,
                                        __m256 lo, __m256 hi, int mul) {
  const __m256 a0 = a_vec ? _mm256_setzero_ps() : _mm256_broadcast_ss(a);
  const __m256 b0 = b_vec ? _mm256_setzero_ps() : _mm256_broadcast_ss(b);
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int k = 0; k < 4; ++k) {
      const __m256 x = a_vec ? _mm256_loadu_ps(a + i + 8 * k) : a0;
      const __m256 y = b_vec ? _mm256_loadu_ps(b + i + 8 * k) : b0;
      _mm256_storeu_ps(o + i + 8 * k, eb_avx2_clamp_ps(eb_avx2_binary_op(x, y, mul), lo, hi));
    }
  }
  for (; i + 8 <= n; i += 8) {
    const __m256 x = a_vec ? _mm256_loadu_ps(a + i) : a0;
    const __m256 y = b_vec ? _mm256_loadu_ps(b + i) : b0;
    _mm256_storeu_ps(o + i, eb_avx2_clamp_ps(eb_avx2_binary_op(x, y, mul), lo, hi));
  }
  if (i < n) {
    const __m256i m = eb_avx2_head_mask((int32_t)(n - i));
    const __m256 x = a_vec ? _mm256_maskload_ps(a + i, m) : a0;
    const __m256 y = b_vec ? _mm256_maskload_ps(b + i, m) : b0;
    _mm256_maskstore_ps(o + i, m, eb_avx2_clamp_ps(eb_avx2_binary_op(x, y, mul), lo, hi));
  }
}

/* The whole run of float32 ADD (mul 0) or MUL (mul 1) for the broadcast patterns eb_x86_classify_bcast takes. */
EB_AVX2_INLINE void eb_avx2_binary_f32_run(const eb_binary_params *p, const void *const *in, void *out,
                                           int32_t task_begin, int32_t task_end, int mul) {
  const float *a = (const float *)in[0], *b = (const float *)in[1];
  float *o = (float *)out;
  const int64_t begin = eb_x86_binary_task_start(p, task_begin), end = eb_x86_binary_task_start(p, task_end);
  const __m256 lo = _mm256_set1_ps(p->act_min), hi = _mm256_set1_ps(p->act_max);
  const eb_x86_bcast kind = eb_x86_classify_bcast(p);
  switch (kind) {
    case EB_X86_BCAST_SAME:
      eb_avx2_binary_span(a + begin, 1, b + begin, 1, o + begin, end - begin, lo, hi, mul);
      break;
    case EB_X86_BCAST_SCALAR1:
      eb_avx2_binary_span(a, 0, b + begin, 1, o + begin, end - begin, lo, hi, mul);
      break;
    case EB_X86_BCAST_SCALAR2:
      eb_avx2_binary_span(a + begin, 1, b, 0, o + begin, end - begin, lo, hi, mul);
      break;
    case EB_X86_BCAST_ROW1:
    case EB_X86_BCAST_ROW2: {
      const int64_t inner = p->out_dims[p->rank - 1];
      /* The row index wraps once per row: one division for the task's first element, none after. */
      for (int64_t i = begin, j = begin % inner; i < end; j = 0) {
        const int64_t len = inner - j < end - i ? inner - j : end - i;
        if (kind == EB_X86_BCAST_ROW1) {
          eb_avx2_binary_span(a + j, 1, b + i, 1, o + i, len, lo, hi, mul);
        } else {
          eb_avx2_binary_span(a + i, 1, b + j, 1, o + i, len, lo, hi, mul);
        }
        i += len;
      }
      break;
    }
    case EB_X86_BCAST_NONE:
      break;
  }
}

#endif
