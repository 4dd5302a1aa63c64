/* Shared prepare-time set-up and row iteration for ADD, SUB and MUL, and the int8 ADD/SUB eval. See binary.h.
 *
 * The eval kernels walk the output in row-major order one innermost row at a time; within a row each input
 * advances by its last-dim stride (0 when it broadcasts). Between rows the offsets move like an odometer. */
#include "binary.h"

#include "quant.h"

int eb_binary_broadcast(eb_binary_params *p, int rank1, const int32_t *dims1, int rank2, const int32_t *dims2) {
  if (rank1 < 0 || rank2 < 0 || rank1 > EB_MAX_DIMS || rank2 > EB_MAX_DIMS) return -1;
  const int rank = rank1 > rank2 ? (rank1 > 0 ? rank1 : 1) : (rank2 > 0 ? rank2 : 1);
  int32_t d1[EB_MAX_DIMS], d2[EB_MAX_DIMS];
  /* Right-align: missing leading dims are 1. */
  for (int i = 0; i < rank; ++i) {
    const int i1 = i - (rank - rank1);
    const int i2 = i - (rank - rank2);
    d1[i] = i1 >= 0 ? dims1[i1] : 1;
    d2[i] = i2 >= 0 ? dims2[i2] : 1;
    if (d1[i] != d2[i] && d1[i] != 1 && d2[i] != 1) return -1;
  }
  int32_t s1 = 1, s2 = 1;
  for (int i = rank - 1; i >= 0; --i) {
    p->out_dims[i] = d1[i] == 1 ? d2[i] : d1[i];
    /* A size-1 dim never advances the input: stride 0 whether it broadcasts or not. */
    p->in1_strides[i] = d1[i] == 1 ? 0 : s1;
    p->in2_strides[i] = d2[i] == 1 ? 0 : s2;
    s1 *= d1[i];
    s2 *= d2[i];
  }
  p->rank = rank;
  return 0;
}

static void prepare_add(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale, int32_t left_shift) {
  p->left_shift = left_shift;
  const double twice_max = 2.0 * (in1_scale > in2_scale ? in1_scale : in2_scale);
  eb_quantize_multiplier(in1_scale / twice_max, &p->in1_mult, &p->in1_shift);
  eb_quantize_multiplier(in2_scale / twice_max, &p->in2_mult, &p->in2_shift);
  eb_quantize_multiplier(twice_max / ((double)(1 << left_shift) * out_scale), &p->out_mult, &p->out_shift);
}

static void prepare_sub(eb_binary_params *p, float in1_scale, float in2_scale, float out_scale, int32_t left_shift) {
  p->left_shift = left_shift;
  /* Deliberately float32 throughout, as TFLM's SUB prepare; each ratio is widened only at the end. (TFLite
   * divides in double: the SEANet int16 SUB CSV goldens, made by TFLite, differ from TFLM by one in a few
   * elements, and TFLM's own outputs are what this reproduces.) */
  const float twice_max = 2.0f * (in1_scale > in2_scale ? in1_scale : in2_scale);
  const float real1 = in1_scale / twice_max;
  const float real2 = in2_scale / twice_max;
  const float real_out = twice_max / ((float)(1 << left_shift) * out_scale);
  eb_quantize_multiplier((double)real1, &p->in1_mult, &p->in1_shift);
  eb_quantize_multiplier((double)real2, &p->in2_mult, &p->in2_shift);
  eb_quantize_multiplier((double)real_out, &p->out_mult, &p->out_shift);
}

void eb_binary_prepare_add_s8(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale) {
  prepare_add(p, in1_scale, in2_scale, out_scale, 20);
}

void eb_binary_prepare_sub_s8(eb_binary_params *p, float in1_scale, float in2_scale, float out_scale) {
  prepare_sub(p, in1_scale, in2_scale, out_scale, 20);
}

void eb_binary_prepare_add_s16(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale) {
  prepare_add(p, in1_scale, in2_scale, out_scale, 15);
}

void eb_binary_prepare_sub_s16(eb_binary_params *p, float in1_scale, float in2_scale, float out_scale) {
  prepare_sub(p, in1_scale, in2_scale, out_scale, 15);
}

void eb_binary_prepare_mul_s8(eb_binary_params *p, double in1_scale, double in2_scale, double out_scale) {
  eb_quantize_multiplier(in1_scale * in2_scale / out_scale, &p->out_mult, &p->out_shift);
}

/* The rescaled input term of one int8 value: (v - zp) * 2^left_shift brought to the common scale. */
static inline int32_t eb_binary_term(int32_t v, int32_t zp, int32_t left_shift, int32_t mult, int32_t shift) {
  /* (v - zp) * 2^20 stays within int32 for int8 inputs, so the shift is exact. */
  return eb_requantize_elementwise((v - zp) * (1 << left_shift), mult, shift);
}

/* Below this many outputs the terms are computed per element instead of tabulated (512 of them). */
enum { EB_BINARY_TABLE_MIN = 1024 };

/* True when neither input broadcasts: both walk the output's elements in order. */
static int eb_binary_same_shapes(const eb_binary_params *p) {
  int32_t step = 1;
  for (int32_t d = p->rank - 1; d >= 0; --d) {
    if (p->out_dims[d] != 1 && (p->in1_strides[d] != step || p->in2_strides[d] != step)) return 0;
    step *= p->out_dims[d];
  }
  return 1;
}

/* The common case of a row: both inputs contiguous, tabulated terms, the usual output requantisation. Its
 * own function so that the loop keeps everything in registers. */
static EB_NOINLINE void eb_binary_addsub_row(const int8_t *a, const int8_t *b, const int32_t *t1, const int32_t *t2,
                                             int32_t n, int32_t om, int32_t os, int32_t zp, int32_t lo, int32_t hi,
                                             int8_t *restrict out) {
  const uint32_t quarter = 1u << (-os - 2);
  const int32_t r1 = -os - 1;
  t1 += 128;
  t2 += 128;
  for (int32_t i = 0; i < n; ++i) {
    const int32_t v = eb_requantize_fast(t1[a[i]] + t2[b[i]], om, quarter, r1);
    out[i] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(v, zp), lo, hi);
  }
}

void eb_binary_addsub_s8(const eb_binary_params *p, const int8_t *in1, const int8_t *in2, int8_t *restrict out,
                         int negate2) {
  int32_t inner = p->out_dims[p->rank - 1];
  int32_t st1 = p->in1_strides[p->rank - 1], st2 = p->in2_strides[p->rank - 1];
  int32_t rows = eb_binary_row_count(p);
  if (eb_binary_same_shapes(p)) {
    /* No broadcasting: one row of every element (the odometer below never moves). */
    inner *= rows;
    rows = 1;
    st1 = st2 = 1;
  }
  const int32_t om = p->out_mult, os = p->out_shift, zp = p->out_zp, lo = p->q_min, hi = p->q_max;
  /* Each input's term depends on its int8 value alone: 256 entries per input, made once per call, turn
   * two requantisations per element into two loads. SUB stores the second input's terms negated
   * (s1 - s2 == s1 + (-s2) exactly; |s2| < 2^29). */
  int32_t t1[256], t2[256];
  const int tables = (int64_t)rows * inner >= EB_BINARY_TABLE_MIN;
  if (tables) {
    for (int32_t v = -128; v < 128; ++v) {
      t1[v + 128] = eb_binary_term(v, p->in1_zp, p->left_shift, p->in1_mult, p->in1_shift);
      const int32_t s2 = eb_binary_term(v, p->in2_zp, p->left_shift, p->in2_mult, p->in2_shift);
      t2[v + 128] = negate2 ? -s2 : s2;
    }
  }
  const int fast = eb_requantize_is_fast(om, os);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  for (int32_t r = 0; r < rows; ++r) {
    const int8_t *a = in1 + off1, *b = in2 + off2;
    if (tables && fast && st1 == 1 && st2 == 1) {
      eb_binary_addsub_row(a, b, t1, t2, inner, om, os, zp, lo, hi, out);
    } else {
      for (int32_t i = 0; i < inner; ++i) {
        const int32_t x1 = a[i * st1], x2 = b[i * st2];
        int32_t s;
        if (tables) {
          s = t1[x1 + 128] + t2[x2 + 128];
        } else {
          const int32_t s2 = eb_binary_term(x2, p->in2_zp, p->left_shift, p->in2_mult, p->in2_shift);
          s = eb_binary_term(x1, p->in1_zp, p->left_shift, p->in1_mult, p->in1_shift) + (negate2 ? -s2 : s2);
        }
        const int32_t v = fast ? eb_requantize_usual(s, om, os) : eb_requantize_elementwise(s, om, os);
        out[i] = (int8_t)eb_clamp_i32(eb_add_wrap_i32(v, zp), lo, hi);
      }
    }
    out += inner;
    eb_binary_next_row(p, idx, &off1, &off2);
  }
}

int32_t eb_binary_row_count(const eb_binary_params *p) {
  int32_t rows = 1;
  for (int32_t i = 0; i + 1 < p->rank; ++i) rows *= p->out_dims[i];
  return rows;
}

void eb_binary_next_row(const eb_binary_params *p, int32_t *idx, int32_t *off1, int32_t *off2) {
  for (int32_t d = p->rank - 2; d >= 0; --d) {
    *off1 += p->in1_strides[d];
    *off2 += p->in2_strides[d];
    if (++idx[d] < p->out_dims[d]) return;
    /* This dim wrapped: rewind it and carry into the next outer one. */
    *off1 -= p->in1_strides[d] * p->out_dims[d];
    *off2 -= p->in2_strides[d] * p->out_dims[d];
    idx[d] = 0;
  }
}
