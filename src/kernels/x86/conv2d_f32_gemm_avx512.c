/* float32 CONV_2D as a packed-weight GEMM, AVX-512 (gemm_f32_x86.h has the scheme, gemm_f32_avx512.h the
 * microkernels). */
#include "gemm_f32_avx512.h"

/* eb_conv2d_f32_gemm_avx512_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_F32_CONV_VARIANT(avx512, AVX512)
