/* FULLY_CONNECTED int8 as a GEMM (gemm_s8_x86.h) with AVX-512 VNNI (vpdpbusd, u8 x s8 quads): mr input rows at a time
 * into the scratch, then the 8 x 32 / 12 x 16 microkernel (batch 1 and 2: up to four channel blocks per pass, for more
 * sums in flight). */
#include "gemm_s8_avx512.h"
#include "gemm_s8_x86.h"

/* eb_fully_connected_s8_gemm_avx512vnni_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_S8_FC_VARIANT(avx512vnni, gemm512)
