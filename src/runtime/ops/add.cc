// ADD prepare: broadcasting, float32, int8 or int16 with a fused activation.
#include "add.h"
#include "runtime/ops/binary_common.h"
#include "runtime/ops/registry.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_s8_x86.h"
#include "elementwise_x86.h"
#endif

namespace eb {
namespace {

#ifdef EB_HAVE_X86_KERNELS
constexpr BinaryVariant kF32Variants[] = {
    EB_X86_ROW_IN(eb_binary_params, const void* const*, add_f32_direct_avx512, kAvx512),
    EB_X86_ROW_IN(eb_binary_params, const void* const*, add_f32_direct_avx2, kAvx2),
};
constexpr BinaryVariant kS8Variants[] = {
    EB_X86_ROW_IN(eb_binary_params, const void* const*, add_s8_direct_avx512, kAvx512),
    EB_X86_ROW_IN(eb_binary_params, const void* const*, add_s8_direct_avx2, kAvx2),
};
#else
constexpr std::span<const BinaryVariant> kF32Variants, kS8Variants;
#endif

}  // namespace

Status PrepareAdd(OpContext& ctx) {
  return PrepareBinary(ctx, BinaryKind::kAdd, EB_KERNEL(eb_add_f32), EB_KERNEL(eb_add_s8),
                       kF32Variants, kS8Variants, EB_KERNEL(eb_add_s16));
}

}  // namespace eb
