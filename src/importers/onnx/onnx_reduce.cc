// Axis-dependent ops: Softmax and the reductions ReduceMean, ReduceSum, ReduceMax. The IR's SOFTMAX works on the last dim and MEAN on a
// contiguous run of dims, so axes are remapped to the layout at hand (ONNX's channel axis 1 is the last
// NHWC dim) and, where needed, moved by TRANSPOSE.
#include <algorithm>

#include "core/strings.h"
#include "importers/onnx/onnx_ops.h"

namespace eb::onnx_import {

// Softmax-13: along one axis. Softmax-1/11: over the flattened dims from `axis` on (a 2-D coercion).
Status ConvertSoftmax(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axis", AttrType::kInt}}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  Value& x = ctx.in(0);
  const int r = x.rank();
  if (r == 0) return ctx.Fail("the input is a scalar");
  const bool legacy = ctx.opset() < 13;
  int axis = 0;
  if (!NormalizeAxis(ctx.Int("axis", legacy ? 1 : -1), r, &axis)) return ctx.Fail("axis is out of range");
  const std::string name = ctx.out_name(0);
  if (legacy && axis != r - 1) {
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < r; ++d) (d < axis ? outer : inner) *= x.shape[static_cast<size_t>(d)];
    const int flat = ctx.Reshape(ctx.ToOnnx(x), {static_cast<int32_t>(outer), static_cast<int32_t>(inner)}, name + "/2d");
    const int sm = ctx.AddTensor(name + "/softmax2d", DType::kF32, ctx.tensor(flat).shape);
    ctx.AddOp(OpType::kSoftmax, {flat}, {sm});
    const int out = ctx.Reshape(sm, x.shape, name);
    ctx.Bind(0, out, x.shape, Layout::kOnnx);
    return Status::Ok();
  }
  const bool nhwc = r == 4 && Context::PrefersNhwc(x);
  const int t = nhwc ? x.nhwc : ctx.ToOnnx(x);
  const int a = nhwc ? kNhwcAxisOf[axis] : axis;
  const Layout layout = nhwc ? Layout::kNhwc : Layout::kOnnx;
  if (a == r - 1) {
    const int out = ctx.Output(0, DType::kF32, x.shape, layout);
    ctx.AddOp(OpType::kSoftmax, {t}, {out});
    return Status::Ok();
  }
  // Swap the axis with the last dim, softmax, swap back (the swap is its own inverse).
  std::vector<int> perm(static_cast<size_t>(r));
  for (int d = 0; d < r; ++d) perm[static_cast<size_t>(d)] = d;
  std::swap(perm[static_cast<size_t>(a)], perm.back());
  const int moved = ctx.Transpose(t, perm, name + "/axis_last");
  const int sm = ctx.AddTensor(name + "/softmax", DType::kF32, ctx.tensor(moved).shape);
  ctx.AddOp(OpType::kSoftmax, {moved}, {sm});
  const int out = ctx.Transpose(sm, perm, layout == Layout::kNhwc ? name + "/nhwc" : name);
  ctx.Bind(0, out, x.shape, layout);
  return Status::Ok();
}

namespace {

// ReduceMean, ReduceSum, ReduceMax: one IR reduction per contiguous run of reduced axes, keeping dims, then a
// RESHAPE without them when keepdims = 0. The axes come from the attribute (older opsets) or a constant second
// input (ReduceSum-13, the others from opset 18); none means all, unless noop_with_empty_axes says identity.
Status ConvertReduce(Context& ctx, OpType type) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axes", AttrType::kInts}, {"keepdims", AttrType::kInt},
                                          {"noop_with_empty_axes", AttrType::kInt}}));
  if (ctx.num_inputs() < 1 || ctx.num_inputs() > 2 || !ctx.has_input(0)) return ctx.Fail("expected 1 or 2 inputs");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  Value& x = ctx.in(0);
  const int r = x.rank();
  const bool keep = ctx.Int("keepdims", 1) != 0;
  std::vector<int64_t> axes = ctx.Ints("axes");
  bool all = !ctx.HasAttr("axes");
  if (ctx.has_input(1)) {
    if (ctx.HasAttr("axes")) return ctx.Fail("axes are given both as an attribute and as an input");
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "axes"));
    axes = ctx.ConstInts(ctx.in(1));
    all = axes.empty();
  }
  if (all && ctx.Int("noop_with_empty_axes", 0) != 0) return ctx.Alias(0, ctx.in_ptr(0));
  std::vector<bool> reduce(static_cast<size_t>(r), all);
  for (int64_t a : axes) {
    int d = 0;
    if (!NormalizeAxis(a, r, &d)) return ctx.Fail(Format("axis %lld is out of range", static_cast<long long>(a)));
    reduce[static_cast<size_t>(d)] = true;
  }
  std::vector<int32_t> kept_shape = x.shape, final_shape;
  for (int d = 0; d < r; ++d) {
    if (reduce[static_cast<size_t>(d)]) kept_shape[static_cast<size_t>(d)] = 1;
    else final_shape.push_back(x.shape[static_cast<size_t>(d)]);
  }
  if (r == 0 || std::none_of(reduce.begin(), reduce.end(), [](bool b) { return b; })) {
    return ctx.Alias(0, ctx.in_ptr(0));
  }
  const bool nhwc = r == 4 && Context::PrefersNhwc(x);
  int cur = nhwc ? x.nhwc : ctx.ToOnnx(x);
  // Reduced axes in the working layout.
  std::vector<bool> red(static_cast<size_t>(r), false);
  for (int d = 0; d < r; ++d) {
    if (reduce[static_cast<size_t>(d)]) red[static_cast<size_t>(nhwc ? kNhwcAxisOf[d] : d)] = true;
  }
  const std::string name = ctx.out_name(0);
  std::vector<std::vector<int32_t>> runs;
  for (int d = 0; d < r; ++d) {
    if (!red[static_cast<size_t>(d)]) continue;
    if (d > 0 && red[static_cast<size_t>(d - 1)]) runs.back().push_back(d);
    else runs.push_back({d});
  }
  OpAttrs a;
  a.keep_dims = true;
  for (size_t i = 0; i < runs.size(); ++i) {
    std::vector<int32_t> shape = ctx.tensor(cur).shape;
    for (int32_t d : runs[i]) shape[static_cast<size_t>(d)] = 1;
    const int axes_t = ctx.AddConstI32(name + "/axes", runs[i]);
    const bool last = i + 1 == runs.size();
    int out = 0;
    if (last && keep) {
      out = ctx.Output(0, DType::kF32, kept_shape, nhwc ? Layout::kNhwc : Layout::kOnnx);
    } else {
      out = ctx.AddTensor(name + (last ? "/kept" : "/partial"), DType::kF32, shape);
    }
    ctx.AddOp(type, {cur, axes_t}, {out}, a);
    cur = out;
  }
  if (keep) return Status::Ok();
  if (nhwc) cur = ctx.Transpose(cur, kNhwcToNchw, name + "/kept_nchw");
  const int out = ctx.Reshape(cur, final_shape, name);
  ctx.Bind(0, out, final_shape, Layout::kOnnx);
  return Status::Ok();
}

}  // namespace

Status ConvertReduceMean(Context& ctx) { return ConvertReduce(ctx, OpType::kMean); }
Status ConvertReduceSum(Context& ctx) { return ConvertReduce(ctx, OpType::kSum); }
Status ConvertReduceMax(Context& ctx) { return ConvertReduce(ctx, OpType::kReduceMax); }

}  // namespace eb::onnx_import
