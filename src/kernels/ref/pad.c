/* PAD with a constant, on raw elements.
 *
 * One pass over the output in order: for dimension d, write before[d] padded slices, then each input
 * slice (recursing into d + 1; at the last dimension a single memcpy), then after[d] padded slices.
 * Every output byte is written once. Recursion depth is the rank, at most EB_MAX_DIMS. */
#include "pad.h"

#include <string.h>

typedef struct {
  const eb_pad_params *p;
  size_t slice_elems[EB_MAX_DIMS]; /* elements in one output slice of dimension d */
  const uint8_t *src;
  uint8_t *dst;
} pad_walk;

/* Fills n elements with the pad value by doubling copies: log2(n) memcpys instead of n. */
static void fill(pad_walk *w, size_t n) {
  const size_t es = (size_t)w->p->elem_size;
  const size_t total = n * es;
  if (total == 0) return;
  memcpy(w->dst, w->p->pad_value, es);
  size_t done = es;
  while (done < total) {
    const size_t chunk = done < total - done ? done : total - done;
    memcpy(w->dst + done, w->dst, chunk);
    done += chunk;
  }
  w->dst += total;
}

static void pad_dim(pad_walk *w, int32_t d) {
  const eb_pad_params *p = w->p;
  fill(w, (size_t)p->before[d] * w->slice_elems[d]);
  if (d == p->rank - 1) {
    const size_t row = (size_t)p->in_dims[d] * (size_t)p->elem_size;
    memcpy(w->dst, w->src, row);
    w->src += row;
    w->dst += row;
  } else {
    for (int32_t i = 0; i < p->in_dims[d]; ++i) pad_dim(w, d + 1);
  }
  fill(w, (size_t)p->after[d] * w->slice_elems[d]);
}

void eb_pad(const eb_pad_params *p, const void *in, void *out) {
  if (p->rank == 0) {
    memcpy(out, in, (size_t)p->elem_size);
    return;
  }
  pad_walk w;
  w.p = p;
  w.src = (const uint8_t *)in;
  w.dst = (uint8_t *)out;
  size_t elems = 1;
  for (int32_t d = p->rank - 1; d >= 0; --d) {
    w.slice_elems[d] = elems;
    elems *= (size_t)(p->before[d] + p->in_dims[d] + p->after[d]);
  }
  pad_dim(&w, 0);
}
