// Gemm and MatMul. A constant 2-D right operand becomes FULLY_CONNECTED with weights [out][in] (alpha
// folded into them, beta * C into the bias where C is one row); two activations, or a constant of higher
// rank, become BATCH_MATMUL.
#include <cstring>

#include "core/strings.h"
#include "importers/onnx/onnx_ops.h"

namespace eb::onnx_import {
namespace {

// A [rows, cols] float constant transposed to [cols, rows], each value scaled.
std::vector<float> TransposedScaled(const std::vector<float>& v, int32_t rows, int32_t cols, float scale) {
  std::vector<float> out(v.size());
  for (int32_t r = 0; r < rows; ++r) {
    for (int32_t c = 0; c < cols; ++c) out[static_cast<size_t>(c) * rows + r] = v[static_cast<size_t>(r) * cols + c] * scale;
  }
  return out;
}

// Multiplies tensor t by a float scalar (a MUL with a one-element constant).
int ScaleBy(Context& ctx, int t, float s, const std::string& name) {
  const std::vector<int32_t> shape = ctx.tensor(t).shape;
  const int c = ctx.AddConstF32(name + "/factor", {s}, {});
  const int out = ctx.AddTensor(name, DType::kF32, shape);
  ctx.AddOp(OpType::kMul, {t, c}, {out});
  return out;
}

}  // namespace

// Y = alpha * A' * B' + beta * C, A' = transA ? A^T : A, B' = transB ? B^T : B; A is [M, K], B' is [K, N].
Status ConvertGemm(Context& ctx) {
  // `broadcast` (before opset 7) allowed C to broadcast, which later opsets always allow.
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"alpha", AttrType::kFloat}, {"beta", AttrType::kFloat},
                                          {"transA", AttrType::kInt}, {"transB", AttrType::kInt},
                                          {"broadcast", AttrType::kInt}}));
  if (ctx.num_inputs() < 2 || ctx.num_inputs() > 3 || !ctx.has_input(0) || !ctx.has_input(1)) {
    return ctx.Fail("expected 2 or 3 inputs");
  }
  for (size_t k = 0; k < ctx.num_inputs(); ++k) {
    if (ctx.has_input(k)) EB_RETURN_IF_ERROR(ExpectFloat(ctx, k, k == 0 ? "A" : k == 1 ? "B" : "C"));
  }
  Value& a = ctx.in(0);
  Value& b = ctx.in(1);
  if (a.rank() != 2 || b.rank() != 2) {
    return ctx.Fail("A and B must be matrices; found " + ShapeString(a.shape) + " and " + ShapeString(b.shape));
  }
  const bool ta = ctx.Int("transA", 0) != 0, tb = ctx.Int("transB", 0) != 0;
  const float alpha = ctx.Float("alpha", 1.0f), beta = ctx.Float("beta", 1.0f);
  const int32_t m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
  const int32_t kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
  if (k != kb) return ctx.Fail(Format("A' is [%d,%d] but B' is [%d,%d]", m, k, kb, n));
  std::vector<int32_t> c_shape;
  const bool has_c = ctx.has_input(2) && beta != 0.0f;
  if (has_c) {
    std::vector<int32_t> y;
    if (!BroadcastShapes(ctx.in(2).shape, {m, n}, &y) || y != std::vector<int32_t>{m, n}) {
      return ctx.Fail("C " + ShapeString(ctx.in(2).shape) + " does not broadcast to [" + std::to_string(m) + "," +
                      std::to_string(n) + "]");
    }
    c_shape = ctx.in(2).shape;
  }
  const std::string name = ctx.out_name(0);
  int lhs = ctx.ToOnnx(a);
  if (ta) lhs = ctx.Transpose(lhs, {1, 0}, a.name + "/t");
  int product = -1;
  bool c_in_bias = false;
  if (b.is_constant) {
    // FULLY_CONNECTED weights are [N][K] = B'^T, i.e. B itself when transB.
    const std::vector<float> bv = ctx.ConstFloats(b);
    std::vector<float> w = tb ? bv : TransposedScaled(bv, k, n, alpha);
    if (tb) {
      for (float& f : w) f *= alpha;
    }
    const int wt = ctx.AddConstF32(b.name + "/fc_weights", w, {n, k});
    // A C of one row (scalar, [N], [1, N]) is the bias; other shapes are added after.
    int bias = -1;
    if (has_c && ctx.in(2).is_constant && (c_shape.empty() || c_shape.back() == n || c_shape.back() == 1) &&
        (c_shape.size() < 2 || c_shape[0] == 1)) {
      const std::vector<float> cv = ctx.ConstFloats(ctx.in(2));
      std::vector<float> bv2(static_cast<size_t>(n));
      for (int32_t j = 0; j < n; ++j) bv2[static_cast<size_t>(j)] = beta * cv[cv.size() == 1 ? 0 : static_cast<size_t>(j)];
      bias = ctx.AddConstF32(name + "/fc_bias", bv2, {n});
      c_in_bias = true;
    }
    product = c_in_bias || !has_c ? ctx.Output(0, DType::kF32, {m, n}, Layout::kOnnx)
                                  : ctx.AddTensor(name + "/product", DType::kF32, {m, n});
    ctx.AddOp(OpType::kFullyConnected, {lhs, wt, bias}, {product});
  } else {
    int rhs = ctx.ToOnnx(b);
    if (tb) rhs = ctx.Transpose(rhs, {1, 0}, b.name + "/t");
    const bool last = !has_c && alpha == 1.0f;
    product = last ? ctx.Output(0, DType::kF32, {m, n}, Layout::kOnnx) : ctx.AddTensor(name + "/product", DType::kF32, {m, n});
    ctx.AddOp(OpType::kBatchMatMul, {lhs, rhs}, {product});
    if (alpha != 1.0f) {
      if (!has_c) {
        const int c = ctx.AddConstF32(name + "/alpha", {alpha}, {});
        const int out = ctx.Output(0, DType::kF32, {m, n}, Layout::kOnnx);
        ctx.AddOp(OpType::kMul, {product, c}, {out});
        return Status::Ok();
      }
      product = ScaleBy(ctx, product, alpha, name + "/scaled");
    }
  }
  if (!has_c || c_in_bias) return Status::Ok();
  Value& c = ctx.in(2);
  int ct = ctx.ToOnnx(c);
  if (beta != 1.0f) {
    if (c.is_constant) {
      std::vector<float> cv = ctx.ConstFloats(c);
      for (float& f : cv) f *= beta;
      ct = ctx.AddConstF32(c.name + "/beta", cv, c.shape);
    } else {
      ct = ScaleBy(ctx, ct, beta, c.name + "/beta");
    }
  }
  const int out = ctx.Output(0, DType::kF32, {m, n}, Layout::kOnnx);
  ctx.AddOp(OpType::kAdd, {product, ct}, {out});
  return Status::Ok();
}

// numpy matmul: 1-D operands are promoted ([K] -> [1, K] on the left, [K, 1] on the right) and the
// added dim dropped from the result; batch dims broadcast.
Status ConvertMatMul(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  if (ctx.num_inputs() != 2 || !ctx.has_input(0) || !ctx.has_input(1)) return ctx.Fail("expected 2 inputs");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "A"));
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 1, "B"));
  Value& a = ctx.in(0);
  Value& b = ctx.in(1);
  if (a.rank() < 1 || b.rank() < 1) return ctx.Fail("MatMul of scalars is not defined");
  const int32_t k = a.shape.back();
  const int32_t kb = b.rank() == 1 ? b.shape[0] : b.shape[static_cast<size_t>(b.rank() - 2)];
  if (k != kb) return ctx.Fail("A " + ShapeString(a.shape) + " and B " + ShapeString(b.shape) + " do not multiply");
  const std::string name = ctx.out_name(0);
  // Result shape by numpy's rules.
  std::vector<int32_t> a2 = a.shape, b2 = b.shape;
  if (a.rank() == 1) a2.insert(a2.begin(), 1);
  if (b.rank() == 1) b2.push_back(1);
  std::vector<int32_t> batch;
  if (!BroadcastShapes(std::vector<int32_t>(a2.begin(), a2.end() - 2), std::vector<int32_t>(b2.begin(), b2.end() - 2), &batch)) {
    return ctx.Fail("the batch dims of A " + ShapeString(a.shape) + " and B " + ShapeString(b.shape) + " do not broadcast");
  }
  std::vector<int32_t> y = batch;
  if (a.rank() > 1) y.push_back(a2[a2.size() - 2]);
  if (b.rank() > 1) y.push_back(b2.back());
  const int lhs = ctx.ToOnnx(a);
  if (b.is_constant && b.rank() <= 2) {
    // FULLY_CONNECTED over the last dim of A; weights [N][K].
    const int32_t n = b.rank() == 2 ? b.shape[1] : 1;
    const int wt = ctx.AddConstF32(b.name + "/fc_weights", TransposedScaled(ctx.ConstFloats(b), k, n, 1.0f), {n, k});
    OpAttrs attrs;
    attrs.keep_num_dims = a.rank() != 2;
    std::vector<int32_t> fc_shape = a.shape;
    fc_shape.back() = n;
    if (a.rank() == 2) fc_shape = {a.shape[0], n};
    if (fc_shape == y) {
      ctx.AddOp(OpType::kFullyConnected, {lhs, wt, -1}, {ctx.Output(0, DType::kF32, y, Layout::kOnnx)}, attrs);
      return Status::Ok();
    }
    const int fc = ctx.AddTensor(name + "/fc", DType::kF32, fc_shape);
    ctx.AddOp(OpType::kFullyConnected, {lhs, wt, -1}, {fc}, attrs);
    const int out = ctx.Reshape(fc, y, name);
    ctx.Bind(0, out, y, Layout::kOnnx);
    return Status::Ok();
  }
  const int l = a.rank() == 1 ? ctx.Reshape(lhs, a2, a.name + "/row") : lhs;
  const int rb = ctx.ToOnnx(b);
  const int r = b.rank() == 1 ? ctx.Reshape(rb, b2, b.name + "/column") : rb;
  std::vector<int32_t> full = batch;
  full.push_back(a2[a2.size() - 2]);
  full.push_back(b2.back());
  if (full == y) {
    ctx.AddOp(OpType::kBatchMatMul, {l, r}, {ctx.Output(0, DType::kF32, y, Layout::kOnnx)});
    return Status::Ok();
  }
  const int mm = ctx.AddTensor(name + "/matmul", DType::kF32, full);
  ctx.AddOp(OpType::kBatchMatMul, {l, r}, {mm});
  const int out = ctx.Reshape(mm, y, name);
  ctx.Bind(0, out, y, Layout::kOnnx);
  return Status::Ok();
}

}  // namespace eb::onnx_import
