/* CONV_2D int8 as a GEMM (gemm_s8_x86.h) with AVX-512 VNNI (vpdpbusd, u8 x s8 quads): im2col of mr output pixels at a
 * time into the scratch (a 1x1 stride-1 unpadded layer's pixels copied as they are), then the 8 x 32 / 12 x 16
 * microkernel. */
#include "gemm_s8_avx512.h"
#include "gemm_s8_x86.h"

/* eb_conv2d_s8_gemm_avx512vnni_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_S8_CONV_VARIANT(avx512vnni, gemm512)
