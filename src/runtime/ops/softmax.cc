// SOFTMAX prepare: over the last dimension; int8 output has the spec's fixed scale 1/256, zero point -128.
#include <memory>
#include <vector>

#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "runtime/x86_variant_table.h"
#include "softmax.h"
#ifdef EB_HAVE_X86_KERNELS
#include "elementwise_x86.h"
#endif

namespace eb {
namespace {

#ifdef EB_HAVE_X86_KERNELS
constexpr X86Variant<eb_softmax_params> kF32Variants[] = {
    EB_X86_ROW(eb_softmax_params, softmax_f32_direct_avx512, kAvx512),
    EB_X86_ROW(eb_softmax_params, softmax_f32_direct_avx2, kAvx2),
};
#else
constexpr std::span<const X86Variant<eb_softmax_params>> kF32Variants;
#endif
// Below this many elements the scalar kernel wins: one short row is a chain of dependent steps (measured:
// 10 classes, batch 1, 113 ns scalar against 125-154 ns vectorised).
constexpr int64_t kMinVectorElements = 64;

}  // namespace

Status PrepareSoftmax(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ExpectElementwise(ctx));
  const Tensor& in = ctx.input(0);
  if (in.shape.empty() || in.shape.back() <= 0) return ctx.Error("the input needs a non-empty last dimension");
  auto st = std::make_shared<eb_softmax_params>();
  st->depth = in.shape.back();
  st->outer = static_cast<int32_t>(in.num_elements() / st->depth);
  st->beta = ctx.attrs().beta;
  if (in.dtype == DType::kF32) {
    if (in.num_elements() >= kMinVectorElements &&
        TryX86(ctx, std::span(kF32Variants), *st, {.in = ctx.in<void>(0), .out = ctx.out<void>()})) {
      return Status::Ok();
    }
    ctx.Call(EB_KERNEL(eb_softmax_f32), *st, {ctx.In(0), ctx.Out()});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported", std::string(DTypeName(in.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(in, "input"));
  EB_RETURN_IF_ERROR(ExpectFixedOutputQuant(ctx, 1.0f / 256.0f, -128));
  eb_softmax_s8_prepare(st.get(), static_cast<double>(ctx.attrs().beta), static_cast<double>(in.quant.scale[0]));
  std::vector<int32_t> table(EB_SOFTMAX_S8_TABLE_SIZE);
  eb_softmax_s8_exp_table(st.get(), table.data());
  ctx.Call(EB_KERNEL(eb_softmax_s8), *st, {CallArg::Const(table), ctx.In(0), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
