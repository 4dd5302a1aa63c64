/* CAST with C conversion semantics, as TFLM's static_cast. Bool elements are one byte holding 0 or 1.
 *
 * The (from, to) pair is resolved once per call into one typed loop; the 49 loops come from a macro
 * so every pair reads the same. Float -> integer conversion is only defined for values that fit. */
#include "cast.h"

#define EB_CAST_LOOP(TI, TO, CONVERT)                                              \
  do {                                                                             \
    const TI *s = (const TI *)in;                                                  \
    TO *d = (TO *)out;                                                             \
    for (int32_t i = 0; i < n; ++i) d[i] = CONVERT(TO, s[i]);                      \
  } while (0)

#define EB_CONVERT_PLAIN(TO, v) ((TO)(v))
#define EB_CONVERT_BOOL(TO, v) ((TO)((v) != 0))

#define EB_CAST_FROM(TI)                                                           \
  switch (p->to) {                                                                 \
    case EB_ELEM_F32: EB_CAST_LOOP(TI, float, EB_CONVERT_PLAIN); break;            \
    case EB_ELEM_I8: EB_CAST_LOOP(TI, int8_t, EB_CONVERT_PLAIN); break;            \
    case EB_ELEM_U8: EB_CAST_LOOP(TI, uint8_t, EB_CONVERT_PLAIN); break;           \
    case EB_ELEM_I16: EB_CAST_LOOP(TI, int16_t, EB_CONVERT_PLAIN); break;          \
    case EB_ELEM_I32: EB_CAST_LOOP(TI, int32_t, EB_CONVERT_PLAIN); break;          \
    case EB_ELEM_I64: EB_CAST_LOOP(TI, int64_t, EB_CONVERT_PLAIN); break;          \
    case EB_ELEM_BOOL: EB_CAST_LOOP(TI, uint8_t, EB_CONVERT_BOOL); break;          \
  }

void eb_cast(const eb_cast_params *p, const void *in, void *out) {
  const int32_t n = p->count;
  switch (p->from) {
    case EB_ELEM_F32: EB_CAST_FROM(float); break;
    case EB_ELEM_I8: EB_CAST_FROM(int8_t); break;
    case EB_ELEM_U8: EB_CAST_FROM(uint8_t); break;
    case EB_ELEM_I16: EB_CAST_FROM(int16_t); break;
    case EB_ELEM_I32: EB_CAST_FROM(int32_t); break;
    case EB_ELEM_I64: EB_CAST_FROM(int64_t); break;
    case EB_ELEM_BOOL: EB_CAST_FROM(uint8_t); break;
  }
}
