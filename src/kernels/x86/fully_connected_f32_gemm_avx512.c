/* float32 FULLY_CONNECTED as a packed-weight GEMM, AVX-512 (gemm_f32_x86.h has the scheme,
 * gemm_f32_avx512.h the microkernels). Batch 1 runs the K-split GEMV microkernel. */
#include "gemm_f32_avx512.h"

/* eb_fully_connected_f32_gemm_avx512_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_F32_FC_VARIANT(avx512, AVX512)
