// SUB prepare: broadcasting, float32, int8 or int16 with a fused activation.
#include "sub.h"
#include "runtime/ops/binary_common.h"
#include "runtime/ops/registry.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_s8_x86.h"
#endif

namespace eb {
namespace {

#ifdef EB_HAVE_X86_KERNELS
constexpr BinaryVariant kS8Variants[] = {
    EB_X86_ROW_IN(eb_binary_params, const void* const*, sub_s8_direct_avx512, kAvx512),
    EB_X86_ROW_IN(eb_binary_params, const void* const*, sub_s8_direct_avx2, kAvx2),
};
#else
constexpr std::span<const BinaryVariant> kS8Variants;
#endif

}  // namespace

Status PrepareSub(OpContext& ctx) {
  return PrepareBinary(ctx, BinaryKind::kSub, EB_KERNEL(eb_sub_f32), EB_KERNEL(eb_sub_s8), {},
                       kS8Variants, EB_KERNEL(eb_sub_s16));
}

}  // namespace eb
