/* AVX2 helpers shared by the element-wise, pooling, softmax and mean variants (include only from *_avx2.c).
 *
 * Min/max are written with the operand order that makes them agree with the reference's C comparisons:
 * MINPS/MAXPS return their second operand when either is NaN, so max(v, m) is `m < v ? v : m` exactly and
 * max(lo, min(hi, v)) is eb_clamp_f32(v, lo, hi) for lo <= hi (a NaN v stays NaN, -0 stays -0). */
#ifndef EB_ELEMENTWISE_AVX2_H
#define EB_ELEMENTWISE_AVX2_H

#include <immintrin.h>

#include <string.h>

#include "elementwise_x86_util.h"
#include "requant_avx2.h"

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


/* ---- int8 ADD/SUB/MUL, MEAN, RELU/RELU6, TRANSPOSE (elementwise_s8_x86.h) ----
 * As the AVX-512 helpers (elementwise_avx512.h), 32 elements per step in four 8-lane parts; AVX2 has no byte
 * masked loads, so a partial step goes through 32-byte copies on the stack. */

EB_AVX2_INLINE eb_rq8v eb_avx2_rq_uniform(int32_t mult, int32_t shift, int fast) {
  eb_rq8v v;
  v.m = _mm256_set1_epi32(mult);
  v.m_odd = v.m; /* vpmuldq reads each qword's low dword, which is mult here too */
  if (fast) {
    const int32_t r = -shift;
    v.a = _mm256_set1_epi32(r - 1);
    v.b = v.c = _mm256_set1_epi64x((1LL << 30) + (1LL << (30 + r)));
    v.d = _mm256_setzero_si256();
  } else {
    const int32_t rs = shift > 0 ? 0 : -shift;
    const int32_t mask = (int32_t)((1u << rs) - 1u);
    v.a = _mm256_set1_epi32(shift > 0 ? shift : 0);
    v.b = _mm256_set1_epi32(rs);
    v.c = _mm256_set1_epi32(mask);
    v.d = _mm256_set1_epi32(mask >> 1);
  }
  return v;
}

EB_AVX2_INLINE __m256i eb_avx2_rq_apply(__m256i x, const eb_rq8v *k, int fast) {
  return fast ? eb_rq8_fast(x, k) : eb_rq8_general(x, k);
}

typedef struct {
  __m256i zp, mh, ml, c1, round;
  __m128i left, lshift, k, rs;
  eb_rq8v g;
} eb_avx2_term_k;

EB_AVX2_INLINE eb_avx2_term_k eb_avx2_term_load(const eb_x86_s8_term *t) {
  eb_avx2_term_k k;
  k.zp = _mm256_set1_epi32(t->zp);
  k.mh = _mm256_set1_epi32(t->mh);
  k.ml = _mm256_set1_epi32(t->ml);
  k.c1 = _mm256_set1_epi32(t->c1);
  k.round = _mm256_set1_epi32(t->round);
  k.left = _mm_cvtsi32_si128(t->left);
  k.lshift = _mm_cvtsi32_si128(t->lshift);
  k.k = _mm_cvtsi32_si128(t->k);
  k.rs = _mm_cvtsi32_si128(t->rs);
  k.g = eb_avx2_rq_uniform(t->mult, t->shift, 0);
  return k;
}

/* The term of eight sign-extended int8 values (eb_x86_s8_term); `kind` is a constant at each call site. */
EB_AVX2_INLINE __m256i eb_avx2_term(__m256i v, const eb_avx2_term_k *k, int kind) {
  const __m256i d = _mm256_sub_epi32(v, k->zp);
  if (kind == EB_X86_TERM_HALF) return _mm256_sll_epi32(d, k->lshift);
  if (kind == EB_X86_TERM_SPLIT) {
    const __m256i lo = _mm256_sra_epi32(_mm256_add_epi32(_mm256_mullo_epi32(d, k->ml), k->c1), k->k);
    const __m256i h = _mm256_add_epi32(_mm256_mullo_epi32(d, k->mh), lo);
    return _mm256_sra_epi32(_mm256_add_epi32(_mm256_add_epi32(h, k->round), _mm256_srai_epi32(h, 31)), k->rs);
  }
  return eb_rq8_general(_mm256_sll_epi32(d, k->left), &k->g);
}

typedef struct {
  eb_avx2_term_k t1, t2;
  eb_rq8v out_fast, out_general; /* the output requantisation's constants for either path */
  __m256i out_zp, lo8, hi8;
} eb_avx2_binary_s8_k;

EB_AVX2_INLINE eb_avx2_binary_s8_k eb_avx2_binary_s8_load(const eb_binary_params *p, const eb_x86_binary_s8_plan *plan) {
  eb_avx2_binary_s8_k k;
  k.t1 = eb_avx2_term_load(&plan->term[0]);
  k.t2 = eb_avx2_term_load(&plan->term[1]);
  k.out_fast = eb_avx2_rq_uniform(p->out_mult, p->out_shift, plan->out_fast);
  k.out_general = eb_avx2_rq_uniform(p->out_mult, p->out_shift, 0);
  k.out_zp = _mm256_set1_epi32(p->out_zp);
  k.lo8 = _mm256_set1_epi8((char)p->q_min);
  k.hi8 = _mm256_set1_epi8((char)p->q_max);
  return k;
}

EB_AVX2_INLINE __m256i eb_avx2_load8_s8(const int8_t *a) {
  return _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)a));
}

EB_AVX2_INLINE __m256i eb_avx2_binary_s8_acc(__m256i x, __m256i y, const eb_avx2_binary_s8_k *k, int op, int a_vec,
                                             int b_vec, int k1, int k2) {
  if (op == EB_S8_OP_MUL) {
    const __m256i dx = a_vec ? _mm256_sub_epi32(x, k->t1.zp) : x;
    const __m256i dy = b_vec ? _mm256_sub_epi32(y, k->t2.zp) : y;
    return _mm256_mullo_epi32(dx, dy);
  }
  const __m256i tx = a_vec ? eb_avx2_term(x, &k->t1, k1) : x;
  const __m256i ty = b_vec ? eb_avx2_term(y, &k->t2, k2) : y;
  return op == EB_S8_OP_SUB ? _mm256_sub_epi32(tx, ty) : _mm256_add_epi32(tx, ty);
}

/* 32 outputs from 32 bytes at a and b (or the constant x0 / y0). */
EB_AVX2_INLINE __m256i eb_avx2_binary_s8_step(const int8_t *a, int a_vec, const int8_t *b, int b_vec, __m256i x0,
                                              __m256i y0, const eb_avx2_binary_s8_k *k, int op, int k1, int k2,
                                              int fast) {
  __m256i r[4];
  for (int j = 0; j < 4; ++j) {
    const __m256i x = a_vec ? eb_avx2_load8_s8(a + 8 * j) : x0;
    const __m256i y = b_vec ? eb_avx2_load8_s8(b + 8 * j) : y0;
    const __m256i acc = eb_avx2_binary_s8_acc(x, y, k, op, a_vec, b_vec, k1, k2);
    r[j] = _mm256_add_epi32(eb_avx2_rq_apply(acc, fast ? &k->out_fast : &k->out_general, fast), k->out_zp);
  }
  return _mm256_min_epi8(_mm256_max_epi8(eb_rq8_narrow4(r[0], r[1], r[2], r[3]), k->lo8), k->hi8);
}

EB_AVX2_INLINE void eb_avx2_binary_s8_span(const int8_t *a, int a_vec, const int8_t *b, int b_vec, int8_t *o,
                                           int64_t n, const eb_avx2_binary_s8_k *k, int op, int k1, int k2, int fast) {
  __m256i x0 = _mm256_setzero_si256(), y0 = _mm256_setzero_si256();
  if (!a_vec) {
    x0 = _mm256_set1_epi32(a[0]);
    x0 = op == EB_S8_OP_MUL ? _mm256_sub_epi32(x0, k->t1.zp) : eb_avx2_term(x0, &k->t1, EB_X86_TERM_GENERAL);
  }
  if (!b_vec) {
    y0 = _mm256_set1_epi32(b[0]);
    y0 = op == EB_S8_OP_MUL ? _mm256_sub_epi32(y0, k->t2.zp) : eb_avx2_term(y0, &k->t2, EB_X86_TERM_GENERAL);
  }
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    _mm256_storeu_si256((__m256i *)(o + i), eb_avx2_binary_s8_step(a + i, a_vec, b + i, b_vec, x0, y0, k, op, k1, k2, fast));
  }
  if (i < n) {
    int8_t ta[32] = {0}, tb[32] = {0}, to[32];
    const size_t left = (size_t)(n - i);
    if (a_vec) memcpy(ta, a + i, left);
    if (b_vec) memcpy(tb, b + i, left);
    _mm256_storeu_si256((__m256i *)to, eb_avx2_binary_s8_step(ta, a_vec, tb, b_vec, x0, y0, k, op, k1, k2, fast));
    memcpy(o + i, to, left);
  }
}

EB_AVX2_INLINE void eb_avx2_binary_s8_pick(const int8_t *a, int a_vec, const int8_t *b, int b_vec, int8_t *o, int64_t n,
                                           const eb_avx2_binary_s8_k *k, const eb_x86_binary_s8_plan *plan, int op) {
  const int fast = plan->out_fast;
  if (op == EB_S8_OP_MUL) {
    if (fast) {
      eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, 0, 0, 1);
    } else {
      eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, 0, 0, 0);
    }
    return;
  }
  const int k1 = a_vec ? plan->term[0].kind : EB_X86_TERM_HALF;
  const int k2 = b_vec ? plan->term[1].kind : EB_X86_TERM_HALF;
  const int h1 = k1 == EB_X86_TERM_HALF, h2 = k2 == EB_X86_TERM_HALF;
  const int s1 = k1 == EB_X86_TERM_SPLIT, s2 = k2 == EB_X86_TERM_SPLIT;
  if (!fast || !(h1 || s1) || !(h2 || s2)) {
    eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_GENERAL, EB_X86_TERM_GENERAL, 0);
  } else if (h1 && h2) {
    eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_HALF, EB_X86_TERM_HALF, 1);
  } else if (h1) {
    eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_HALF, EB_X86_TERM_SPLIT, 1);
  } else if (h2) {
    eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_SPLIT, EB_X86_TERM_HALF, 1);
  } else {
    eb_avx2_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_SPLIT, EB_X86_TERM_SPLIT, 1);
  }
}

static inline void eb_avx2_binary_s8_run(const eb_binary_params *p, const void *const *in, const void *packed, void *out,
                                         int32_t task_begin, int32_t task_end, int op) {
  const int8_t *a = (const int8_t *)in[0], *b = (const int8_t *)in[1];
  int8_t *o = (int8_t *)out;
  const eb_x86_binary_s8_plan *plan = (const eb_x86_binary_s8_plan *)packed;
  const eb_avx2_binary_s8_k k = eb_avx2_binary_s8_load(p, plan);
  const int64_t begin = eb_x86_binary_task_start(p, task_begin), end = eb_x86_binary_task_start(p, task_end);
  const eb_x86_bcast kind = eb_x86_classify_bcast(p);
  switch (kind) {
    case EB_X86_BCAST_SAME:
      eb_avx2_binary_s8_pick(a + begin, 1, b + begin, 1, o + begin, end - begin, &k, plan, op);
      break;
    case EB_X86_BCAST_SCALAR1:
      eb_avx2_binary_s8_pick(a, 0, b + begin, 1, o + begin, end - begin, &k, plan, op);
      break;
    case EB_X86_BCAST_SCALAR2:
      eb_avx2_binary_s8_pick(a + begin, 1, b, 0, o + begin, end - begin, &k, plan, op);
      break;
    case EB_X86_BCAST_ROW1:
    case EB_X86_BCAST_ROW2: {
      const int64_t inner = p->out_dims[p->rank - 1];
      for (int64_t i = begin, j = begin % inner; i < end; j = 0) {
        const int64_t len = inner - j < end - i ? inner - j : end - i;
        if (kind == EB_X86_BCAST_ROW1) {
          eb_avx2_binary_s8_pick(a + j, 1, b + i, 1, o + i, len, &k, plan, op);
        } else {
          eb_avx2_binary_s8_pick(a + i, 1, b + j, 1, o + i, len, &k, plan, op);
        }
        i += len;
      }
      break;
    }
    case EB_X86_BCAST_NONE:
      break;
  }
}


/* MEAN int8 (eb_mean_s8), as the AVX-512 helper (elementwise_avx512.h): 32 channels per chunk; a partial chunk sums
 * its channels in scalar code into a buffer. */
typedef struct {
  eb_rq8v rq;
  __m256i sub, out_zp;
  int fast;
} eb_avx2_mean_s8_k;

EB_AVX2_INLINE __m256i eb_avx2_mean_s8_finish(__m256i acc, const eb_avx2_mean_s8_k *k) {
  return _mm256_add_epi32(eb_avx2_rq_apply(_mm256_sub_epi32(acc, k->sub), &k->rq, k->fast), k->out_zp);
}

/* Sums of 32 whole channels at src over n rows `stride` bytes apart. */
EB_AVX2_INLINE void eb_avx2_mean_s8_sum32(const int8_t *src, size_t stride, int32_t n, __m256i acc[4]) {
  for (int j = 0; j < 4; ++j) acc[j] = _mm256_setzero_si256();
  for (int32_t r0 = 0; r0 < n; r0 += EB_X86_AVG_S8_LANE16_TAPS) {
    const int32_t r1 = n - r0 < EB_X86_AVG_S8_LANE16_TAPS ? n : r0 + EB_X86_AVG_S8_LANE16_TAPS;
    __m256i s0 = _mm256_setzero_si256(), s1 = _mm256_setzero_si256();
    for (int32_t r = r0; r < r1; ++r) {
      const __m256i v = _mm256_loadu_si256((const __m256i *)(src + (size_t)r * stride));
      s0 = _mm256_add_epi16(s0, _mm256_cvtepi8_epi16(_mm256_castsi256_si128(v)));
      s1 = _mm256_add_epi16(s1, _mm256_cvtepi8_epi16(_mm256_extracti128_si256(v, 1)));
    }
    acc[0] = _mm256_add_epi32(acc[0], _mm256_cvtepi16_epi32(_mm256_castsi256_si128(s0)));
    acc[1] = _mm256_add_epi32(acc[1], _mm256_cvtepi16_epi32(_mm256_extracti128_si256(s0, 1)));
    acc[2] = _mm256_add_epi32(acc[2], _mm256_cvtepi16_epi32(_mm256_castsi256_si128(s1)));
    acc[3] = _mm256_add_epi32(acc[3], _mm256_cvtepi16_epi32(_mm256_extracti128_si256(s1, 1)));
  }
}

static inline void eb_avx2_mean_s8_run(const eb_mean_params *p, const void *in, void *out, int32_t task_begin,
                                       int32_t task_end) {
  const int8_t *src = (const int8_t *)in;
  int8_t *dst = (int8_t *)out;
  eb_avx2_mean_s8_k k;
  k.fast = eb_requantize_is_fast(p->mult, p->shift);
  k.rq = eb_avx2_rq_uniform(p->mult, p->shift, k.fast);
  k.sub = _mm256_set1_epi32(p->reduced * p->in_zp);
  k.out_zp = _mm256_set1_epi32(p->out_zp);
  const int32_t blocks = eb_x86_mean_blocks(p), tasks = eb_x86_mean_tasks(p);
  const int64_t units = (int64_t)p->outer * blocks;
  const size_t inner = (size_t)p->inner;
  for (int64_t u = eb_x86_ew_task_start(units, tasks, task_begin); u < eb_x86_ew_task_start(units, tasks, task_end);
       ++u) {
    const int64_t o = u / blocks;
    const int32_t c0 = (int32_t)(u % blocks) * EB_X86_MEAN_BLOCK;
    const int32_t c1 = p->inner - c0 < EB_X86_MEAN_BLOCK ? p->inner : c0 + EB_X86_MEAN_BLOCK;
    const int8_t *slab = src + (size_t)o * (size_t)p->reduced * inner;
    int8_t *row = dst + (size_t)o * inner;
    for (int32_t c = c0; c < c1; c += 32) {
      __m256i acc[4];
      const int32_t w = c1 - c < 32 ? c1 - c : 32;
      if (w == 32) {
        eb_avx2_mean_s8_sum32(slab + c, inner, p->reduced, acc);
      } else {
        int32_t sums[32] = {0};
        for (int32_t r = 0; r < p->reduced; ++r) {
          const int8_t *s = slab + (size_t)r * inner + c;
          for (int32_t j = 0; j < w; ++j) sums[j] += s[j];
        }
        for (int j = 0; j < 4; ++j) acc[j] = _mm256_loadu_si256((const __m256i *)(sums + 8 * j));
      }
      const __m256i v = eb_rq8_narrow4(eb_avx2_mean_s8_finish(acc[0], &k), eb_avx2_mean_s8_finish(acc[1], &k),
                                       eb_avx2_mean_s8_finish(acc[2], &k), eb_avx2_mean_s8_finish(acc[3], &k));
      if (w == 32) {
        _mm256_storeu_si256((__m256i *)(row + c), v);
      } else {
        int8_t tmp[32];
        _mm256_storeu_si256((__m256i *)tmp, v);
        memcpy(row + c, tmp, (size_t)w);
      }
    }
  }
}


/* RELU / RELU6, float32 and int8 (operand order as elementwise_avx512.h argues). */
enum { EB_ACT_RELU_F32, EB_ACT_RELU6_F32, EB_ACT_RELU_S8, EB_ACT_RELU6_S8 };

EB_AVX2_INLINE __m256 eb_avx2_act_f32(__m256 v, int kind) {
  const __m256 w = _mm256_max_ps(_mm256_setzero_ps(), v);
  return kind == EB_ACT_RELU6_F32 ? _mm256_min_ps(_mm256_set1_ps(6.0f), w) : w;
}

EB_AVX2_INLINE void eb_avx2_act_f32_span(const float *in, float *out, int64_t n, int kind) {
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int j = 0; j < 4; ++j) _mm256_storeu_ps(out + i + 8 * j, eb_avx2_act_f32(_mm256_loadu_ps(in + i + 8 * j), kind));
  }
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, eb_avx2_act_f32(_mm256_loadu_ps(in + i), kind));
  if (i < n) {
    const __m256i m = eb_avx2_head_mask((int32_t)(n - i));
    _mm256_maskstore_ps(out + i, m, eb_avx2_act_f32(_mm256_maskload_ps(in + i, m), kind));
  }
}

EB_AVX2_INLINE __m256i eb_avx2_relu_s8_step(const int8_t *in, const eb_rq8v *k, int fast, __m256i in_zp, __m256i out_zp,
                                            __m256i lo, __m256i hi) {
  __m256i r[4];
  for (int j = 0; j < 4; ++j) {
    const __m256i d = _mm256_sub_epi32(eb_avx2_load8_s8(in + 8 * j), in_zp);
    r[j] = _mm256_add_epi32(eb_avx2_rq_apply(d, k, fast), out_zp);
  }
  return _mm256_min_epi8(_mm256_max_epi8(eb_rq8_narrow4(r[0], r[1], r[2], r[3]), lo), hi);
}

EB_AVX2_INLINE void eb_avx2_relu_s8_span(const int8_t *in, int8_t *out, int64_t n, const eb_act_params *p, int fast) {
  const eb_rq8v k = eb_avx2_rq_uniform(p->in_mult, p->in_left_shift, fast);
  const __m256i in_zp = _mm256_set1_epi32(p->in_zp), out_zp = _mm256_set1_epi32(p->out_zp);
  const __m256i lo = _mm256_set1_epi8((char)p->q_min), hi = _mm256_set1_epi8((char)p->q_max);
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    _mm256_storeu_si256((__m256i *)(out + i), eb_avx2_relu_s8_step(in + i, &k, fast, in_zp, out_zp, lo, hi));
  }
  if (i < n) {
    int8_t t[32] = {0}, o[32];
    memcpy(t, in + i, (size_t)(n - i));
    _mm256_storeu_si256((__m256i *)o, eb_avx2_relu_s8_step(t, &k, fast, in_zp, out_zp, lo, hi));
    memcpy(out + i, o, (size_t)(n - i));
  }
}

EB_AVX2_INLINE void eb_avx2_relu6_s8_span(const int8_t *in, int8_t *out, int64_t n, const eb_act_params *p) {
  const __m256i lo = _mm256_set1_epi8((char)p->q_min), hi = _mm256_set1_epi8((char)p->q_max);
  int64_t i = 0;
  for (; i + 128 <= n; i += 128) {
    for (int j = 0; j < 4; ++j) {
      const __m256i v = _mm256_loadu_si256((const __m256i *)(in + i + 32 * j));
      _mm256_storeu_si256((__m256i *)(out + i + 32 * j), _mm256_min_epi8(_mm256_max_epi8(v, lo), hi));
    }
  }
  for (; i + 32 <= n; i += 32) {
    const __m256i v = _mm256_loadu_si256((const __m256i *)(in + i));
    _mm256_storeu_si256((__m256i *)(out + i), _mm256_min_epi8(_mm256_max_epi8(v, lo), hi));
  }
  for (; i < n; ++i) out[i] = (int8_t)eb_clamp_i32(in[i], p->q_min, p->q_max);
}

static inline void eb_avx2_act_run(const eb_act_params *p, const void *in, void *out, int32_t task_begin,
                                   int32_t task_end, int kind) {
  const int64_t begin = eb_x86_span_task_start(p->count, task_begin), end = eb_x86_span_task_start(p->count, task_end);
  if (end <= begin) return;  /* nothing to do (an empty tensor's buffers may be null) */
  if (kind == EB_ACT_RELU_F32 || kind == EB_ACT_RELU6_F32) {
    eb_avx2_act_f32_span((const float *)in + begin, (float *)out + begin, end - begin, kind);
  } else if (kind == EB_ACT_RELU6_S8) {
    eb_avx2_relu6_s8_span((const int8_t *)in + begin, (int8_t *)out + begin, end - begin, p);
  } else if (eb_requantize_is_fast(p->in_mult, p->in_left_shift)) {
    eb_avx2_relu_s8_span((const int8_t *)in + begin, (int8_t *)out + begin, end - begin, p, 1);
  } else {
    eb_avx2_relu_s8_span((const int8_t *)in + begin, (int8_t *)out + begin, end - begin, p, 0);
  }
}


/* TRANSPOSE: 8 x 8 tiles of 4-byte elements (unpack, shuffle, 128-bit permute) and 16 x 16 tiles of bytes in xmm
 * (unpack 8 / 16 / 32 / 64, as elementwise_avx512.h); edge tiles are copied element by element. */
EB_AVX2_INLINE void eb_avx2_transpose_tile_x32(const float *src, int64_t ss, float *dst, int64_t ds) {
  __m256 r[8], t[8], u[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(src + i * ss);
  for (int k = 0; k < 4; ++k) {
    t[2 * k] = _mm256_unpacklo_ps(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm256_unpackhi_ps(r[2 * k], r[2 * k + 1]);
  }
  for (int k = 0; k < 2; ++k) {
    u[4 * k + 0] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], 0x44);
    u[4 * k + 1] = _mm256_shuffle_ps(t[4 * k], t[4 * k + 2], 0xEE);
    u[4 * k + 2] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0x44);
    u[4 * k + 3] = _mm256_shuffle_ps(t[4 * k + 1], t[4 * k + 3], 0xEE);
  }
  for (int m = 0; m < 4; ++m) {
    _mm256_storeu_ps(dst + m * ds, _mm256_permute2f128_ps(u[m], u[4 + m], 0x20));
    _mm256_storeu_ps(dst + (4 + m) * ds, _mm256_permute2f128_ps(u[m], u[4 + m], 0x31));
  }
}

EB_AVX2_INLINE void eb_avx2_transpose_tile_x8(const int8_t *src, int64_t ss, int8_t *dst, int64_t ds) {
  __m128i r[16], a[16], b[16], c[16];
  for (int i = 0; i < 16; ++i) r[i] = _mm_loadu_si128((const __m128i *)(src + i * ss));
  for (int k = 0; k < 8; ++k) {
    a[2 * k] = _mm_unpacklo_epi8(r[2 * k], r[2 * k + 1]);
    a[2 * k + 1] = _mm_unpackhi_epi8(r[2 * k], r[2 * k + 1]);
  }
  for (int k = 0; k < 4; ++k) {
    for (int h = 0; h < 2; ++h) {
      b[4 * k + 2 * h] = _mm_unpacklo_epi16(a[4 * k + h], a[4 * k + 2 + h]);
      b[4 * k + 2 * h + 1] = _mm_unpackhi_epi16(a[4 * k + h], a[4 * k + 2 + h]);
    }
  }
  for (int g = 0; g < 2; ++g) {
    for (int x = 0; x < 4; ++x) {
      c[8 * g + 2 * x] = _mm_unpacklo_epi32(b[8 * g + x], b[8 * g + 4 + x]);
      c[8 * g + 2 * x + 1] = _mm_unpackhi_epi32(b[8 * g + x], b[8 * g + 4 + x]);
    }
  }
  for (int y = 0; y < 8; ++y) {
    _mm_storeu_si128((__m128i *)(dst + 2 * y * ds), _mm_unpacklo_epi64(c[y], c[8 + y]));
    _mm_storeu_si128((__m128i *)(dst + (2 * y + 1) * ds), _mm_unpackhi_epi64(c[y], c[8 + y]));
  }
}

static inline void eb_avx2_transpose_run(const eb_transpose_params *p, const void *in, void *out, int32_t task_begin,
                                         int32_t task_end, int es) {
  int64_t nb = 1, nr = 1, nc = 1;
  const int form = eb_x86_transpose_shape(p, &nb, &nr, &nc);
  const int64_t units = eb_x86_transpose_units(p);
  const int32_t tasks = eb_x86_transpose_tasks(p);
  const int64_t u0 = eb_x86_ew_task_start(units, tasks, task_begin), u1 = eb_x86_ew_task_start(units, tasks, task_end);
  if (form == 1) {
    const int64_t bytes = nc * es;
    for (int64_t u = u0; u < u1; ++u) {
      const int64_t off = u * EB_X86_TRANSPOSE_COPY_BYTES;
      const int64_t len = bytes - off < EB_X86_TRANSPOSE_COPY_BYTES ? bytes - off : EB_X86_TRANSPOSE_COPY_BYTES;
      memcpy((uint8_t *)out + off, (const uint8_t *)in + off, (size_t)len);
    }
    return;
  }
  const int64_t cblocks = (nc + EB_X86_TRANSPOSE_COLS - 1) / EB_X86_TRANSPOSE_COLS;
  const int tile = es == 4 ? 8 : 16;
  for (int64_t u = u0; u < u1; ++u) {
    const int64_t b = u / cblocks, c0 = (u % cblocks) * EB_X86_TRANSPOSE_COLS;
    const int64_t c1 = nc - c0 < EB_X86_TRANSPOSE_COLS ? nc : c0 + EB_X86_TRANSPOSE_COLS;
    const int64_t base = b * nr * nc;
    for (int64_t cs = c0; cs < c1; cs += tile) {
      for (int64_t r0 = 0; r0 < nr; r0 += tile) {
        const int64_t src0 = base + r0 * nc + cs, dst0 = base + cs * nr + r0;
        if (r0 + tile <= nr && cs + tile <= c1) {
          if (es == 4) {
            eb_avx2_transpose_tile_x32((const float *)in + src0, nc, (float *)out + dst0, nr);
          } else {
            eb_avx2_transpose_tile_x8((const int8_t *)in + src0, nc, (int8_t *)out + dst0, nr);
          }
          continue;
        }
        const int64_t re = nr - r0 < tile ? nr : r0 + tile, ce = c1 - cs < tile ? c1 : cs + tile;
        for (int64_t c = cs; c < ce; ++c) {
          for (int64_t r = r0; r < re; ++r) {
            if (es == 4) {
              ((int32_t *)out)[base + c * nr + r] = ((const int32_t *)in)[base + r * nc + c];
            } else {
              ((int8_t *)out)[base + c * nr + r] = ((const int8_t *)in)[base + r * nc + c];
            }
          }
        }
      }
    }
  }
}

#endif
