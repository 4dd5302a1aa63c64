// Shape and data-movement ops: Flatten, Reshape, Squeeze, Unsqueeze (free RESHAPE views in ONNX order),
// Transpose, Concat, Pad, Slice, Constant; and Shape and Gather, which are folded at import (exported models
// compute reshape targets from static shapes). Every op on constants yields a constant.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "core/strings.h"
#include "importers/onnx/onnx_ops.h"
#include "importers/onnx/onnx_tensor.h"
#include "strided_slice.h"

namespace eb::onnx_import {
namespace {

constexpr int64_t kMaxElements = int64_t{1} << 31;

int64_t Product(const std::vector<int32_t>& s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t i = from; i < to; ++i) p *= s[i];
  return p;
}

// Output 0 is input 0 viewed with `shape` (ONNX order): a RESHAPE, or a reshaped constant.
Status EmitView(Context& ctx, Value& x, const std::vector<int32_t>& shape) {
  if (x.is_constant) {
    Tensor t = ctx.tensor(x.onnx);
    t.shape = shape;
    return ctx.OutputConstant(0, std::move(t));
  }
  const int out = ctx.Reshape(ctx.ToOnnx(x), shape, ctx.out_name(0));
  ctx.Bind(0, out, shape, Layout::kOnnx);
  return Status::Ok();
}

Status CheckShape(Context& ctx, const std::vector<int64_t>& dims, std::vector<int32_t>* out) {
  out->clear();
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxElements) return ctx.Fail(Format("dimension %lld is out of range", static_cast<long long>(d)));
    n *= d;
    if (n > kMaxElements) return ctx.Fail("the result is too large");
    out->push_back(static_cast<int32_t>(d));
  }
  return Status::Ok();
}

// The axes operand of Squeeze/Unsqueeze: an attribute before opset 13, a constant input since.
Status ReadAxes(Context& ctx, bool required, std::vector<int64_t>* axes, bool* given) {
  *given = false;
  if (ctx.opset() < 13 || ctx.HasAttr("axes")) {
    *given = ctx.HasAttr("axes");
    *axes = ctx.Ints("axes");
  } else if (ctx.has_input(1)) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "axes"));
    *axes = ctx.ConstInts(ctx.in(1));
    *given = true;
  }
  if (required && !*given) return ctx.Fail("the axes are missing");
  return Status::Ok();
}

}  // namespace

Status ConvertFlatten(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axis", AttrType::kInt}}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  Value& x = ctx.in(0);
  const int64_t axis = ctx.Int("axis", 1);
  const int r = x.rank();
  if (axis < -r || axis > r) return ctx.Fail(Format("axis %lld is out of range for rank %d", static_cast<long long>(axis), r));
  const size_t a = static_cast<size_t>(axis < 0 ? axis + r : axis);
  const std::vector<int32_t> shape = {static_cast<int32_t>(Product(x.shape, 0, a)),
                                      static_cast<int32_t>(Product(x.shape, a, x.shape.size()))};
  return EmitView(ctx, x, shape);
}

Status ConvertReshape(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"allowzero", AttrType::kInt}, {"shape", AttrType::kInts}}));
  if (!ctx.has_input(0) || ctx.num_inputs() > 2) return ctx.Fail("expected 1 or 2 inputs");
  Value& x = ctx.in(0);
  std::vector<int64_t> target;
  if (ctx.has_input(1)) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "shape"));
    target = ctx.ConstInts(ctx.in(1));
  } else if (ctx.HasAttr("shape")) {
    target = ctx.Ints("shape");  // Reshape-1
  } else {
    return ctx.Fail("the target shape is missing");
  }
  const bool allow_zero = ctx.Int("allowzero", 0) != 0;
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && !allow_zero) {
      if (i >= x.shape.size()) return ctx.Fail(Format("shape entry %zu is 0, but the input has rank %d", i, x.rank()));
      target[i] = x.shape[i];
    }
    if (target[i] == -1) {
      if (infer >= 0) return ctx.Fail("the shape has more than one -1");
      infer = static_cast<int>(i);
      continue;
    }
    if (target[i] < 0 || target[i] > kMaxElements) {
      return ctx.Fail(Format("shape entry %lld is invalid", static_cast<long long>(target[i])));
    }
    known *= target[i];
    if (known > kMaxElements) return ctx.Fail("the target shape is too large");
  }
  const int64_t total = Product(x.shape, 0, x.shape.size());
  if (infer >= 0) {
    if (known == 0 || total % known != 0) {
      return ctx.Fail("cannot infer the -1 entry of " + ShapeString(target) + " for input " + ShapeString(x.shape));
    }
    target[static_cast<size_t>(infer)] = total / known;
  }
  std::vector<int32_t> shape;
  EB_RETURN_IF_ERROR(CheckShape(ctx, target, &shape));
  if (Product(shape, 0, shape.size()) != total) {
    return ctx.Fail("cannot reshape " + ShapeString(x.shape) + " to " + ShapeString(shape));
  }
  return EmitView(ctx, x, shape);
}

Status ConvertSqueeze(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axes", AttrType::kInts}}));
  if (!ctx.has_input(0) || ctx.num_inputs() > 2) return ctx.Fail("expected 1 or 2 inputs");
  Value& x = ctx.in(0);
  std::vector<int64_t> axes;
  bool given = false;
  EB_RETURN_IF_ERROR(ReadAxes(ctx, false, &axes, &given));
  std::vector<bool> drop(x.shape.size(), false);
  if (!given) {
    for (size_t d = 0; d < x.shape.size(); ++d) drop[d] = x.shape[d] == 1;
  }
  for (int64_t a : axes) {
    int d = 0;
    if (!NormalizeAxis(a, x.rank(), &d)) return ctx.Fail(Format("axis %lld is out of range", static_cast<long long>(a)));
    if (x.shape[static_cast<size_t>(d)] != 1) {
      return ctx.Fail(Format("axis %lld of %s is not 1", static_cast<long long>(a), ShapeString(x.shape).c_str()));
    }
    drop[static_cast<size_t>(d)] = true;
  }
  std::vector<int32_t> shape;
  for (size_t d = 0; d < x.shape.size(); ++d) {
    if (!drop[d]) shape.push_back(x.shape[d]);
  }
  return EmitView(ctx, x, shape);
}

Status ConvertUnsqueeze(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axes", AttrType::kInts}}));
  if (!ctx.has_input(0) || ctx.num_inputs() > 2) return ctx.Fail("expected 1 or 2 inputs");
  Value& x = ctx.in(0);
  std::vector<int64_t> axes;
  bool given = false;
  EB_RETURN_IF_ERROR(ReadAxes(ctx, true, &axes, &given));
  const int rank = x.rank() + static_cast<int>(axes.size());
  if (rank > 8) return ctx.Fail("the result would have rank above 8");
  std::vector<bool> added(static_cast<size_t>(rank), false);
  for (int64_t a : axes) {
    int d = 0;
    if (!NormalizeAxis(a, rank, &d) || added[static_cast<size_t>(d)]) {
      return ctx.Fail(Format("axis %lld is out of range or repeated", static_cast<long long>(a)));
    }
    added[static_cast<size_t>(d)] = true;
  }
  std::vector<int32_t> shape;
  size_t next = 0;
  for (int d = 0; d < rank; ++d) shape.push_back(added[static_cast<size_t>(d)] ? 1 : x.shape[next++]);
  return EmitView(ctx, x, shape);
}

Status ConvertTranspose(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"perm", AttrType::kInts}}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  Value& x = ctx.in(0);
  const size_t r = x.shape.size();
  std::vector<int64_t> p = ctx.Ints("perm");
  if (!ctx.HasAttr("perm")) {
    for (size_t i = 0; i < r; ++i) p.push_back(static_cast<int64_t>(r - 1 - i));
  }
  if (p.size() != r) return ctx.Fail(Format("perm has %zu entries for a rank-%zu input", p.size(), r));
  std::vector<int> perm(r);
  std::vector<bool> seen(r, false);
  for (size_t i = 0; i < r; ++i) {
    if (p[i] < 0 || p[i] >= static_cast<int64_t>(r) || seen[static_cast<size_t>(p[i])]) {
      return ctx.Fail("perm " + ShapeString(p) + " is not a permutation");
    }
    seen[static_cast<size_t>(p[i])] = true;
    perm[i] = static_cast<int>(p[i]);
  }
  std::vector<int> identity(r);
  std::iota(identity.begin(), identity.end(), 0);
  if (perm == identity) return ctx.Alias(0, ctx.in_ptr(0));
  const std::vector<int32_t> shape = Permute(x.shape, perm);
  int src = 0;
  std::vector<int> q = perm;
  if (Context::PrefersNhwc(x)) {
    // Compose with NHWC -> NCHW so the data moves once.
    src = x.nhwc;
    for (size_t i = 0; i < r; ++i) q[i] = kNhwcToNchw[static_cast<size_t>(perm[i])];
  } else {
    src = ctx.ToOnnx(x);
  }
  const int out = ctx.Transpose(src, q, ctx.out_name(0));
  ctx.Bind(0, out, shape, Layout::kOnnx);
  return Status::Ok();
}

Status ConvertConcat(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axis", AttrType::kInt}}));
  if (ctx.num_inputs() < 1) return ctx.Fail("expected at least 1 input");
  for (size_t k = 0; k < ctx.num_inputs(); ++k) {
    if (!ctx.has_input(k)) return ctx.Fail(Format("input %zu is empty", k));
  }
  if (!ctx.HasAttr("axis")) return ctx.Fail("attribute 'axis' is missing");
  const Value& first = ctx.in(0);
  const int r = first.rank();
  int axis = 0;
  if (!NormalizeAxis(ctx.Int("axis", 0), r, &axis)) return ctx.Fail(Format("axis is out of range for rank %d", r));
  std::vector<int32_t> shape = first.shape;
  shape[static_cast<size_t>(axis)] = 0;
  bool all_const = true, nhwc = r == 4;
  bool any_nhwc = false;
  for (size_t k = 0; k < ctx.num_inputs(); ++k) {
    const Value& v = ctx.in(k);
    if (v.dtype != first.dtype || v.rank() != r) return ctx.Fail("the inputs differ in type or rank");
    for (int d = 0; d < r; ++d) {
      if (d != axis && v.shape[static_cast<size_t>(d)] != first.shape[static_cast<size_t>(d)]) {
        return ctx.Fail("input " + ShapeString(v.shape) + " does not fit " + ShapeString(first.shape) + " along axis " +
                        std::to_string(axis));
      }
    }
    shape[static_cast<size_t>(axis)] += v.shape[static_cast<size_t>(axis)];
    all_const = all_const && v.is_constant;
    any_nhwc = any_nhwc || Context::PrefersNhwc(v);
  }
  if (all_const) {
    EB_RETURN_IF_ERROR(CheckFoldSize(ctx, shape, first.dtype));
    // Copy blocks of axis_i * inner elements per outer index.
    Tensor out;
    out.dtype = first.dtype;
    out.shape = shape;
    const size_t elem = DTypeSize(out.dtype);
    const int64_t outer = Product(shape, 0, static_cast<size_t>(axis));
    const int64_t inner = Product(shape, static_cast<size_t>(axis) + 1, shape.size());
    for (int64_t o = 0; o < outer; ++o) {
      for (size_t k = 0; k < ctx.num_inputs(); ++k) {
        const Tensor& t = ctx.tensor(ctx.in(k).onnx);
        const size_t block = static_cast<size_t>(t.shape[static_cast<size_t>(axis)] * inner) * elem;
        out.data.insert(out.data.end(), t.data.begin() + static_cast<std::ptrdiff_t>(o * block),
                        t.data.begin() + static_cast<std::ptrdiff_t>((o + 1) * block));
      }
    }
    return ctx.OutputConstant(0, std::move(out));
  }
  nhwc = nhwc && any_nhwc;
  std::vector<int> inputs;
  for (size_t k = 0; k < ctx.num_inputs(); ++k) inputs.push_back(nhwc ? ctx.ToNhwc(ctx.in(k)) : ctx.ToOnnx(ctx.in(k)));
  OpAttrs a;
  a.axis = nhwc ? kNhwcAxisOf[axis] : axis;
  const int out = ctx.Output(0, first.dtype, shape, nhwc ? Layout::kNhwc : Layout::kOnnx);
  ctx.AddOp(OpType::kConcatenation, inputs, {out}, a);
  return Status::Ok();
}

// Constant-mode Pad -> PAD (zero fill) or PADV2 (another fill value); NHWC inputs stay NHWC.
Status ConvertPad(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"mode", AttrType::kString}, {"pads", AttrType::kInts}, {"value", AttrType::kFloat}}));
  if (!ctx.has_input(0) || ctx.num_inputs() > 3) return ctx.Fail("expected 1 to 3 inputs");
  const std::string mode = ctx.Str("mode", "constant");
  if (mode != "constant") return ctx.Fail("mode '" + mode + "' is not supported (constant padding only)");
  Value& x = ctx.in(0);
  std::vector<int64_t> pads;
  double value = 0;
  if (ctx.opset() < 11) {
    pads = ctx.Ints("pads");
    value = ctx.Float("value", 0.0f);
  } else {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "pads"));
    pads = ctx.ConstInts(ctx.in(1));
    if (ctx.has_input(2)) {
      EB_RETURN_IF_ERROR(ExpectConstant(ctx, 2, "constant_value"));
      const Value& v = ctx.in(2);
      if (ctx.tensor(v.onnx).num_elements() != 1) return ctx.Fail("constant_value must have one element");
      value = v.dtype == DType::kF32 ? ctx.ConstFloats(v)[0] : static_cast<double>(ctx.ConstInts(v)[0]);
    }
  }
  const size_t r = x.shape.size();
  if (r == 0 || pads.size() != 2 * r) return ctx.Fail(Format("pads need %zu values, found %zu", 2 * r, pads.size()));
  for (int64_t p : pads) {
    if (p < 0) return ctx.Fail("negative pads (cropping) are not supported");
    if (p > (1 << 20)) return ctx.Fail("pads are too large");
  }
  if (x.dtype == DType::kF16 || x.dtype == DType::kBool) return ctx.Fail("Pad of " + std::string(DTypeName(x.dtype)) + " is not supported");
  const bool nhwc = r == 4 && Context::PrefersNhwc(x);
  std::vector<int32_t> pairs, out_shape(r);
  for (size_t i = 0; i < r; ++i) {
    const size_t d = nhwc ? static_cast<size_t>(kNchwToNhwc[i]) : i;
    pairs.push_back(static_cast<int32_t>(pads[d]));
    pairs.push_back(static_cast<int32_t>(pads[d + r]));
    out_shape[i] = x.shape[i] + static_cast<int32_t>(pads[i] + pads[i + r]);
  }
  const int t = nhwc ? x.nhwc : ctx.ToOnnx(x);
  const std::string name = ctx.out_name(0);
  const int pads_t = ctx.AddConstI32(name + "/pads", pairs, {static_cast<int32_t>(r), 2});
  std::vector<int> inputs = {t, pads_t};
  if (value != 0.0) {
    Tensor v;
    v.name = name + "/value";
    v.dtype = x.dtype;
    v.data.resize(DTypeSize(x.dtype));
    if (x.dtype == DType::kF32) {
      const float f = static_cast<float>(value);
      std::memcpy(v.data.data(), &f, 4);
    } else {
      const int64_t i = static_cast<int64_t>(value);
      std::memcpy(v.data.data(), &i, v.data.size());  // little-endian: the low bytes
    }
    inputs.push_back(ctx.AddConstant(std::move(v)));
  }
  const int out = ctx.Output(0, x.dtype, out_shape, nhwc ? Layout::kNhwc : Layout::kOnnx);
  ctx.AddOp(inputs.size() == 3 ? OpType::kPadV2 : OpType::kPad, inputs, {out});
  return Status::Ok();
}

namespace {

// One axis of a Slice, resolved by ONNX's rules: the first index, how many elements, and the step.
struct SliceAxis {
  int32_t begin = 0, count = 0, step = 1;
};

SliceAxis ResolveSliceAxis(int64_t dim, int64_t start, int64_t end, int64_t step) {
  SliceAxis s;
  if (dim == 0) return s;
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  // Forward: both within [0, dim]. Backward: the start within [0, dim - 1], the end within [-1, dim - 1] (-1:
  // through index 0). Unlike TFLite, ONNX clamps a backward start below -dim to 0, not to -1.
  start = step > 0 ? std::clamp<int64_t>(start, 0, dim) : std::clamp<int64_t>(start, 0, dim - 1);
  end = step > 0 ? std::clamp<int64_t>(end, 0, dim) : std::clamp<int64_t>(end, -1, dim - 1);
  const int64_t span = step > 0 ? end - start : start - end;
  const int64_t magnitude = step > 0 ? step : -step;
  s.begin = static_cast<int32_t>(start);
  s.count = span > 0 ? static_cast<int32_t>((span + magnitude - 1) / magnitude) : 0;
  // A step of dim or more takes one element whatever it is: keep it small so index arithmetic stays in int32.
  s.step = static_cast<int32_t>(std::clamp<int64_t>(step, -dim, dim));
  return s;
}

}  // namespace

// Slice with constant starts, ends, axes and steps -> STRIDED_SLICE; folded on a constant; NHWC inputs stay
// NHWC. ONNX's clamping is resolved here into in-range begins (and end_mask for a backward slice through
// index 0), which TFLite's rules then take as they are.
Status ConvertSlice(Context& ctx) {
  EB_RETURN_IF_ERROR(
      ctx.CheckAttributes({{"starts", AttrType::kInts}, {"ends", AttrType::kInts}, {"axes", AttrType::kInts}}));
  if (!ctx.has_input(0) || ctx.num_inputs() > 5) return ctx.Fail("expected 1 to 5 inputs");
  Value& x = ctx.in(0);
  std::vector<int64_t> starts, ends, axes, steps;
  bool have_axes = false;
  if (ctx.opset() < 10) {
    if (!ctx.HasAttr("starts") || !ctx.HasAttr("ends")) return ctx.Fail("the starts and ends attributes are missing");
    starts = ctx.Ints("starts");
    ends = ctx.Ints("ends");
    have_axes = ctx.HasAttr("axes");
    axes = ctx.Ints("axes");
  } else {
    if (!ctx.has_input(1) || !ctx.has_input(2)) return ctx.Fail("the starts and ends inputs are missing");
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "starts"));
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 2, "ends"));
    starts = ctx.ConstInts(ctx.in(1));
    ends = ctx.ConstInts(ctx.in(2));
    if (ctx.has_input(3)) {
      EB_RETURN_IF_ERROR(ExpectConstant(ctx, 3, "axes"));
      axes = ctx.ConstInts(ctx.in(3));
      have_axes = true;
    }
    if (ctx.has_input(4)) {
      EB_RETURN_IF_ERROR(ExpectConstant(ctx, 4, "steps"));
      steps = ctx.ConstInts(ctx.in(4));
    }
  }
  const int r = x.rank();
  if (r == 0 || r > EB_MAX_DIMS) return ctx.Fail(Format("input rank %d is not supported (1 to %d)", r, EB_MAX_DIMS));
  const size_t n = starts.size();
  if (ends.size() != n || (have_axes && axes.size() != n) || (!steps.empty() && steps.size() != n)) {
    return ctx.Fail("starts, ends, axes and steps differ in length");
  }
  if (!have_axes) {
    if (n > static_cast<size_t>(r)) return ctx.Fail(Format("%zu starts for a rank-%d input", n, r));
    for (size_t i = 0; i < n; ++i) axes.push_back(static_cast<int64_t>(i));
  }
  std::vector<SliceAxis> sl(static_cast<size_t>(r));
  std::vector<bool> seen(static_cast<size_t>(r), false);
  for (size_t d = 0; d < sl.size(); ++d) sl[d].count = x.shape[d];
  for (size_t i = 0; i < n; ++i) {
    int a = 0;
    if (!NormalizeAxis(axes[i], r, &a) || seen[static_cast<size_t>(a)]) {
      return ctx.Fail(Format("axis %lld is out of range or repeated", static_cast<long long>(axes[i])));
    }
    seen[static_cast<size_t>(a)] = true;
    const int64_t step = steps.empty() ? 1 : steps[i];
    if (step == 0) return ctx.Fail(Format("the step of axis %d is 0", a));
    sl[static_cast<size_t>(a)] = ResolveSliceAxis(x.shape[static_cast<size_t>(a)], starts[i], ends[i], step);
  }
  std::vector<int32_t> shape;
  bool identity = true;
  for (size_t d = 0; d < sl.size(); ++d) {
    shape.push_back(sl[d].count);
    identity = identity && sl[d].begin == 0 && sl[d].count == x.shape[d] && (sl[d].step == 1 || sl[d].count <= 1);
  }
  if (identity) return ctx.Alias(0, ctx.in_ptr(0));
  if (x.is_constant) {
    EB_RETURN_IF_ERROR(CheckFoldSize(ctx, shape, x.dtype));
    eb_strided_slice_params p{};
    p.rank = r;
    p.elem_size = static_cast<int32_t>(DTypeSize(x.dtype));
    for (size_t d = 0; d < sl.size(); ++d) {
      p.in_dims[d] = x.shape[d];
      p.begin[d] = sl[d].begin;
      p.count[d] = sl[d].count;
      p.step[d] = sl[d].step;
    }
    Tensor out;
    out.dtype = x.dtype;
    out.shape = shape;
    out.data.resize(static_cast<size_t>(Product(shape, 0, shape.size())) * DTypeSize(x.dtype));
    if (!out.data.empty()) eb_strided_slice(&p, ctx.tensor(x.onnx).data.data(), out.data.data());
    return ctx.OutputConstant(0, std::move(out));
  }
  const bool nhwc = r == 4 && Context::PrefersNhwc(x);
  std::vector<int32_t> begin, end, stride;
  OpAttrs attrs;
  for (size_t j = 0; j < sl.size(); ++j) {
    const SliceAxis& s = sl[nhwc ? static_cast<size_t>(kNchwToNhwc[j]) : j];
    // The end that makes TFLite take exactly `count` elements; a backward slice through index 0 needs end_mask
    // (a literal -1 would count from the back).
    const int64_t last = static_cast<int64_t>(s.begin) + static_cast<int64_t>(s.step) * s.count;
    begin.push_back(s.begin);
    stride.push_back(s.step);
    if (last < 0) {
      attrs.end_mask |= 1 << j;
      end.push_back(0);
    } else {
      end.push_back(static_cast<int32_t>(last));
    }
  }
  const std::string name = ctx.out_name(0);
  const int t = nhwc ? x.nhwc : ctx.ToOnnx(x);
  const std::vector<int> inputs = {t, ctx.AddConstI32(name + "/begin", begin), ctx.AddConstI32(name + "/end", end),
                                   ctx.AddConstI32(name + "/strides", stride)};
  const int out = ctx.Output(0, x.dtype, shape, nhwc ? Layout::kNhwc : Layout::kOnnx);
  ctx.AddOp(OpType::kStridedSlice, inputs, {out}, attrs);
  return Status::Ok();
}

Status ConvertConstant(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"value", AttrType::kTensor}, {"value_float", AttrType::kFloat},
                                          {"value_floats", AttrType::kFloats}, {"value_int", AttrType::kInt},
                                          {"value_ints", AttrType::kInts}}));
  if (ctx.num_inputs() != 0 || ctx.node().attribute_size() != 1) return ctx.Fail("expected no inputs and one value attribute");
  Tensor t;
  if (const onnx::TensorProto* p = ctx.TensorAttr("value")) {
    auto r = TensorFromOnnx(*p, "the value");
    if (!r.ok()) return ctx.Fail(r.status().message());
    t = std::move(r.value());
  } else if (ctx.HasAttr("value_float") || ctx.HasAttr("value_floats")) {
    const bool scalar = ctx.HasAttr("value_float");
    const std::vector<float> f = scalar ? std::vector<float>{ctx.Float("value_float", 0)} : ctx.Floats("value_floats");
    t.dtype = DType::kF32;
    if (!scalar) t.shape = {static_cast<int32_t>(f.size())};
    t.data.resize(f.size() * 4);
    if (!f.empty()) std::memcpy(t.data.data(), f.data(), t.data.size());
  } else {
    const bool scalar = ctx.HasAttr("value_int");
    const std::vector<int64_t> i = scalar ? std::vector<int64_t>{ctx.Int("value_int", 0)} : ctx.Ints("value_ints");
    t.dtype = DType::kI64;
    if (!scalar) t.shape = {static_cast<int32_t>(i.size())};
    t.data.resize(i.size() * 8);
    if (!i.empty()) std::memcpy(t.data.data(), i.data(), t.data.size());
  }
  return ctx.OutputConstant(0, std::move(t));
}

// Shape of a static tensor: an int64 constant (optionally the slice start..end, opset 15).
Status ConvertShape(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"start", AttrType::kInt}, {"end", AttrType::kInt}}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  const Value& x = ctx.in(0);
  const int64_t r = x.rank();
  auto clamp = [&](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + r : v, 0, r); };
  const int64_t start = clamp(ctx.Int("start", 0)), end = clamp(ctx.Int("end", r));
  Tensor t;
  t.dtype = DType::kI64;
  for (int64_t d = start; d < end; ++d) {
    const int64_t v = x.shape[static_cast<size_t>(d)];
    const auto* b = reinterpret_cast<const uint8_t*>(&v);
    t.data.insert(t.data.end(), b, b + 8);
  }
  t.shape = {static_cast<int32_t>(t.data.size() / 8)};
  return ctx.OutputConstant(0, std::move(t));
}

// Gather on constants (e.g. picking dims out of a Shape); on activations it is not supported.
Status ConvertGather(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"axis", AttrType::kInt}}));
  if (ctx.num_inputs() != 2 || !ctx.has_input(0) || !ctx.has_input(1)) return ctx.Fail("expected 2 inputs");
  if (!ctx.in(0).is_constant || !ctx.in(1).is_constant) {
    return ctx.Fail("Gather is supported only on constants (shape computations folded at import)");
  }
  const Value& data = ctx.in(0);
  int axis = 0;
  if (!NormalizeAxis(ctx.Int("axis", 0), data.rank(), &axis)) return ctx.Fail("axis is out of range");
  const Tensor& d = ctx.tensor(data.onnx);
  const std::vector<int64_t> idx = ctx.ConstInts(ctx.in(1));
  const std::vector<int32_t> ishape = ctx.in(1).shape;
  const size_t a = static_cast<size_t>(axis);
  const int64_t outer = Product(d.shape, 0, a), inner = Product(d.shape, a + 1, d.shape.size());
  const int32_t n = d.shape[a];
  const size_t elem = DTypeSize(d.dtype);
  Tensor out;
  out.dtype = d.dtype;
  out.shape.assign(d.shape.begin(), d.shape.begin() + axis);
  out.shape.insert(out.shape.end(), ishape.begin(), ishape.end());
  out.shape.insert(out.shape.end(), d.shape.begin() + axis + 1, d.shape.end());
  EB_RETURN_IF_ERROR(CheckFoldSize(ctx, out.shape, d.dtype));
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i : idx) {
      if (i < -n || i >= n) return ctx.Fail(Format("index %lld is out of range for %d", static_cast<long long>(i), n));
      const int64_t j = i < 0 ? i + n : i;
      const size_t from = static_cast<size_t>((o * n + j) * inner) * elem;
      out.data.insert(out.data.end(), d.data.begin() + static_cast<std::ptrdiff_t>(from),
                      d.data.begin() + static_cast<std::ptrdiff_t>(from + static_cast<size_t>(inner) * elem));
    }
  }
  return ctx.OutputConstant(0, std::move(out));
}

}  // namespace eb::onnx_import
