/* float32 FULLY_CONNECTED as a packed-weight GEMM, AVX2+FMA (gemm_f32_x86.h has the scheme,
 * gemm_f32_avx2.h the microkernels). Batch 1 runs the K-split GEMV microkernel. */
#include "gemm_f32_avx2.h"

/* eb_fully_connected_f32_gemm_avx2_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_F32_FC_VARIANT(avx2, AVX2)
