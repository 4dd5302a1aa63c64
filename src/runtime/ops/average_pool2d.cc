// AVERAGE_POOL_2D prepare: NHWC, SAME/VALID padding, float32 or int8.
#include "average_pool2d.h"
#include "runtime/ops/pool_common.h"
#include "runtime/ops/registry.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_x86.h"
#endif

namespace eb {
namespace {

// Host variants, best first.
#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_pool_params> kF32Variants[] = {
    EB_X86_ROW(eb_pool_params, average_pool2d_f32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_pool_params, average_pool2d_f32_direct_avx2, kAvx2),
};
constexpr X86Variant<eb_pool_params> kS8Variants[] = {
    EB_X86_ROW(eb_pool_params, average_pool2d_s8_direct_avx512, kAvx512),
    EB_X86_ROW(eb_pool_params, average_pool2d_s8_direct_avx2, kAvx2),
};
#else
constexpr PoolVariants kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareAveragePool2D(OpContext& ctx) {
  return PreparePool(ctx, EB_KERNEL(eb_average_pool2d_f32), EB_KERNEL(eb_average_pool2d_s8), kF32Variants, kS8Variants);
}

}  // namespace eb
