// Element-wise ONNX ops: broadcasting arithmetic, activations, Clip, Cast, Identity and Dropout.
// They keep the layout of their input: an activation that is NHWC stays NHWC, so chains of
// Conv -> BatchNormalization -> Relu need no transposes. Binary ops on two constants are folded (the
// shape arithmetic of exported models).
#include <cmath>
#include <cstring>
#include <limits>

#include "core/strings.h"
#include "importers/onnx/onnx_ops.h"
#include "importers/onnx/onnx_tensor.h"

namespace eb::onnx_import {
namespace {

std::string TypeName(DType t) { return std::string(DTypeName(t)); }

// Output offsets -> input offsets for numpy broadcasting of `in` against `out` (right-aligned).
std::vector<int64_t> BroadcastIndex(const std::vector<int32_t>& in, const std::vector<int32_t>& out) {
  const size_t rank = out.size();
  std::vector<int64_t> strides(rank, 0);
  int64_t s = 1;
  for (size_t i = rank; i-- > 0;) {
    const size_t back = rank - 1 - i;
    if (back >= in.size()) break;
    const int32_t d = in[in.size() - 1 - back];
    strides[i] = d == 1 ? 0 : s;
    s *= d;
  }
  int64_t n = 1;
  for (int32_t d : out) n *= d;
  std::vector<int64_t> map(static_cast<size_t>(n));
  std::vector<int32_t> idx(rank, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t off = 0;
    for (size_t d = 0; d < rank; ++d) off += idx[d] * strides[d];
    map[static_cast<size_t>(i)] = off;
    for (size_t d = rank; d-- > 0;) {
      if (++idx[d] < out[d]) break;
      idx[d] = 0;
    }
  }
  return map;
}

template <class T>
Tensor FoldTyped(OpType op, const Tensor& a, const Tensor& b, const std::vector<int32_t>& shape) {
  Tensor out;
  out.dtype = a.dtype;
  out.shape = shape;
  out.data.resize(static_cast<size_t>(out.num_bytes()));
  const auto ia = BroadcastIndex(a.shape, shape), ib = BroadcastIndex(b.shape, shape);
  T* o = reinterpret_cast<T*>(out.data.data());
  for (size_t i = 0; i < ia.size(); ++i) {
    const T x = a.as<T>()[ia[i]], y = b.as<T>()[ib[i]];
    switch (op) {
      case OpType::kAdd: o[i] = x + y; break;
      case OpType::kSub: o[i] = x - y; break;
      case OpType::kMul: o[i] = x * y; break;
      case OpType::kPow: o[i] = static_cast<T>(std::pow(static_cast<double>(x), static_cast<double>(y))); break;
      case OpType::kMaximum: o[i] = x > y ? x : y; break;
      case OpType::kMinimum: o[i] = x < y ? x : y; break;
      default: o[i] = (std::is_integral_v<T> && y == 0) ? T{0} : x / y; break;  // integer division truncates
    }
  }
  return out;
}

Status ConvertBinary(Context& ctx, OpType type) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  if (ctx.num_inputs() != 2 || !ctx.has_input(0) || !ctx.has_input(1)) return ctx.Fail("expected 2 inputs");
  Value& a = ctx.in(0);
  Value& b = ctx.in(1);
  if (a.dtype != b.dtype) {
    return ctx.Fail("the operands have types " + TypeName(a.dtype) + " and " + TypeName(b.dtype));
  }
  std::vector<int32_t> shape;
  if (!BroadcastShapes(a.shape, b.shape, &shape)) {
    return ctx.Fail("operand shapes " + ShapeString(a.shape) + " and " + ShapeString(b.shape) + " do not broadcast");
  }
  // An integer power can leave the type's range (an undefined conversion): only float powers fold.
  const bool foldable = a.dtype == DType::kF32 ||
                        ((a.dtype == DType::kI32 || a.dtype == DType::kI64) && type != OpType::kPow);
  if (a.is_constant && b.is_constant && foldable) {
    EB_RETURN_IF_ERROR(CheckFoldSize(ctx, shape, a.dtype));
    const Tensor& ta = ctx.tensor(a.onnx);
    const Tensor& tb = ctx.tensor(b.onnx);
    Tensor folded = a.dtype == DType::kF32   ? FoldTyped<float>(type, ta, tb, shape)
                    : a.dtype == DType::kI32 ? FoldTyped<int32_t>(type, ta, tb, shape)
                                             : FoldTyped<int64_t>(type, ta, tb, shape);
    return ctx.OutputConstant(0, std::move(folded));
  }
  // MAXIMUM and MINIMUM also compare plain integers; the rest compute in float32.
  const bool min_max = type == OpType::kMaximum || type == OpType::kMinimum;
  const bool plain_int = a.dtype == DType::kI8 || a.dtype == DType::kU8 || a.dtype == DType::kI16 ||
                         a.dtype == DType::kI32 || a.dtype == DType::kI64;
  if (a.dtype != DType::kF32 && !(min_max && plain_int)) {
    return ctx.Fail(ctx.node().op_type() + " of " + TypeName(a.dtype) +
                    " tensors is not supported (arithmetic runs in float32; integer arithmetic only on quantised int8)");
  }
  const bool nhwc = shape.size() == 4 && (Context::PrefersNhwc(a) || Context::PrefersNhwc(b));
  const int ta = nhwc ? ctx.ToNhwcBroadcast(a) : ctx.ToOnnx(a);
  const int tb = nhwc ? ctx.ToNhwcBroadcast(b) : ctx.ToOnnx(b);
  const int out = ctx.Output(0, a.dtype, shape, nhwc ? Layout::kNhwc : Layout::kOnnx);
  ctx.AddOp(type, {ta, tb}, {out});
  return Status::Ok();
}

// One input, same shape and type out, in whichever layout the input already has.
Status EmitUnary(Context& ctx, OpType type, OpAttrs attrs = {}) {
  Value& x = ctx.in(0);
  const Layout layout = Context::PrefersNhwc(x) ? Layout::kNhwc : Layout::kOnnx;
  const int t = layout == Layout::kNhwc ? x.nhwc : ctx.ToOnnx(x);
  const int out = ctx.Output(0, x.dtype, x.shape, layout);
  ctx.AddOp(type, {t}, {out}, std::move(attrs));
  return Status::Ok();
}

Status ConvertActivation(Context& ctx, OpType type, OpAttrs attrs = {}) {
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  return EmitUnary(ctx, type, std::move(attrs));
}

// v as integer type T, saturated at T's ends (NaN: 0): converting an out-of-range double is undefined, and a
// Clip bound of 1e38 on an int16 input means "no bound" (a fuzzer finding).
template <class T>
T Saturate(double v) {
  if (std::isnan(v)) return 0;
  if (v <= static_cast<double>(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (v >= static_cast<double>(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return static_cast<T>(v);
}

// A one-element constant of type `t` holding `v` (saturated to an integer type's range).
Tensor ScalarOf(DType t, double v, const std::string& name) {
  Tensor s;
  s.name = name;
  s.dtype = t;
  s.data.resize(DTypeSize(t));
  switch (t) {
    case DType::kF32: { const float f = static_cast<float>(v); std::memcpy(s.data.data(), &f, 4); break; }
    case DType::kI8: { const int8_t i = Saturate<int8_t>(v); std::memcpy(s.data.data(), &i, 1); break; }
    case DType::kU8: { const uint8_t i = Saturate<uint8_t>(v); std::memcpy(s.data.data(), &i, 1); break; }
    case DType::kI16: { const int16_t i = Saturate<int16_t>(v); std::memcpy(s.data.data(), &i, 2); break; }
    case DType::kI32: { const int32_t i = Saturate<int32_t>(v); std::memcpy(s.data.data(), &i, 4); break; }
    case DType::kI64: { const int64_t i = Saturate<int64_t>(v); std::memcpy(s.data.data(), &i, 8); break; }
    default: break;
  }
  return s;
}

}  // namespace

bool BroadcastShapes(const std::vector<int32_t>& a, const std::vector<int32_t>& b, std::vector<int32_t>* out) {
  const size_t rank = std::max(a.size(), b.size());
  out->assign(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const int32_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int32_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) return false;
    (*out)[i] = da == 1 ? db : da;
  }
  return true;
}

Status CheckFoldSize(Context& ctx, const std::vector<int32_t>& shape, DType t) {
  constexpr int64_t kMaxFoldedBytes = int64_t{64} << 20;
  int64_t bytes = static_cast<int64_t>(DTypeSize(t));
  for (int32_t d : shape) {
    bytes *= d;
    if (bytes > kMaxFoldedBytes) return ctx.Fail("the constant computed at import would exceed 64 MiB");
  }
  return Status::Ok();
}

Status ExpectFloat(Context& ctx, size_t k, const char* role) {
  const Value& v = ctx.in(k);
  if (v.dtype == DType::kF32) return Status::Ok();
  return ctx.Fail(Format("%s '%s' is %s; %s is supported on float32 only", role, v.name.c_str(),
                         TypeName(v.dtype).c_str(), ctx.node().op_type().c_str()));
}

Status ExpectConstant(Context& ctx, size_t k, const char* role) {
  if (!ctx.has_input(k)) return ctx.Fail(Format("the %s operand is missing", role));
  if (ctx.in(k).is_constant) return Status::Ok();
  return ctx.Fail(Format("the %s '%s' must be a constant (an initializer or computable at import)", role,
                         ctx.in(k).name.c_str()));
}

Status ConvertAdd(Context& ctx) { return ConvertBinary(ctx, OpType::kAdd); }
Status ConvertSub(Context& ctx) { return ConvertBinary(ctx, OpType::kSub); }
Status ConvertMul(Context& ctx) { return ConvertBinary(ctx, OpType::kMul); }
Status ConvertDiv(Context& ctx) { return ConvertBinary(ctx, OpType::kDiv); }

Status ConvertRelu(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kRelu);
}

Status ConvertSigmoid(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kLogistic);
}

Status ConvertTanh(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kTanh);
}

Status ConvertHardSwish(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kHardSwish);
}

Status ConvertLeakyRelu(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"alpha", AttrType::kFloat}}));
  OpAttrs attrs;
  attrs.alpha = ctx.Float("alpha", 0.01f);
  return ConvertActivation(ctx, OpType::kLeakyRelu, attrs);
}

// Clip(0, 6) -> RELU6 and Clip(0, inf) -> RELU for float32; other bounds (and integer inputs) become
// MAXIMUM and/or MINIMUM with a scalar bound. No bounds: the identity.
Status ConvertClip(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"min", AttrType::kFloat}, {"max", AttrType::kFloat}}));
  if (ctx.num_inputs() < 1 || ctx.num_inputs() > 3 || !ctx.has_input(0)) return ctx.Fail("expected 1 to 3 inputs");
  Value& x = ctx.in(0);
  const DType t = x.dtype;
  if (t == DType::kF16 || t == DType::kBool) return ctx.Fail("Clip of " + TypeName(t) + " tensors is not supported");
  std::optional<double> lo, hi;
  if (ctx.opset() < 11) {
    if (ctx.HasAttr("min")) lo = ctx.Float("min", 0);
    if (ctx.HasAttr("max")) hi = ctx.Float("max", 0);
  } else {
    for (size_t k = 1; k <= 2; ++k) {
      if (!ctx.has_input(k)) continue;
      EB_RETURN_IF_ERROR(ExpectConstant(ctx, k, k == 1 ? "min" : "max"));
      const Value& b = ctx.in(k);
      if (b.dtype != t) return ctx.Fail("the bound '" + b.name + "' has another type than the input");
      if (ctx.tensor(b.onnx).num_elements() != 1) return ctx.Fail("the bound '" + b.name + "' is not a scalar");
      const double v = t == DType::kF32 ? ctx.ConstFloats(b)[0] : static_cast<double>(ctx.ConstInts(b)[0]);
      (k == 1 ? lo : hi) = v;
    }
  }
  if (t == DType::kF32 && hi && std::isinf(*hi) && *hi > 0) hi.reset();
  if (t == DType::kF32 && lo && std::isinf(*lo) && *lo < 0) lo.reset();
  if (!lo && !hi) return ctx.Alias(0, ctx.in_ptr(0));
  if (t == DType::kF32 && lo && *lo == 0.0 && (!hi || *hi == 6.0)) {
    return EmitUnary(ctx, hi ? OpType::kRelu6 : OpType::kRelu);
  }
  const Layout layout = Context::PrefersNhwc(x) ? Layout::kNhwc : Layout::kOnnx;
  int cur = layout == Layout::kNhwc ? x.nhwc : ctx.ToOnnx(x);
  const std::string name = ctx.out_name(0);
  const std::vector<int32_t> ir_shape = ctx.tensor(cur).shape;
  if (lo) {
    const int bound = ctx.AddConstant(ScalarOf(t, *lo, name + "/min"));
    const int out = hi ? ctx.AddTensor(name + "/lower", t, ir_shape) : ctx.Output(0, t, x.shape, layout);
    ctx.AddOp(OpType::kMaximum, {cur, bound}, {out});
    cur = out;
  }
  if (hi) {
    const int bound = ctx.AddConstant(ScalarOf(t, *hi, name + "/max"));
    const int out = ctx.Output(0, t, x.shape, layout);
    ctx.AddOp(OpType::kMinimum, {cur, bound}, {out});
  }
  return Status::Ok();
}

Status ConvertCast(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"to", AttrType::kInt}}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  if (!ctx.HasAttr("to")) return ctx.Fail("attribute 'to' is missing");
  const int64_t to_code = ctx.Int("to", 0);
  const auto to = DTypeFromOnnx(static_cast<int32_t>(to_code));
  if (!to) return ctx.Fail("casting to " + OnnxTypeName(static_cast<int32_t>(to_code)) + " is not supported");
  Value& x = ctx.in(0);
  if (*to == x.dtype) return ctx.Alias(0, ctx.in_ptr(0));
  if (x.dtype == DType::kF16 && *to == DType::kF32) {
    // float16 -> float32 is exactly what DEQUANTIZE does for float16 weights.
    const Layout layout = Context::PrefersNhwc(x) ? Layout::kNhwc : Layout::kOnnx;
    const int t = layout == Layout::kNhwc ? x.nhwc : ctx.ToOnnx(x);
    const int out = ctx.Output(0, DType::kF32, x.shape, layout);
    ctx.AddOp(OpType::kDequantize, {t}, {out});
    return Status::Ok();
  }
  if (x.dtype == DType::kF16 || *to == DType::kF16) {
    return ctx.Fail("casting " + TypeName(x.dtype) + " to " + TypeName(*to) +
                    " is not supported (float16 is read as weights and cast to float32 only)");
  }
  if (x.is_constant) {
    EB_RETURN_IF_ERROR(CheckFoldSize(ctx, x.shape, *to));
    const Tensor& in = ctx.tensor(x.onnx);
    Tensor out;
    out.dtype = *to;
    out.shape = in.shape;
    const int64_t n = in.num_elements();
    out.data.resize(static_cast<size_t>(n) * DTypeSize(*to));
    const std::vector<float> f = in.dtype == DType::kF32 ? ctx.ConstFloats(x) : std::vector<float>{};
    const std::vector<int64_t> i = in.dtype == DType::kF32 ? std::vector<int64_t>{} : ctx.ConstInts(x);
    for (int64_t e = 0; e < n; ++e) {
      const double v = in.dtype == DType::kF32 ? static_cast<double>(f[static_cast<size_t>(e)])
                                               : static_cast<double>(i[static_cast<size_t>(e)]);
      Tensor one = ScalarOf(*to, *to == DType::kBool ? (v != 0) : v, "");
      if (*to == DType::kBool) one.data = {static_cast<uint8_t>(v != 0)};
      std::memcpy(out.data.data() + e * static_cast<int64_t>(DTypeSize(*to)), one.data.data(), DTypeSize(*to));
    }
    return ctx.OutputConstant(0, std::move(out));
  }
  const Layout layout = Context::PrefersNhwc(x) ? Layout::kNhwc : Layout::kOnnx;
  const int t = layout == Layout::kNhwc ? x.nhwc : ctx.ToOnnx(x);
  const int out = ctx.Output(0, *to, x.shape, layout);
  ctx.AddOp(OpType::kCast, {t}, {out});
  return Status::Ok();
}

Status ConvertIdentity(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  return ctx.Alias(0, ctx.in_ptr(0));
}

// Inference-mode Dropout is the identity; its optional mask output is all true (a constant).
Status ConvertDropout(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"ratio", AttrType::kFloat}, {"seed", AttrType::kInt}, {"is_test", AttrType::kInt}}));
  if (ctx.num_inputs() < 1 || ctx.num_inputs() > 3 || !ctx.has_input(0)) return ctx.Fail("expected 1 to 3 inputs");
  if (ctx.HasAttr("is_test") && ctx.Int("is_test", 1) == 0) {
    return ctx.Fail("training-mode Dropout (is_test = 0) is random and not supported");
  }
  double ratio = ctx.Float("ratio", 0.5f);
  if (ctx.has_input(1)) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "ratio"));
    ratio = ctx.ConstFloats(ctx.in(1)).at(0);
  }
  bool training = false;
  if (ctx.has_input(2)) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 2, "training_mode"));
    const auto v = ctx.ConstInts(ctx.in(2));
    training = !v.empty() && v[0] != 0;
  }
  if (training && ratio != 0.0) {
    return ctx.Fail(Format("training-mode Dropout (ratio %g) is random and not supported", ratio));
  }
  const Value& x = ctx.in(0);
  if (ctx.has_output(1)) {
    // Dropout-7 gives the mask the input's type; later versions bool.
    const DType mask_type = ctx.opset() < 10 ? x.dtype : DType::kBool;
    EB_RETURN_IF_ERROR(CheckFoldSize(ctx, x.shape, mask_type));
    Tensor mask = ScalarOf(mask_type, 1.0, "");
    if (mask_type == DType::kBool) mask.data = {1};
    Tensor all;
    all.dtype = mask_type;
    all.shape = x.shape;
    for (int64_t e = 0; e < all.num_elements(); ++e) all.data.insert(all.data.end(), mask.data.begin(), mask.data.end());
    EB_RETURN_IF_ERROR(ctx.OutputConstant(1, std::move(all)));
  }
  return ctx.Alias(0, ctx.in_ptr(0));
}

// Float32 math of layer norms and audio front ends.
Status ConvertSqrt(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kSqrt);
}
Status ConvertLog(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kLog);
}
Status ConvertExp(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  return ConvertActivation(ctx, OpType::kExp);
}
Status ConvertPow(Context& ctx) { return ConvertBinary(ctx, OpType::kPow); }

// 1 / x as DIV of a scalar constant (TFLite has no reciprocal operator).
Status ConvertReciprocal(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  Value& x = ctx.in(0);
  const Layout layout = Context::PrefersNhwc(x) ? Layout::kNhwc : Layout::kOnnx;
  const int t = layout == Layout::kNhwc ? x.nhwc : ctx.ToOnnx(x);
  const int one = ctx.AddConstant(ScalarOf(DType::kF32, 1.0, ctx.out_name(0) + "/one"));
  const int out = ctx.Output(0, DType::kF32, x.shape, layout);
  ctx.AddOp(OpType::kDiv, {one, t}, {out});
  return Status::Ok();
}

namespace {

// Max and Min take one or more inputs (numpy broadcasting): one input is the identity, two are one op, more
// are a chain of MAXIMUM / MINIMUM in ONNX layout.
Status ConvertVariadic(Context& ctx, OpType type) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  const size_t n = ctx.num_inputs();
  if (n == 0) return ctx.Fail("expected at least 1 input");
  for (size_t k = 0; k < n; ++k) {
    if (!ctx.has_input(k)) return ctx.Fail(Format("input %zu is empty", k));
    if (ctx.in(k).dtype != ctx.in(0).dtype) {
      return ctx.Fail("the operands have types " + TypeName(ctx.in(0).dtype) + " and " + TypeName(ctx.in(k).dtype));
    }
  }
  if (n == 1) return ctx.Alias(0, ctx.in_ptr(0));
  if (n == 2) return ConvertBinary(ctx, type);
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  std::vector<int32_t> shape = ctx.in(0).shape;
  int cur = ctx.ToOnnx(ctx.in(0));
  const std::string name = ctx.out_name(0);
  for (size_t k = 1; k < n; ++k) {
    std::vector<int32_t> next;
    if (!BroadcastShapes(shape, ctx.in(k).shape, &next)) {
      return ctx.Fail("operand shapes " + ShapeString(shape) + " and " + ShapeString(ctx.in(k).shape) + " do not broadcast");
    }
    const int b = ctx.ToOnnx(ctx.in(k));
    const int out = k + 1 == n ? ctx.Output(0, DType::kF32, next, Layout::kOnnx)
                               : ctx.AddTensor(Format("%s/partial%zu", name.c_str(), k), DType::kF32, next);
    ctx.AddOp(type, {cur, b}, {out});
    cur = out;
    shape = next;
  }
  return Status::Ok();
}

}  // namespace

Status ConvertMax(Context& ctx) { return ConvertVariadic(ctx, OpType::kMaximum); }
Status ConvertMin(Context& ctx) { return ConvertVariadic(ctx, OpType::kMinimum); }

}  // namespace eb::onnx_import
