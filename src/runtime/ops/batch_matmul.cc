// BATCH_MATMUL prepare: float32 [..., M, K] x [..., K, N] with broadcast batch dims. Either operand may
// be constant (ONNX MatMul with an N-D weight) or an activation. Transposed operands (adj_x, adj_y) are
// expressed by explicit TRANSPOSE ops in the graph.
#include "batch_matmul.h"
#include "runtime/ops/registry.h"

namespace eb {

Status PrepareBatchMatMul(OpContext& ctx) {
  EB_RETURN_IF_ERROR(ctx.ExpectArity(2, 2, 1));
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  if (a.dtype != DType::kF32) {
    return ctx.Error(Format("input type %s is not supported (BATCH_MATMUL runs in float32)",
                            std::string(DTypeName(a.dtype)).c_str()));
  }
  EB_RETURN_IF_ERROR(ctx.ExpectType(b, DType::kF32, "second input"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.output(), DType::kF32, "output"));
  eb_batch_matmul_params p{};
  if (eb_batch_matmul_prepare(&p, static_cast<int>(a.shape.size()), a.shape.data(),
                              static_cast<int>(b.shape.size()), b.shape.data()) != 0) {
    return ctx.Error(Format("inputs %s and %s cannot be multiplied (ranks 2 to %d, [..., M, K] x [..., K, N], "
                            "batch dims broadcasting)", ShapeString(a.shape).c_str(), ShapeString(b.shape).c_str(),
                            EB_MAX_DIMS));
  }
  std::vector<int32_t> want(p.batch_dims, p.batch_dims + p.batch_rank);
  want.push_back(p.m);
  want.push_back(p.n);
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want));
  ctx.Call(EB_KERNEL(eb_batch_matmul_f32), p, {ctx.In(0), ctx.In(1), ctx.Out()});
  return Status::Ok();
}

}  // namespace eb
