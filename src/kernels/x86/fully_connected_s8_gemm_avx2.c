/* FULLY_CONNECTED int8 as a GEMM (gemm_s8_x86.h) with AVX2 (int16 pairs, vpmaddwd): mr input rows at a time into
 * the scratch, then the 6 x 16 / 8 x 8 microkernel (batch 1 and 2: up to four channel blocks per pass, for more sums in
 * flight). */
#include "gemm_s8_avx2.h"
#include "gemm_s8_x86.h"

/* eb_fully_connected_s8_gemm_avx2_{applies,packed_bytes,pack,tasks,scratch_bytes,run} */
EB_GEMM_S8_FC_VARIANT(avx2, gemm256)
