/* float32 CONV_2D as an indirect GEMM: the microkernel reads each output pixel's filter taps in place through
 * per-pixel offsets made at prepare, instead of copying them into an im2col panel first (the x86_variant.h
 * contract; conv2d_f32_igemm_avx512.c has the scheme). It takes the layers the packed-weight GEMM would
 * gather; the GEMM keeps those it reads in place. */
#ifndef EB_CONV2D_F32_IGEMM_X86_H
#define EB_CONV2D_F32_IGEMM_X86_H

#include <stddef.h>
#include <stdint.h>

#include "conv2d.h"
#include "gemm_f32_x86.h"
#include "x86_variant.h"

#ifdef __cplusplus
extern "C" {
#endif

int eb_conv2d_f32_igemm_avx2_applies(const eb_conv_params *p);
size_t eb_conv2d_f32_igemm_avx2_packed_bytes(const eb_conv_params *p);
void eb_conv2d_f32_igemm_avx2_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                   const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_conv2d_f32_igemm_avx2_tasks(const eb_conv_params *p);
size_t eb_conv2d_f32_igemm_avx2_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_f32_igemm_avx2_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                  void *scratch, int32_t task_begin, int32_t task_end);

int eb_conv2d_f32_igemm_avx512_applies(const eb_conv_params *p);
size_t eb_conv2d_f32_igemm_avx512_packed_bytes(const eb_conv_params *p);
void eb_conv2d_f32_igemm_avx512_pack(const eb_conv_params *p, const void *filter, const void *bias,
                                     const int32_t *mult, const int32_t *shift, void *packed);
int32_t eb_conv2d_f32_igemm_avx512_tasks(const eb_conv_params *p);
size_t eb_conv2d_f32_igemm_avx512_scratch_bytes(const eb_conv_params *p);
void eb_conv2d_f32_igemm_avx512_run(const eb_conv_params *p, const void *in, const void *packed, void *out,
                                    void *scratch, int32_t task_begin, int32_t task_end);

/* ---- ISA-independent pieces shared by the variants (plain C, compiled into each variant's file) ----
 *
 * Packed blob: the weights in the GEMM's panels [panel][k][lanes] and the bias (eb_gemm_f32_pack), then for
 * every output pixel of one image the offset of each tap's run from the image's start (-1 for a padded tap;
 * the same for every image of the batch), then in_c zeros that padded taps point at. The offsets cost
 * ohw * k_h * k_w * 4 bytes; applies declines a layer where there would be more than EB_IGEMM_F32_MAX_OFFSETS
 * (the GEMM then takes it), and the layers the GEMM reads in place (1x1 stride 1, a kernel over the whole
 * image: no copying to save). Tasks and register blocks are the GEMM's (eb_gemm_f32_plan). */

enum { EB_IGEMM_F32_MAX_OFFSETS = 1 << 20 };

/* Where a block's rows read their taps. */
typedef struct {
  const float *in;       /* the batch's input */
  const int32_t *offs;   /* [ohw][taps]: each tap's run from its image's start, -1 when padded */
  const float *zero;     /* in_c zeros */
  int32_t taps, in_c, ohw;
  size_t image;          /* floats per input image */
} eb_igemm_f32_src;

static inline eb_gemm_f32_plan eb_igemm_f32_plan(const eb_conv_params *p, int32_t mr, int32_t lanes) {
  return eb_gemm_f32_make_plan(eb_gemm_f32_conv_m(p), p->out_c, eb_gemm_f32_conv_k(p), mr, lanes, 0);
}

static inline size_t eb_igemm_f32_align(size_t bytes) {
  return (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
}

/* Byte offsets inside the blob of the pixel offsets and of the zeros. */
static inline size_t eb_igemm_f32_offs_at(const eb_gemm_f32_plan *pl, int32_t lanes) {
  return eb_gemm_f32_packed_bytes(pl, lanes);
}
static inline size_t eb_igemm_f32_zero_at(const eb_conv_params *p, const eb_gemm_f32_plan *pl, int32_t lanes) {
  const size_t offs = (size_t)p->out_h * p->out_w * p->k_h * p->k_w * sizeof(int32_t);
  return eb_igemm_f32_offs_at(pl, lanes) + eb_igemm_f32_align(offs);
}

static inline int eb_igemm_f32_applies(const eb_conv_params *p) {
  if (p->batch < 0 || p->out_c <= 0 || eb_gemm_f32_conv_k(p) <= 0 || eb_gemm_f32_conv_direct_lda(p) != 0) return 0;
  const int64_t offsets = (int64_t)p->out_h * p->out_w * p->k_h * p->k_w;
  /* Offsets are int32 floats from an image's start. */
  return offsets <= EB_IGEMM_F32_MAX_OFFSETS && (int64_t)p->in_h * p->in_w * p->in_c <= INT32_MAX;
}

static inline size_t eb_igemm_f32_packed_bytes(const eb_conv_params *p, int32_t mr, int32_t lanes) {
  const eb_gemm_f32_plan pl = eb_igemm_f32_plan(p, mr, lanes);
  return eb_igemm_f32_zero_at(p, &pl, lanes) + eb_igemm_f32_align((size_t)p->in_c * sizeof(float));
}

static inline void eb_igemm_f32_pack(const eb_conv_params *p, int32_t mr, int32_t lanes, const float *filter,
                                     const float *bias, void *packed) {
  const eb_gemm_f32_plan pl = eb_igemm_f32_plan(p, mr, lanes);
  eb_gemm_f32_pack(&pl, lanes, filter, bias, (float *)packed);
  int32_t *offs = (int32_t *)((char *)packed + eb_igemm_f32_offs_at(&pl, lanes));
  for (int32_t oy = 0; oy < p->out_h; ++oy) {
    for (int32_t ox = 0; ox < p->out_w; ++ox) {
      for (int32_t ky = 0; ky < p->k_h; ++ky) {
        for (int32_t kx = 0; kx < p->k_w; ++kx) {
          const int32_t y = oy * p->stride_h - p->pad_top + ky * p->dil_h;
          const int32_t x = ox * p->stride_w - p->pad_left + kx * p->dil_w;
          const int inside = y >= 0 && y < p->in_h && x >= 0 && x < p->in_w;
          *offs++ = inside ? (y * p->in_w + x) * p->in_c : -1;
        }
      }
    }
  }
  float *zero = (float *)((char *)packed + eb_igemm_f32_zero_at(p, &pl, lanes));
  for (int32_t c = 0; c < p->in_c; ++c) zero[c] = 0.0f;
}

static inline eb_igemm_f32_src eb_igemm_f32_source(const eb_conv_params *p, const eb_gemm_f32_plan *pl,
                                                   int32_t lanes, const void *in, const void *packed) {
  const eb_igemm_f32_src s = {(const float *)in,
                              (const int32_t *)((const char *)packed + eb_igemm_f32_offs_at(pl, lanes)),
                              (const float *)((const char *)packed + eb_igemm_f32_zero_at(p, pl, lanes)),
                              p->k_h * p->k_w,
                              p->in_c,
                              p->out_h * p->out_w,
                              (size_t)p->in_h * p->in_w * p->in_c};
  return s;
}

/* The image and the tap offsets of each of the n output pixels from m0 on. */
static inline void eb_igemm_f32_rows(const eb_igemm_f32_src *s, int32_t m0, int n, const float **base,
                                     const int32_t **off) {
  int32_t b = m0 / s->ohw, px = m0 % s->ohw;
  for (int r = 0; r < n; ++r) {
    base[r] = s->in + (size_t)b * s->image;
    off[r] = s->offs + (size_t)px * s->taps;
    if (++px == s->ohw) {
      px = 0;
      ++b;
    }
  }
}

/* The x86_variant.h functions that do not compute, over the variant's register block (mr) and lanes. */
#define EB_IGEMM_F32_VARIANT(isa, MR, LANES)                                                                      \
  int eb_conv2d_f32_igemm_##isa##_applies(const eb_conv_params *p) { return eb_igemm_f32_applies(p); }           \
  size_t eb_conv2d_f32_igemm_##isa##_packed_bytes(const eb_conv_params *p) {                                     \
    return eb_igemm_f32_packed_bytes(p, MR, LANES);                                                              \
  }                                                                                                              \
  void eb_conv2d_f32_igemm_##isa##_pack(const eb_conv_params *p, const void *filter, const void *bias,           \
                                        const int32_t *mult, const int32_t *shift, void *packed) {               \
    (void)mult;                                                                                                  \
    (void)shift;                                                                                                 \
    eb_igemm_f32_pack(p, MR, LANES, (const float *)filter, (const float *)bias, packed);                         \
  }                                                                                                              \
  int32_t eb_conv2d_f32_igemm_##isa##_tasks(const eb_conv_params *p) {                                           \
    const eb_gemm_f32_plan pl = eb_igemm_f32_plan(p, MR, LANES);                                                 \
    return eb_gemm_f32_tasks(&pl);                                                                               \
  }                                                                                                              \
  size_t eb_conv2d_f32_igemm_##isa##_scratch_bytes(const eb_conv_params *p) {                                    \
    (void)p;                                                                                                     \
    return 0;                                                                                                    \
  }

#ifdef __cplusplus
}
#endif
#endif
