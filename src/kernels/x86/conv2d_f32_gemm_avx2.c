/* float32 CONV_2D as a packed-weight GEMM, AVX2+FMA (gemm_f32_x86.h has the scheme, gemm_f32_avx2.h the
 * microkernels). */
#include "gemm_f32_avx2.h"

/* eb_conv2d_f32_gemm_avx2_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_F32_CONV_VARIANT(avx2, AVX2)
