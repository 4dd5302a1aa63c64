/* CONV_2D int8 as a GEMM (gemm_s8_x86.h) with AVX2 (int16 pairs, vpmaddwd): im2col of mr output pixels at a time
 * into the scratch (a 1x1 stride-1 unpadded layer's pixels copied as they are), then the 6 x 16 / 8 x 8 microkernel. */
#include "gemm_s8_avx2.h"
#include "gemm_s8_x86.h"

/* eb_conv2d_s8_gemm_avx2_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_S8_CONV_VARIANT(avx2, gemm256)
