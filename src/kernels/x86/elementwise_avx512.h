/* AVX-512 helpers shared by the element-wise, pooling, softmax and mean variants (include only from
 * *_avx512.c). The same operand-order rules as elementwise_avx2.h: VMAXPS/VMINPS return their second operand
 * when either is NaN, so max(v, m) is `m < v ? v : m` and max(lo, min(hi, v)) is eb_clamp_f32 for lo <= hi.
 * Tails use masked loads and stores, which never touch the lanes left out. */
#ifndef EB_ELEMENTWISE_AVX512_H
#define EB_ELEMENTWISE_AVX512_H

#include <immintrin.h>
#include <string.h>

#include "elementwise_x86_util.h"
#include "requant_avx512.h"

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


/* ---- int8 ADD/SUB/MUL, MEAN, RELU/RELU6, TRANSPOSE (elementwise_s8_x86.h) ----
 * Sums and products in 32-bit lanes, 64 elements per step: each input's 64 bytes widened in four 16-lane parts,
 * the four results packed back with saturation (an exact clamp to [-128, 127]) and then clamped to the op's
 * [q_min, q_max] in bytes. Partial steps use masked loads and stores (binary ops: 16 lanes at a time). */

/* Uniform requantisation constants in registers (every lane the same (multiplier, shift)), eb_rq16v's layout. */
EB_AVX512_INLINE eb_rq16v eb_avx512_rq_uniform(int32_t mult, int32_t shift, int fast) {
  eb_rq16v v;
  v.m = _mm512_set1_epi32(mult);
  v.m_odd = v.m; /* vpmuldq reads each qword's low dword, which is mult here too */
  if (fast) {
    const int32_t r = -shift;
    v.a = _mm512_set1_epi32(r - 1);
    v.b = v.c = _mm512_set1_epi64((1LL << 30) + (1LL << (30 + r)));
    v.d = _mm512_setzero_si512();
  } else {
    const int32_t rs = shift > 0 ? 0 : -shift;
    const int32_t mask = (int32_t)((1u << rs) - 1u);
    v.a = _mm512_set1_epi32(shift > 0 ? shift : 0);
    v.b = _mm512_set1_epi32(rs);
    v.c = _mm512_set1_epi32(mask);
    v.d = _mm512_set1_epi32(mask >> 1);
  }
  return v;
}

EB_AVX512_INLINE __m512i eb_avx512_rq_apply(__m512i x, const eb_rq16v *k, int fast) {
  return fast ? eb_rq16_fast(x, k) : eb_rq16_general(x, k);
}

/* One ADD/SUB input term (eb_x86_s8_term) in registers. */
typedef struct {
  __m512i zp, mh, ml, c1, round;
  __m128i left, lshift, k, rs;
  eb_rq16v g;
} eb_avx512_term_k;

EB_AVX512_INLINE eb_avx512_term_k eb_avx512_term_load(const eb_x86_s8_term *t) {
  eb_avx512_term_k k;
  k.zp = _mm512_set1_epi32(t->zp);
  k.mh = _mm512_set1_epi32(t->mh);
  k.ml = _mm512_set1_epi32(t->ml);
  k.c1 = _mm512_set1_epi32(t->c1);
  k.round = _mm512_set1_epi32(t->round);
  k.left = _mm_cvtsi32_si128(t->left);
  k.lshift = _mm_cvtsi32_si128(t->lshift);
  k.k = _mm_cvtsi32_si128(t->k);
  k.rs = _mm_cvtsi32_si128(t->rs);
  k.g = eb_avx512_rq_uniform(t->mult, t->shift, 0);
  return k;
}

/* The term of sixteen sign-extended int8 values v; `kind` is a constant at each call site. */
EB_AVX512_INLINE __m512i eb_avx512_term(__m512i v, const eb_avx512_term_k *k, int kind) {
  const __m512i d = _mm512_sub_epi32(v, k->zp);
  if (kind == EB_X86_TERM_HALF) return _mm512_sll_epi32(d, k->lshift);
  if (kind == EB_X86_TERM_SPLIT) {
    const __m512i lo = _mm512_sra_epi32(_mm512_add_epi32(_mm512_mullo_epi32(d, k->ml), k->c1), k->k);
    const __m512i h = _mm512_add_epi32(_mm512_mullo_epi32(d, k->mh), lo);
    return _mm512_sra_epi32(_mm512_add_epi32(_mm512_add_epi32(h, k->round), _mm512_srai_epi32(h, 31)), k->rs);
  }
  return eb_rq16_general(_mm512_sll_epi32(d, k->left), &k->g);
}

/* The constants of one int8 binary run. ADD/SUB use t1/t2; MUL uses their zero points only. */
typedef struct {
  eb_avx512_term_k t1, t2;
  eb_rq16v out_fast, out_general; /* the output requantisation's constants for either path */
  __m512i out_zp, lo8, hi8, lo32, hi32;
} eb_avx512_binary_s8_k;

EB_AVX512_INLINE eb_avx512_binary_s8_k eb_avx512_binary_s8_load(const eb_binary_params *p,
                                                                 const eb_x86_binary_s8_plan *plan) {
  eb_avx512_binary_s8_k k;
  k.t1 = eb_avx512_term_load(&plan->term[0]);
  k.t2 = eb_avx512_term_load(&plan->term[1]);
  k.out_fast = eb_avx512_rq_uniform(p->out_mult, p->out_shift, plan->out_fast);
  k.out_general = eb_avx512_rq_uniform(p->out_mult, p->out_shift, 0);
  k.out_zp = _mm512_set1_epi32(p->out_zp);
  k.lo8 = _mm512_set1_epi8((char)p->q_min);
  k.hi8 = _mm512_set1_epi8((char)p->q_max);
  k.lo32 = _mm512_set1_epi32(p->q_min);
  k.hi32 = _mm512_set1_epi32(p->q_max);
  return k;
}

/* Sixteen int8 values from a (masked lanes read as 0), sign-extended to int32. */
EB_AVX512_INLINE __m512i eb_avx512_load16_s8(const int8_t *a, __mmask16 m) {
  return _mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(m, a));
}

/* The 32-bit value an element's output is requantised from: the term sum / difference (ADD/SUB) or the product
 * of the zero-point-corrected inputs (MUL). x, y are the inputs widened, or (constant inputs) their precomputed
 * terms / differences when a_vec / b_vec is 0. */
EB_AVX512_INLINE __m512i eb_avx512_binary_s8_acc(__m512i x, __m512i y, const eb_avx512_binary_s8_k *k, int op,
                                                 int a_vec, int b_vec, int k1, int k2) {
  if (op == EB_S8_OP_MUL) {
    const __m512i dx = a_vec ? _mm512_sub_epi32(x, k->t1.zp) : x;
    const __m512i dy = b_vec ? _mm512_sub_epi32(y, k->t2.zp) : y;
    return _mm512_mullo_epi32(dx, dy);
  }
  const __m512i tx = a_vec ? eb_avx512_term(x, &k->t1, k1) : x;
  const __m512i ty = b_vec ? eb_avx512_term(y, &k->t2, k2) : y;
  return op == EB_S8_OP_SUB ? _mm512_sub_epi32(tx, ty) : _mm512_add_epi32(tx, ty);
}

/* o[i] = op(a[i], b[i]) for i < n; an input whose *_vec is 0 is the single value a[0] (b[0]). k1/k2: the term
 * kinds (constants), fast: the output requantisation path (constant). */
EB_AVX512_INLINE void eb_avx512_binary_s8_span(const int8_t *a, int a_vec, const int8_t *b, int b_vec, int8_t *o,
                                               int64_t n, const eb_avx512_binary_s8_k *k, int op, int k1, int k2,
                                               int fast) {
  __m512i x0 = _mm512_setzero_si512(), y0 = _mm512_setzero_si512();
  if (!a_vec) {
    x0 = _mm512_set1_epi32(a[0]);
    x0 = op == EB_S8_OP_MUL ? _mm512_sub_epi32(x0, k->t1.zp) : eb_avx512_term(x0, &k->t1, EB_X86_TERM_GENERAL);
  }
  if (!b_vec) {
    y0 = _mm512_set1_epi32(b[0]);
    y0 = op == EB_S8_OP_MUL ? _mm512_sub_epi32(y0, k->t2.zp) : eb_avx512_term(y0, &k->t2, EB_X86_TERM_GENERAL);
  }
  int64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    __m512i r[4];
    for (int j = 0; j < 4; ++j) {
      const __m512i x = a_vec ? _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(a + i + 16 * j))) : x0;
      const __m512i y = b_vec ? _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(b + i + 16 * j))) : y0;
      const __m512i acc = eb_avx512_binary_s8_acc(x, y, k, op, a_vec, b_vec, k1, k2);
      r[j] = _mm512_add_epi32(eb_avx512_rq_apply(acc, fast ? &k->out_fast : &k->out_general, fast), k->out_zp);
    }
    const __m512i v = _mm512_min_epi8(_mm512_max_epi8(eb_rq16_narrow4(r[0], r[1], r[2], r[3]), k->lo8), k->hi8);
    _mm512_storeu_si512(o + i, v);
  }
  /* The rest (short rows, a task's end) sixteen at a time, so a 24- or 32-element row costs two steps, not four. */
  for (; i < n; i += 16) {
    const __mmask16 m = eb_avx512_mask16(n - i < 16 ? (int32_t)(n - i) : 16);
    const __m512i x = a_vec ? eb_avx512_load16_s8(a + i, m) : x0;
    const __m512i y = b_vec ? eb_avx512_load16_s8(b + i, m) : y0;
    const __m512i acc = eb_avx512_binary_s8_acc(x, y, k, op, a_vec, b_vec, k1, k2);
    const __m512i r = _mm512_add_epi32(eb_avx512_rq_apply(acc, fast ? &k->out_fast : &k->out_general, fast), k->out_zp);
    _mm512_mask_cvtepi32_storeu_epi8(o + i, m, _mm512_min_epi32(_mm512_max_epi32(r, k->lo32), k->hi32));
  }
}

/* One broadcast pattern's span, with the term kinds and output path made constants. Only a vector input's kind
 * matters (a constant input's term is computed once, exactly); the paths taken: both terms HALF or SPLIT with
 * the usual output requantisation, or else everything general. */
EB_AVX512_INLINE void eb_avx512_binary_s8_pick(const int8_t *a, int a_vec, const int8_t *b, int b_vec, int8_t *o,
                                               int64_t n, const eb_avx512_binary_s8_k *k,
                                               const eb_x86_binary_s8_plan *plan, int op) {
  const int fast = plan->out_fast;
  if (op == EB_S8_OP_MUL) {
    if (fast) {
      eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, 0, 0, 1);
    } else {
      eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, 0, 0, 0);
    }
    return;
  }
  const int k1 = a_vec ? plan->term[0].kind : EB_X86_TERM_HALF;
  const int k2 = b_vec ? plan->term[1].kind : EB_X86_TERM_HALF;
  const int h1 = k1 == EB_X86_TERM_HALF, h2 = k2 == EB_X86_TERM_HALF;
  const int s1 = k1 == EB_X86_TERM_SPLIT, s2 = k2 == EB_X86_TERM_SPLIT;
  if (!fast || !(h1 || s1) || !(h2 || s2)) {
    eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_GENERAL, EB_X86_TERM_GENERAL, 0);
  } else if (h1 && h2) {
    eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_HALF, EB_X86_TERM_HALF, 1);
  } else if (h1) {
    eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_HALF, EB_X86_TERM_SPLIT, 1);
  } else if (h2) {
    eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_SPLIT, EB_X86_TERM_HALF, 1);
  } else {
    eb_avx512_binary_s8_span(a, a_vec, b, b_vec, o, n, k, op, EB_X86_TERM_SPLIT, EB_X86_TERM_SPLIT, 1);
  }
}

/* The whole run of int8 ADD, SUB or MUL for the broadcast patterns eb_x86_classify_bcast takes. */
static inline void eb_avx512_binary_s8_run(const eb_binary_params *p, const void *const *in, const void *packed,
                                           void *out, int32_t task_begin, int32_t task_end, int op) {
  const int8_t *a = (const int8_t *)in[0], *b = (const int8_t *)in[1];
  int8_t *o = (int8_t *)out;
  const eb_x86_binary_s8_plan *plan = (const eb_x86_binary_s8_plan *)packed;
  const eb_avx512_binary_s8_k k = eb_avx512_binary_s8_load(p, plan);
  const int64_t begin = eb_x86_binary_task_start(p, task_begin), end = eb_x86_binary_task_start(p, task_end);
  const eb_x86_bcast kind = eb_x86_classify_bcast(p);
  switch (kind) {
    case EB_X86_BCAST_SAME:
      eb_avx512_binary_s8_pick(a + begin, 1, b + begin, 1, o + begin, end - begin, &k, plan, op);
      break;
    case EB_X86_BCAST_SCALAR1:
      eb_avx512_binary_s8_pick(a, 0, b + begin, 1, o + begin, end - begin, &k, plan, op);
      break;
    case EB_X86_BCAST_SCALAR2:
      eb_avx512_binary_s8_pick(a + begin, 1, b, 0, o + begin, end - begin, &k, plan, op);
      break;
    case EB_X86_BCAST_ROW1:
    case EB_X86_BCAST_ROW2: {
      const int64_t inner = p->out_dims[p->rank - 1];
      for (int64_t i = begin, j = begin % inner; i < end; j = 0) {
        const int64_t len = inner - j < end - i ? inner - j : end - i;
        if (kind == EB_X86_BCAST_ROW1) {
          eb_avx512_binary_s8_pick(a + j, 1, b + i, 1, o + i, len, &k, plan, op);
        } else {
          eb_avx512_binary_s8_pick(a + i, 1, b + j, 1, o + i, len, &k, plan, op);
        }
        i += len;
      }
      break;
    }
    case EB_X86_BCAST_NONE:
      break;
  }
}


/* MEAN int8 (eb_mean_s8): the zero-point-free sum of each channel over the reduced rows (int8 rows summed in 16-bit
 * lanes, at most 256 at a time, so they stay exact, then widened), requantised by (mult, shift), which already hold
 * the division by the count (eb_mean_prepare_quant), offset and clamped. */
typedef struct {
  eb_rq16v rq;
  __m512i sub, out_zp;
  int fast;
} eb_avx512_mean_s8_k;

EB_AVX512_INLINE __m512i eb_avx512_mean_s8_finish(__m512i acc, const eb_avx512_mean_s8_k *k) {
  return _mm512_add_epi32(eb_avx512_rq_apply(_mm512_sub_epi32(acc, k->sub), &k->rq, k->fast), k->out_zp);
}

/* Channels [c, c + 64) (lanes past `m` ignored) of one outer slab: 64 outputs. */
EB_AVX512_INLINE void eb_avx512_mean_s8_chunk(const int8_t *src, size_t stride, int32_t n, __mmask64 m, int8_t *dst,
                                              const eb_avx512_mean_s8_k *k) {
  __m512i acc[4] = {_mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512(), _mm512_setzero_si512()};
  for (int32_t r0 = 0; r0 < n; r0 += EB_X86_AVG_S8_LANE16_TAPS) {
    const int32_t r1 = n - r0 < EB_X86_AVG_S8_LANE16_TAPS ? n : r0 + EB_X86_AVG_S8_LANE16_TAPS;
    __m512i s0 = _mm512_setzero_si512(), s1 = _mm512_setzero_si512();
    for (int32_t r = r0; r < r1; ++r) {
      const __m512i v = _mm512_maskz_loadu_epi8(m, src + (size_t)r * stride);
      s0 = _mm512_add_epi16(s0, _mm512_cvtepi8_epi16(_mm512_castsi512_si256(v)));
      s1 = _mm512_add_epi16(s1, _mm512_cvtepi8_epi16(_mm512_extracti64x4_epi64(v, 1)));
    }
    acc[0] = _mm512_add_epi32(acc[0], _mm512_cvtepi16_epi32(_mm512_castsi512_si256(s0)));
    acc[1] = _mm512_add_epi32(acc[1], _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(s0, 1)));
    acc[2] = _mm512_add_epi32(acc[2], _mm512_cvtepi16_epi32(_mm512_castsi512_si256(s1)));
    acc[3] = _mm512_add_epi32(acc[3], _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(s1, 1)));
  }
  const __m512i v = eb_rq16_narrow4(eb_avx512_mean_s8_finish(acc[0], k), eb_avx512_mean_s8_finish(acc[1], k),
                                    eb_avx512_mean_s8_finish(acc[2], k), eb_avx512_mean_s8_finish(acc[3], k));
  _mm512_mask_storeu_epi8(dst, m, v);
}

static inline void eb_avx512_mean_s8_run(const eb_mean_params *p, const void *in, void *out, int32_t task_begin,
                                         int32_t task_end) {
  const int8_t *src = (const int8_t *)in;
  int8_t *dst = (int8_t *)out;
  eb_avx512_mean_s8_k k;
  k.fast = eb_requantize_is_fast(p->mult, p->shift);
  k.rq = eb_avx512_rq_uniform(p->mult, p->shift, k.fast);
  k.sub = _mm512_set1_epi32(p->reduced * p->in_zp);
  k.out_zp = _mm512_set1_epi32(p->out_zp);
  const int32_t blocks = eb_x86_mean_blocks(p), tasks = eb_x86_mean_tasks(p);
  const int64_t units = (int64_t)p->outer * blocks;
  const size_t inner = (size_t)p->inner;
  for (int64_t u = eb_x86_ew_task_start(units, tasks, task_begin); u < eb_x86_ew_task_start(units, tasks, task_end);
       ++u) {
    const int64_t o = u / blocks;
    const int32_t c0 = (int32_t)(u % blocks) * EB_X86_MEAN_BLOCK;
    const int32_t c1 = p->inner - c0 < EB_X86_MEAN_BLOCK ? p->inner : c0 + EB_X86_MEAN_BLOCK;
    const int8_t *slab = src + (size_t)o * (size_t)p->reduced * inner;
    for (int32_t c = c0; c < c1; c += 64) {
      eb_avx512_mean_s8_chunk(slab + c, inner, p->reduced, eb_avx512_mask64(c1 - c), dst + (size_t)o * inner + c, &k);
    }
  }
}


/* RELU / RELU6, float32 and int8. max(0, v) is `0 > v ? 0 : v` (VMAXPS's operand rule), the reference's
 * `v < 0 ? 0 : v` for NaN and -0 too; RELU6 then min(6, w) = `6 < w ? 6 : w`. int8 RELU requantises
 * (v - in_zp) and clamps; int8 RELU6 is a byte clamp. */
enum { EB_ACT_RELU_F32, EB_ACT_RELU6_F32, EB_ACT_RELU_S8, EB_ACT_RELU6_S8 };

EB_AVX512_INLINE __m512 eb_avx512_act_f32(__m512 v, int kind) {
  const __m512 w = _mm512_max_ps(_mm512_setzero_ps(), v);
  return kind == EB_ACT_RELU6_F32 ? _mm512_min_ps(_mm512_set1_ps(6.0f), w) : w;
}

EB_AVX512_INLINE void eb_avx512_act_f32_span(const float *in, float *out, int64_t n, int kind) {
  int64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    for (int j = 0; j < 4; ++j) _mm512_storeu_ps(out + i + 16 * j, eb_avx512_act_f32(_mm512_loadu_ps(in + i + 16 * j), kind));
  }
  for (; i < n; i += 16) {
    const __mmask16 m = eb_avx512_mask16(n - i < 16 ? (int32_t)(n - i) : 16);
    _mm512_mask_storeu_ps(out + i, m, eb_avx512_act_f32(_mm512_maskz_loadu_ps(m, in + i), kind));
  }
}

EB_AVX512_INLINE void eb_avx512_relu_s8_span(const int8_t *in, int8_t *out, int64_t n, const eb_act_params *p, int fast) {
  const eb_rq16v k = eb_avx512_rq_uniform(p->in_mult, p->in_left_shift, fast);
  const __m512i in_zp = _mm512_set1_epi32(p->in_zp), out_zp = _mm512_set1_epi32(p->out_zp);
  const __m512i lo = _mm512_set1_epi8((char)p->q_min), hi = _mm512_set1_epi8((char)p->q_max);
  for (int64_t i = 0; i < n; i += 64) {
    const __mmask64 m = eb_avx512_mask64(n - i < 64 ? (int32_t)(n - i) : 64);
    __m512i r[4];
    for (int j = 0; j < 4; ++j) {
      const __m512i d = _mm512_sub_epi32(eb_avx512_load16_s8(in + i + 16 * j, (__mmask16)(m >> (16 * j))), in_zp);
      r[j] = _mm512_add_epi32(eb_avx512_rq_apply(d, &k, fast), out_zp);
    }
    const __m512i v = _mm512_min_epi8(_mm512_max_epi8(eb_rq16_narrow4(r[0], r[1], r[2], r[3]), lo), hi);
    _mm512_mask_storeu_epi8(out + i, m, v);
  }
}

EB_AVX512_INLINE void eb_avx512_relu6_s8_span(const int8_t *in, int8_t *out, int64_t n, const eb_act_params *p) {
  const __m512i lo = _mm512_set1_epi8((char)p->q_min), hi = _mm512_set1_epi8((char)p->q_max);
  int64_t i = 0;
  for (; i + 256 <= n; i += 256) {
    for (int j = 0; j < 4; ++j) {
      const __m512i v = _mm512_loadu_si512(in + i + 64 * j);
      _mm512_storeu_si512(out + i + 64 * j, _mm512_min_epi8(_mm512_max_epi8(v, lo), hi));
    }
  }
  for (; i < n; i += 64) {
    const __mmask64 m = eb_avx512_mask64(n - i < 64 ? (int32_t)(n - i) : 64);
    _mm512_mask_storeu_epi8(out + i, m, _mm512_min_epi8(_mm512_max_epi8(_mm512_maskz_loadu_epi8(m, in + i), lo), hi));
  }
}

/* The whole run of one activation: tasks are ranges of 16-element blocks (eb_x86_span_tasks). */
static inline void eb_avx512_act_run(const eb_act_params *p, const void *in, void *out, int32_t task_begin,
                                     int32_t task_end, int kind) {
  const int64_t begin = eb_x86_span_task_start(p->count, task_begin), end = eb_x86_span_task_start(p->count, task_end);
  if (end <= begin) return;  /* nothing to do (an empty tensor's buffers may be null) */
  if (kind == EB_ACT_RELU_F32 || kind == EB_ACT_RELU6_F32) {
    eb_avx512_act_f32_span((const float *)in + begin, (float *)out + begin, end - begin, kind);
  } else if (kind == EB_ACT_RELU6_S8) {
    eb_avx512_relu6_s8_span((const int8_t *)in + begin, (int8_t *)out + begin, end - begin, p);
  } else if (eb_requantize_is_fast(p->in_mult, p->in_left_shift)) {
    eb_avx512_relu_s8_span((const int8_t *)in + begin, (int8_t *)out + begin, end - begin, p, 1);
  } else {
    eb_avx512_relu_s8_span((const int8_t *)in + begin, (int8_t *)out + begin, end - begin, p, 0);
  }
}


/* TRANSPOSE: 16 x 16 tiles. 4-byte elements in zmm rows (unpack 32 / 64, then two rounds of 128-bit lane
 * shuffles); 1-byte elements in xmm rows (unpack 8 / 16 / 32 / 64, out row 2y and 2y + 1 from stage-three
 * register y and y + 8). Edge tiles load and store with masks; the rows past the edge are zero and never stored. */
EB_AVX512_INLINE void eb_avx512_transpose_tile_x32(const int32_t *src, int64_t ss, int32_t *dst, int64_t ds, int32_t rows,
                                                   int32_t cols) {
  const __mmask16 cm = eb_avx512_mask16(cols), rm = eb_avx512_mask16(rows);
  __m512i r[16], t[16], u[16];
  for (int i = 0; i < 16; ++i) r[i] = i < rows ? _mm512_maskz_loadu_epi32(cm, src + i * ss) : _mm512_setzero_si512();
  for (int k = 0; k < 8; ++k) {
    t[2 * k] = _mm512_unpacklo_epi32(r[2 * k], r[2 * k + 1]);
    t[2 * k + 1] = _mm512_unpackhi_epi32(r[2 * k], r[2 * k + 1]);
  }
  for (int k = 0; k < 4; ++k) {
    u[4 * k + 0] = _mm512_unpacklo_epi64(t[4 * k], t[4 * k + 2]);
    u[4 * k + 1] = _mm512_unpackhi_epi64(t[4 * k], t[4 * k + 2]);
    u[4 * k + 2] = _mm512_unpacklo_epi64(t[4 * k + 1], t[4 * k + 3]);
    u[4 * k + 3] = _mm512_unpackhi_epi64(t[4 * k + 1], t[4 * k + 3]);
  }
  /* 128-bit lane L of u[4k + m] is column 4L + m of rows 4k..4k+3. */
  for (int m = 0; m < 4; ++m) {
    const __m512i v0 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0x88), v1 = _mm512_shuffle_i32x4(u[m], u[4 + m], 0xDD);
    const __m512i w0 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0x88), w1 = _mm512_shuffle_i32x4(u[8 + m], u[12 + m], 0xDD);
    const __m512i o[4] = {_mm512_shuffle_i32x4(v0, w0, 0x88), _mm512_shuffle_i32x4(v1, w1, 0x88),
                          _mm512_shuffle_i32x4(v0, w0, 0xDD), _mm512_shuffle_i32x4(v1, w1, 0xDD)};
    for (int l = 0; l < 4; ++l) {
      const int c = 4 * l + m;
      if (c < cols) _mm512_mask_storeu_epi32(dst + c * ds, rm, o[l]);
    }
  }
}

EB_AVX512_INLINE void eb_avx512_transpose_tile_x8(const int8_t *src, int64_t ss, int8_t *dst, int64_t ds, int32_t rows,
                                                  int32_t cols) {
  const __mmask16 cm = eb_avx512_mask16(cols), rm = eb_avx512_mask16(rows);
  __m128i r[16], a[16], b[16], c[16];
  for (int i = 0; i < 16; ++i) r[i] = i < rows ? _mm_maskz_loadu_epi8(cm, src + i * ss) : _mm_setzero_si128();
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
    if (2 * y < cols) _mm_mask_storeu_epi8(dst + 2 * y * ds, rm, _mm_unpacklo_epi64(c[y], c[8 + y]));
    if (2 * y + 1 < cols) _mm_mask_storeu_epi8(dst + (2 * y + 1) * ds, rm, _mm_unpackhi_epi64(c[y], c[8 + y]));
  }
}

/* The whole run of TRANSPOSE for 1-byte (es 1) or 4-byte (es 4) elements, forms of eb_x86_transpose_shape. */
static inline void eb_avx512_transpose_run(const eb_transpose_params *p, const void *in, void *out, int32_t task_begin,
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
  for (int64_t u = u0; u < u1; ++u) {
    const int64_t b = u / cblocks, c0 = (u % cblocks) * EB_X86_TRANSPOSE_COLS;
    const int32_t cc = nc - c0 < EB_X86_TRANSPOSE_COLS ? (int32_t)(nc - c0) : EB_X86_TRANSPOSE_COLS;
    const int64_t src0 = b * nr * nc + c0, dst0 = b * nr * nc + c0 * nr;
    for (int64_t r0 = 0; r0 < nr; r0 += 16) {
      const int32_t rr = nr - r0 < 16 ? (int32_t)(nr - r0) : 16;
      if (es == 4) {
        eb_avx512_transpose_tile_x32((const int32_t *)in + src0 + r0 * nc, nc, (int32_t *)out + dst0 + r0, nr, rr, cc);
      } else {
        eb_avx512_transpose_tile_x8((const int8_t *)in + src0 + r0 * nc, nc, (int8_t *)out + dst0 + r0, nr, rr, cc);
      }
    }
  }
}

#endif
