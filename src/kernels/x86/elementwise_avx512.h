/* AVX-512 helpers shared by the element-wise, pooling, softmax and mean variants (include only from
 * *_avx512.c). The same operand-order rules as elementwise_avx2.h: VMAXPS/VMINPS return their second operand
 * when either is NaN, so max(v, m) is `m < v ? v : m` and max(lo, min(hi, v)) is eb_clamp_f32 for lo <= hi.
 * Tails use masked loads and stores, which never touch the lanes left out. */
#ifndef EB_ELEMENTWISE_AVX512_H
#define EB_ELEMENTWISE_AVX512_H

#include <immintrin.h>

#include "elementwise_x86_util.h"

#define EB_AVX512_INLINE static inline __attribute__((always_inline))

/* Lanes [0, n) of 16 (n in [0, 16]). */
EB_AVX512_INLINE __mmask16 eb_avx512_mask16(int32_t n) { return (__mmask16)((1u << n) - 1u); }
/* Lanes [0, n) of 32 (n in [0, 32]). */
EB_AVX512_INLINE __mmask32 eb_avx512_mask32(int32_t n) {
  return n >= 32 ? (__mmask32)0xFFFFFFFFu : (__mmask32)((1u << n) - 1u);
}
/* Lanes [0, n) of 64 (n in [0, 64]). */
EB_AVX512_INLINE __mmask64 eb_avx512_mask64(int32_t n) {
  return n >= 64 ? (__mmask64)~0ull : (__mmask64)((1ull << n) - 1ull);
}

EB_AVX512_INLINE __m512 eb_avx512_clamp_ps(__m512 v, __m512 lo, __m512 hi) {
  return _mm512_max_ps(lo, _mm512_min_ps(hi, v));
}

/* e^x within about 1 ulp for every float, with expf's edge cases (see eb_avx2_exp_ps); VSCALEFPS applies 2^n
 * with a single rounding, denormal and overflowing results included. */
EB_AVX512_INLINE __m512 eb_avx512_exp_ps(__m512 x) {
  x = _mm512_max_ps(_mm512_set1_ps(-110.0f), _mm512_min_ps(_mm512_set1_ps(90.0f), x));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693145751953125f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.42860682030941723e-6f), r);
  __m512 e = _mm512_set1_ps(1.0f / 5040.0f);
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(1.0f / 720.0f));
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(1.0f / 120.0f));
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(1.0f / 24.0f));
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(1.0f / 6.0f));
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(0.5f));
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(1.0f));
  e = _mm512_fmadd_ps(e, r, _mm512_set1_ps(1.0f));
  return _mm512_scalef_ps(e, n);
}

EB_AVX512_INLINE __m512 eb_avx512_binary_op(__m512 x, __m512 y, int mul) {
  return mul ? _mm512_mul_ps(x, y) : _mm512_add_ps(x, y);
}

/* o[i] = clamp(a[i] op b[i]) for i < n; an input whose *_vec is 0 is the one value a[0] (or b[0]) throughout. */
EB_AVX512_INLINE void eb_avx512_binary_span(const float *a, int a_vec, const float *b, int b_vec, float *o, int64_t n,
                                            __m512 lo, __m512 hi, int mul) {
  const __m512 a0 = a_vec ? _mm512_setzero_ps() : _mm512_set1_ps(a[0]);
  const __m512 b0 = b_vec ? _mm512_setzero_ps() : _mm512_set1_ps(b[0]);
  int64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    for (int k = 0; k < 4; ++k) {
      const __m512 x = a_vec ? _mm512_loadu_ps(a + i + 16 * k) : a0;
      const __m512 y = b_vec ? _mm512_loadu_ps(b + i + 16 * k) : b0;
      _mm512_storeu_ps(o + i + 16 * k, eb_avx512_clamp_ps(eb_avx512_binary_op(x, y, mul), lo, hi));
    }
  }
  for (; i + 16 <= n; i += 16) {
    const __m512 x = a_vec ? _mm512_loadu_ps(a + i) : a0;
    const __m512 y = b_vec ? _mm512_loadu_ps(b + i) : b0;
    _mm512_storeu_ps(o + i, eb_avx512_clamp_ps(eb_avx512_binary_op(x, y, mul), lo, hi));
  }
  if (i < n) {
    const __mmask16 m = eb_avx512_mask16((int32_t)(n - i));
    const __m512 x = a_vec ? _mm512_maskz_loadu_ps(m, a + i) : a0;
    const __m512 y = b_vec ? _mm512_maskz_loadu_ps(m, b + i) : b0;
    _mm512_mask_storeu_ps(o + i, m, eb_avx512_clamp_ps(eb_avx512_binary_op(x, y, mul), lo, hi));
  }
}

/* The whole run of float32 ADD (mul 0) or MUL (mul 1) for the broadcast patterns eb_x86_classify_bcast takes. */
EB_AVX512_INLINE void eb_avx512_binary_f32_run(const eb_binary_params *p, const void *const *in, void *out,
                                               int32_t task_begin, int32_t task_end, int mul) {
  const float *a = (const float *)in[0], *b = (const float *)in[1];
  float *o = (float *)out;
  const int64_t begin = eb_x86_binary_task_start(p, task_begin), end = eb_x86_binary_task_start(p, task_end);
  const __m512 lo = _mm512_set1_ps(p->act_min), hi = _mm512_set1_ps(p->act_max);
  const eb_x86_bcast kind = eb_x86_classify_bcast(p);
  switch (kind) {
    case EB_X86_BCAST_SAME:
      eb_avx512_binary_span(a + begin, 1, b + begin, 1, o + begin, end - begin, lo, hi, mul);
      break;
    case EB_X86_BCAST_SCALAR1:
      eb_avx512_binary_span(a, 0, b + begin, 1, o + begin, end - begin, lo, hi, mul);
      break;
    case EB_X86_BCAST_SCALAR2:
      eb_avx512_binary_span(a + begin, 1, b, 0, o + begin, end - begin, lo, hi, mul);
      break;
    case EB_X86_BCAST_ROW1:
    case EB_X86_BCAST_ROW2: {
      const int64_t inner = p->out_dims[p->rank - 1];
      /* The row index wraps once per row: one division for the task's first element, none after. */
      for (int64_t i = begin, j = begin % inner; i < end; j = 0) {
        const int64_t len = inner - j < end - i ? inner - j : end - i;
        if (kind == EB_X86_BCAST_ROW1) {
          eb_avx512_binary_span(a + j, 1, b + i, 1, o + i, len, lo, hi, mul);
        } else {
          eb_avx512_binary_span(a + i, 1, b + j, 1, o + i, len, lo, hi, mul);
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
