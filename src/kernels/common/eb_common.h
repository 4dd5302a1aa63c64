/* Shared definitions for the portable C99 kernels.
 *
 * Every kernel here compiles unchanged for the host and for Cortex-M firmware. Kernels never allocate,
 * never check what prepare already checked, and take a params struct filled once at prepare time.
 * Layout is NHWC throughout; filters are OHWI (conv), 1HWO (depthwise) and OI (fully connected). */
#ifndef EB_COMMON_H
#define EB_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Keeps a hot loop in a function of its own, so that its registers are not shared with a caller that needs
 * a frame pointer (a variable-length array) or many live values. */
#if defined(__GNUC__)
#define EB_NOINLINE __attribute__((noinline))
#else
#define EB_NOINLINE
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Highest tensor rank the broadcast, transpose and pad kernels handle. */
#define EB_MAX_DIMS 6

static inline int32_t eb_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
static inline int32_t eb_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t eb_clamp_i32(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : (v > hi ? hi : v); }
/* a + b wrapping like the hardware: a hostile bias cannot make the reference kernels undefined. */
static inline int32_t eb_add_wrap_i32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static inline float eb_clamp_f32(float v, float lo, float hi) { return v < lo ? lo : (v > hi ? hi : v); }

#ifdef __cplusplus
}
#endif
#endif
