// Layout-sensitive ONNX ops, computed in NHWC: Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool and
// BatchNormalization. 1-D variants (3-D inputs [N, C, L]) run as 2-D ops on [N, 1, L, C].
//
// Padding: the IR's CONV_2D and pools know only SAME and VALID. Explicit ONNX pads (and ceil_mode's
// overhang) are mapped to VALID when zero and to SAME when they equal TFLite's SAME geometry (output
// ceil(in / stride), the odd pixel at the end); other pads become an explicit PAD before a VALID op:
// zeros for Conv and for AveragePool with count_include_pad = 1, the lowest float for MaxPool (so
// padding never wins a maximum). AveragePool with count_include_pad = 0 divides by the pixels inside
// the image, which only TFLite's SAME does, so other pads are refused.
#include <cfloat>
#include <cmath>

#include "core/strings.h"
#include "importers/onnx/onnx_ops.h"

namespace eb::onnx_import {
namespace {

// Geometry of the two spatial axes (H, W); a 1-D op has H = 1 with a 1-wide window.
struct Geometry {
  int32_t in[2] = {1, 1}, k[2] = {1, 1}, s[2] = {1, 1}, d[2] = {1, 1};
  int32_t pb[2] = {0, 0}, pe[2] = {0, 0};  // padding before and after, with ceil_mode's overhang
  int32_t overhang[2] = {0, 0};            // the part of `pe` that ceil_mode adds
  int32_t out[2] = {1, 1};

  bool IsValid() const { return pb[0] == 0 && pb[1] == 0 && pe[0] == 0 && pe[1] == 0; }
  bool IsSame() const {
    for (int a = 0; a < 2; ++a) {
      const int32_t ke = (k[a] - 1) * d[a] + 1;
      const int32_t o = (in[a] + s[a] - 1) / s[a];
      const int32_t total = std::max<int32_t>((o - 1) * s[a] + ke - in[a], 0);
      if (out[a] != o || pb[a] != total / 2 || pe[a] != total - total / 2) return false;
    }
    return true;
  }
};

// Reads kernel_shape/strides/dilations/pads/auto_pad/ceil_mode for `n` spatial dims (1 or 2) of
// `in_spatial`; `kernel` is the weight's window for Conv (kernel_shape must agree) or empty for pools.
Status ReadGeometry(Context& ctx, const std::vector<int32_t>& in_spatial, std::vector<int32_t> kernel, Geometry* g) {
  const size_t n = in_spatial.size();
  const std::vector<int64_t> ks = ctx.Ints("kernel_shape");
  if (kernel.empty()) {
    if (ks.size() != n) return ctx.Fail(Format("kernel_shape needs %zu values, found %zu", n, ks.size()));
    kernel.assign(ks.begin(), ks.end());
  } else if (!ks.empty() && std::vector<int32_t>(ks.begin(), ks.end()) != kernel) {
    return ctx.Fail("kernel_shape " + ShapeString(ks) + " does not match the weight's window " + ShapeString(kernel));
  }
  auto list = [&](const char* name, size_t count, int64_t def, std::vector<int64_t>* out) {
    *out = ctx.Ints(name);
    if (out->empty()) out->assign(count, def);
    if (out->size() != count) return ctx.Fail(Format("%s needs %zu values, found %zu", name, count, out->size()));
    return Status::Ok();
  };
  std::vector<int64_t> strides, dilations, pads;
  EB_RETURN_IF_ERROR(list("strides", n, 1, &strides));
  EB_RETURN_IF_ERROR(list("dilations", n, 1, &dilations));
  EB_RETURN_IF_ERROR(list("pads", 2 * n, 0, &pads));
  const std::string auto_pad = ctx.Str("auto_pad", "NOTSET");
  const bool ceil_mode = ctx.Int("ceil_mode", 0) != 0;
  if (auto_pad != "NOTSET" && auto_pad != "VALID" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER") {
    return ctx.Fail("auto_pad '" + auto_pad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
  }
  for (size_t i = 0; i < n; ++i) {
    const size_t a = i + (2 - n);  // 1-D uses the W axis
    if (kernel[i] < 1 || strides[i] < 1 || dilations[i] < 1 || kernel[i] > 65536 || strides[i] > 65536 ||
        dilations[i] > 65536 || pads[i] < 0 || pads[i + n] < 0 || pads[i] > 65536 || pads[i + n] > 65536) {
      return ctx.Fail("kernel_shape, strides and dilations must be in 1..65536 and pads in 0..65536");
    }
    g->in[a] = in_spatial[i];
    g->k[a] = kernel[i];
    g->s[a] = static_cast<int32_t>(strides[i]);
    g->d[a] = static_cast<int32_t>(dilations[i]);
    const int64_t ke = (g->k[a] - 1) * static_cast<int64_t>(g->d[a]) + 1;
    const int64_t in = g->in[a];
    if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      g->out[a] = static_cast<int32_t>((in + g->s[a] - 1) / g->s[a]);
      const int64_t total = std::max<int64_t>((g->out[a] - 1) * static_cast<int64_t>(g->s[a]) + ke - in, 0);
      const int64_t small = total / 2;
      g->pb[a] = static_cast<int32_t>(auto_pad == "SAME_UPPER" ? small : total - small);
      g->pe[a] = static_cast<int32_t>(total - g->pb[a]);
      continue;
    }
    if (auto_pad == "NOTSET") {
      g->pb[a] = static_cast<int32_t>(pads[i]);
      g->pe[a] = static_cast<int32_t>(pads[i + n]);
    }
    const int64_t span = in + g->pb[a] + g->pe[a] - ke;
    if (span < 0) return ctx.Fail("the window is larger than the padded input");
    int64_t out = span / g->s[a] + 1;
    if (ceil_mode) {
      out = (span + g->s[a] - 1) / g->s[a] + 1;
      // A last window that would start in the end padding is dropped (as ONNX Runtime does).
      if ((out - 1) * g->s[a] >= in + g->pb[a]) --out;
      g->overhang[a] = static_cast<int32_t>(std::max<int64_t>((out - 1) * g->s[a] + ke - (in + g->pb[a] + g->pe[a]), 0));
      g->pe[a] += g->overhang[a];
    }
    g->out[a] = static_cast<int32_t>(out);
  }
  return Status::Ok();
}

// Input x as an NHWC 4-D tensor: 4-D values as they are, [N, C, L] as [N, 1, L, C].
Status SpatialInput(Context& ctx, Value& x, int* tensor) {
  if (x.rank() == 4) {
    *tensor = ctx.ToNhwc(x);
    return Status::Ok();
  }
  if (x.rank() != 3) {
    return ctx.Fail(Format("input '%s' has rank %d; 1-D and 2-D %s (inputs of rank 3 or 4) are supported",
                           x.name.c_str(), x.rank(), ctx.node().op_type().c_str()));
  }
  const int r = ctx.Reshape(ctx.ToOnnx(x), {x.shape[0], x.shape[1], 1, x.shape[2]}, x.name + "/2d");
  *tensor = ctx.Transpose(r, kNchwToNhwc, x.name + "/nhwc2d");
  return Status::Ok();
}

// Creates the op's NHWC output [N, H, W, C]; 1-D ops get their [N, C, L] ONNX output after the op via
// `FinishSpatialOutput`.
int SpatialOutput(Context& ctx, bool one_d, const std::vector<int32_t>& nhwc) {
  if (!one_d) return ctx.Output(0, DType::kF32, {nhwc[0], nhwc[3], nhwc[1], nhwc[2]}, Layout::kNhwc);
  return ctx.AddTensor(ctx.out_name(0) + "/nhwc2d", DType::kF32, nhwc);
}

void FinishSpatialOutput(Context& ctx, bool one_d, int t) {
  if (!one_d) return;
  const std::vector<int32_t> s = ctx.tensor(t).shape;  // [N, 1, L, C]
  const int nchw = ctx.Transpose(t, kNhwcToNchw, ctx.out_name(0) + "/2d");
  const int out = ctx.Reshape(nchw, {s[0], s[3], s[2]}, ctx.out_name(0));
  ctx.Bind(0, out, {s[0], s[3], s[2]}, Layout::kOnnx);
}

// Pads H and W of an NHWC tensor explicitly; `value` empty = zeros (PAD), else PADV2 with that value.
int PadSpatial(Context& ctx, int t, const Geometry& g, std::optional<float> value) {
  const std::vector<int32_t> in = ctx.tensor(t).shape;
  const std::string name = ctx.out_name(0) + "/padded";
  const int pads = ctx.AddConstI32(name + "/pads", {0, 0, g.pb[0], g.pe[0], g.pb[1], g.pe[1], 0, 0}, {4, 2});
  const int out = ctx.AddTensor(name, DType::kF32, {in[0], in[1] + g.pb[0] + g.pe[0], in[2] + g.pb[1] + g.pe[1], in[3]});
  if (!value) {
    ctx.AddOp(OpType::kPad, {t, pads}, {out});
  } else {
    const int v = ctx.AddConstF32(name + "/value", {*value}, {});
    ctx.AddOp(OpType::kPadV2, {t, pads, v}, {out});
  }
  return out;
}

enum class PoolKind { kMax, kAverage };

Status ConvertPool(Context& ctx, PoolKind kind) {
  if (kind == PoolKind::kMax) {
    EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"auto_pad", AttrType::kString}, {"ceil_mode", AttrType::kInt},
                                            {"dilations", AttrType::kInts}, {"kernel_shape", AttrType::kInts},
                                            {"pads", AttrType::kInts}, {"storage_order", AttrType::kInt},
                                            {"strides", AttrType::kInts}}));
    if (ctx.has_output(1)) return ctx.Fail("the Indices output of MaxPool is not supported");
  } else {
    EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"auto_pad", AttrType::kString}, {"ceil_mode", AttrType::kInt},
                                            {"count_include_pad", AttrType::kInt}, {"kernel_shape", AttrType::kInts},
                                            {"pads", AttrType::kInts}, {"strides", AttrType::kInts}}));
  }
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  Value& x = ctx.in(0);
  if (x.rank() != 3 && x.rank() != 4) {
    return ctx.Fail(Format("input '%s' has rank %d; 1-D and 2-D pooling (inputs of rank 3 or 4) are supported",
                           x.name.c_str(), x.rank()));
  }
  const bool one_d = x.rank() == 3;
  Geometry g;
  EB_RETURN_IF_ERROR(ReadGeometry(ctx, std::vector<int32_t>(x.shape.begin() + 2, x.shape.end()), {}, &g));
  if (g.d[0] != 1 || g.d[1] != 1) return ctx.Fail("dilated pooling is not supported");
  int t = 0;
  EB_RETURN_IF_ERROR(SpatialInput(ctx, x, &t));
  OpAttrs a;
  a.filter_h = g.k[0];
  a.filter_w = g.k[1];
  a.stride_h = g.s[0];
  a.stride_w = g.s[1];
  const bool include_pad = kind == PoolKind::kAverage && ctx.Int("count_include_pad", 0) != 0;
  if (g.IsValid()) {
    a.padding = Padding::kValid;
  } else if (g.IsSame() && !include_pad) {
    a.padding = Padding::kSame;
  } else if (kind == PoolKind::kMax) {
    t = PadSpatial(ctx, t, g, -FLT_MAX);
    a.padding = Padding::kValid;
  } else if (include_pad && g.overhang[0] == 0 && g.overhang[1] == 0) {
    t = PadSpatial(ctx, t, g, std::nullopt);
    a.padding = Padding::kValid;
  } else {
    return ctx.Fail(Format("AveragePool with pads (%d,%d,%d,%d)%s and count_include_pad = %d cannot be expressed: "
                           "only pads equal to SAME padding exclude the padding from the average",
                           g.pb[0], g.pb[1], g.pe[0] - g.overhang[0], g.pe[1] - g.overhang[1],
                           g.overhang[0] || g.overhang[1] ? " with ceil_mode" : "", include_pad ? 1 : 0));
  }
  const std::vector<int32_t> in = ctx.tensor(t).shape;
  const int out = SpatialOutput(ctx, one_d, {in[0], g.out[0], g.out[1], in[3]});
  ctx.AddOp(kind == PoolKind::kMax ? OpType::kMaxPool2D : OpType::kAveragePool2D, {t}, {out}, a);
  FinishSpatialOutput(ctx, one_d, out);
  return Status::Ok();
}

}  // namespace

Status ConvertMaxPool(Context& ctx) { return ConvertPool(ctx, PoolKind::kMax); }
Status ConvertAveragePool(Context& ctx) { return ConvertPool(ctx, PoolKind::kAverage); }

// The operands Conv and ConvTranspose share: a float32 input of rank 3 or 4, a constant float32 weight of the
// same rank, an optional bias. `what` names the op in the rank error.
static Status CheckConvOperands(Context& ctx, const char* what) {
  if (ctx.num_inputs() < 2 || ctx.num_inputs() > 3 || !ctx.has_input(0)) return ctx.Fail("expected 2 or 3 inputs");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  EB_RETURN_IF_ERROR(ExpectConstant(ctx, 1, "weight"));
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 1, "weight"));
  const Value& x = ctx.in(0);
  const Value& w = ctx.in(1);
  if (x.rank() != 3 && x.rank() != 4) {
    return ctx.Fail(Format("input '%s' has rank %d; 1-D and 2-D %s (inputs of rank 3 or 4) are supported",
                           x.name.c_str(), x.rank(), what));
  }
  if (w.rank() != x.rank()) return ctx.Fail("weight '" + w.name + "' " + ShapeString(w.shape) + " does not match the input's rank");
  return Status::Ok();
}

// Conv: group 1 -> CONV_2D (weights OIHW -> OHWI); group = input channels with one input channel per
// group -> DEPTHWISE_CONV_2D (weights -> 1HWO, depth multiplier O / C). Bias stays [O].
Status ConvertConv(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"auto_pad", AttrType::kString}, {"dilations", AttrType::kInts},
                                          {"group", AttrType::kInt}, {"kernel_shape", AttrType::kInts},
                                          {"pads", AttrType::kInts}, {"strides", AttrType::kInts}}));
  EB_RETURN_IF_ERROR(CheckConvOperands(ctx, "convolution"));
  Value& x = ctx.in(0);
  Value& w = ctx.in(1);
  const bool one_d = x.rank() == 3;
  const int32_t c = x.shape[1], o = w.shape[0];
  const int64_t group = ctx.Int("group", 1);
  if (group < 1 || c % group != 0 || o % group != 0 || w.shape[1] * group != c) {
    return ctx.Fail(Format("weight %s does not fit an input with %d channels in %lld groups", ShapeString(w.shape).c_str(),
                           c, static_cast<long long>(group)));
  }
  const bool depthwise = group > 1 && group == c;
  if (group > 1 && !depthwise) {
    return ctx.Fail(Format("grouped convolution (group %lld of %d input channels) is not supported; group must be 1 "
                           "or the number of input channels (depthwise)", static_cast<long long>(group), c));
  }
  if (ctx.has_input(2)) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 2, "bias"));
    EB_RETURN_IF_ERROR(ExpectFloat(ctx, 2, "bias"));
    if (ctx.tensor(ctx.in(2).onnx).num_elements() != o) return ctx.Fail(Format("the bias needs %d values", o));
  }
  Geometry g;
  EB_RETURN_IF_ERROR(ReadGeometry(ctx, std::vector<int32_t>(x.shape.begin() + 2, x.shape.end()),
                                  std::vector<int32_t>(w.shape.begin() + 2, w.shape.end()), &g));
  // Weights as [O, I, kH, kW] (1-D: kH = 1), then OHWI or 1HWO.
  int wt = w.onnx;
  if (one_d) wt = ctx.Reshape(wt, {w.shape[0], w.shape[1], 1, w.shape[2]}, w.name + "/2d");
  wt = ctx.Transpose(wt, depthwise ? std::vector<int>{1, 2, 3, 0} : kNchwToNhwc, w.name + (depthwise ? "/1hwo" : "/ohwi"));
  int bias = -1;
  if (ctx.has_input(2)) bias = ctx.Reshape(ctx.in(2).onnx, {o}, ctx.in(2).name + "/bias");
  int t = 0;
  EB_RETURN_IF_ERROR(SpatialInput(ctx, x, &t));
  OpAttrs a;
  a.stride_h = g.s[0];
  a.stride_w = g.s[1];
  a.dilation_h = g.d[0];
  a.dilation_w = g.d[1];
  if (g.IsValid()) {
    a.padding = Padding::kValid;
  } else if (g.IsSame()) {
    a.padding = Padding::kSame;
  } else {
    t = PadSpatial(ctx, t, g, std::nullopt);
    a.padding = Padding::kValid;
  }
  if (depthwise) a.depth_multiplier = o / c;
  const int32_t n = x.shape[0];
  const int out = SpatialOutput(ctx, one_d, {n, g.out[0], g.out[1], o});
  ctx.AddOp(depthwise ? OpType::kDepthwiseConv2D : OpType::kConv2D, {t, wt, bias}, {out}, a);
  FinishSpatialOutput(ctx, one_d, out);
  return Status::Ok();
}

// One spatial axis of a ConvTranspose: ONNX puts input pixel i's window at i * s - pb and sizes the output
// s * (in - 1) + output_padding + ke - pb - pe, ke = (k - 1) * d + 1 the dilated window.
struct TransposeAxis {
  int32_t in = 1, k = 1, s = 1, d = 1, op = 0, pb = 0, out = 1;
  int32_t before = 0, after = 0;  // zero taps added around the dilated window
  int32_t ke() const { return (k - 1) * d + 1; }
};

// TFLite's TRANSPOSE_CONV puts the window at i * s - pad, pad derived from the output size (SAME: half, rounded
// down, of (ceil(out / s) - 1) * s + window - out; VALID: 0). With `before` zero taps in front of the window and
// `after` behind it, the original taps land at i * s - pad + before + tap, which is ONNX's place when
// pad = pb + before. Picks the fewest zero taps for SAME; there is always a choice (pad grows by one every two taps),
// for a negative pb (a window that starts after i * s) too.
void AlignSame(TransposeAxis* a) {
  const int32_t t = ((a->out + a->s - 1) / a->s - 1) * a->s + a->ke() - a->out;
  for (int32_t extra = 0;; ++extra) {
    const int32_t before = std::max(t + extra, 0) / 2 - a->pb;
    if (before >= 0 && before <= extra) {
      a->before = before;
      a->after = extra - before;
      return;
    }
  }
}

// ConvTranspose (float32, group 1) -> TRANSPOSE_CONV. The weight [C_in, C_out, kH, kW] becomes the OHWI filter
// as a constant: dilated with zero taps between its own and, where TFLite's padding would place it elsewhere,
// widened with zero taps (AlignSame), which add nothing to any output. Explicit pads, auto_pad, output_shape and
// output_padding all reduce to (pb, out) per axis; no pads at the start map to VALID on both axes.
Status ConvertConvTranspose(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"auto_pad", AttrType::kString}, {"dilations", AttrType::kInts},
                                          {"group", AttrType::kInt}, {"kernel_shape", AttrType::kInts},
                                          {"output_padding", AttrType::kInts}, {"output_shape", AttrType::kInts},
                                          {"pads", AttrType::kInts}, {"strides", AttrType::kInts}}));
  EB_RETURN_IF_ERROR(CheckConvOperands(ctx, "ConvTranspose"));
  Value& x = ctx.in(0);
  Value& w = ctx.in(1);
  const int64_t group = ctx.Int("group", 1);
  if (group != 1) return ctx.Fail(Format("grouped ConvTranspose (group %lld) is not supported", static_cast<long long>(group)));
  const int32_t c = x.shape[1], o = w.shape[1];
  if (w.shape[0] != c) {
    return ctx.Fail(Format("weight %s does not fit an input with %d channels", ShapeString(w.shape).c_str(), c));
  }
  if (ctx.has_input(2)) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, 2, "bias"));
    EB_RETURN_IF_ERROR(ExpectFloat(ctx, 2, "bias"));
    if (ctx.tensor(ctx.in(2).onnx).num_elements() != o) return ctx.Fail(Format("the bias needs %d values", o));
  }
  const size_t n = static_cast<size_t>(x.rank() - 2);
  auto list = [&](const char* name, size_t count, int64_t def, std::vector<int64_t>* out) {
    *out = ctx.Ints(name);
    if (out->empty()) out->assign(count, def);
    if (out->size() != count) return ctx.Fail(Format("%s needs %zu values, found %zu", name, count, out->size()));
    return Status::Ok();
  };
  std::vector<int64_t> strides, dilations, pads, output_padding, ks = ctx.Ints("kernel_shape");
  EB_RETURN_IF_ERROR(list("strides", n, 1, &strides));
  EB_RETURN_IF_ERROR(list("dilations", n, 1, &dilations));
  EB_RETURN_IF_ERROR(list("pads", 2 * n, 0, &pads));
  EB_RETURN_IF_ERROR(list("output_padding", n, 0, &output_padding));
  std::vector<int64_t> output_shape = ctx.Ints("output_shape");
  if (output_shape.size() == n + 2) output_shape.erase(output_shape.begin(), output_shape.begin() + 2);
  if (!output_shape.empty() && output_shape.size() != n) {
    return ctx.Fail(Format("output_shape needs %zu values, found %zu", n, output_shape.size()));
  }
  if (!ks.empty() && std::vector<int32_t>(ks.begin(), ks.end()) != std::vector<int32_t>(w.shape.begin() + 2, w.shape.end())) {
    return ctx.Fail("kernel_shape " + ShapeString(ks) + " does not match the weight " + ShapeString(w.shape));
  }
  const std::string auto_pad = ctx.Str("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID" && auto_pad != "SAME_UPPER" && auto_pad != "SAME_LOWER") {
    return ctx.Fail("auto_pad '" + auto_pad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
  }
  TransposeAxis axes[2];  // H, W; a 1-D op uses W
  for (size_t i = 0; i < n; ++i) {
    TransposeAxis& a = axes[i + (2 - n)];
    const int64_t k = w.shape[i + 2];
    if (k < 1 || k > 4096 || strides[i] < 1 || strides[i] > 4096 || dilations[i] < 1 || dilations[i] > 4096 ||
        pads[i] < 0 || pads[i] > 65536 || pads[i + n] < 0 || pads[i + n] > 65536 || output_padding[i] < 0 ||
        output_padding[i] > 4096) {
      return ctx.Fail("kernel_shape, strides and dilations must be in 1..4096, output_padding in 0..4096 and pads in "
                      "0..65536");
    }
    a.in = x.shape[i + 2];
    a.k = static_cast<int32_t>(k);
    a.s = static_cast<int32_t>(strides[i]);
    a.d = static_cast<int32_t>(dilations[i]);
    a.op = static_cast<int32_t>(output_padding[i]);
    const int64_t full = int64_t{a.s} * (a.in - 1) + a.op + a.ke();  // the output before any cropping
    int64_t pb = 0, pe = 0;
    if (!output_shape.empty() || auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
      // ONNX's rule, in floor division: the padding the requested output implies, the odd one at the end for
      // SAME_UPPER. A negative total (an output larger than `full`) extends the end, as output_padding does.
      const int64_t want = output_shape.empty() ? int64_t{a.in} * a.s : output_shape[i];
      if (want < 1 || want > 65536) {
        return ctx.Fail(Format("an output of %lld along spatial axis %zu is outside 1..65536",
                               static_cast<long long>(want), i));
      }
      const int64_t total = full - want;
      const int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
      pb = auto_pad == "SAME_UPPER" ? half : total - half;
      pe = total - pb;
    } else if (auto_pad == "NOTSET") {
      pb = pads[i];
      pe = pads[i + n];
    }
    if (full - pb - pe < 1) return ctx.Fail("the pads leave an empty output");
    a.pb = static_cast<int32_t>(pb);
    a.out = static_cast<int32_t>(full - pb - pe);
  }
  OpAttrs attrs;
  attrs.stride_h = axes[0].s;
  attrs.stride_w = axes[1].s;
  // No padding at the start (or a window starting after it): VALID, with zero taps in front for the latter.
  attrs.padding = axes[0].pb <= 0 && axes[1].pb <= 0 ? Padding::kValid : Padding::kSame;
  for (TransposeAxis& a : axes) {
    if (attrs.padding == Padding::kSame) AlignSame(&a);
    else a.before = -a.pb;
  }
  // The filter [O, kH', kW', C]: each weight tap (ky, kx) of [C, O, kH, kW] at (before + ky * d, before + kx * d).
  const int32_t kh = axes[0].before + axes[0].ke() + axes[0].after, kw = axes[1].before + axes[1].ke() + axes[1].after;
  const std::vector<int32_t> fshape = {o, kh, kw, c};
  EB_RETURN_IF_ERROR(CheckFoldSize(ctx, fshape, DType::kF32));
  const std::vector<float> wv = ctx.ConstFloats(w);
  std::vector<float> filter(static_cast<size_t>(o) * kh * kw * c, 0.0f);
  const int32_t wkh = axes[0].k, wkw = axes[1].k;
  for (int32_t ic = 0; ic < c; ++ic)
    for (int32_t oc = 0; oc < o; ++oc)
      for (int32_t ky = 0; ky < wkh; ++ky)
        for (int32_t kx = 0; kx < wkw; ++kx) {
          const int32_t fy = axes[0].before + ky * axes[0].d, fx = axes[1].before + kx * axes[1].d;
          filter[((static_cast<size_t>(oc) * kh + fy) * kw + fx) * c + ic] =
              wv[((static_cast<size_t>(ic) * o + oc) * wkh + ky) * wkw + kx];
        }
  const int ft = ctx.AddConstF32(w.name + "/ohwi", filter, fshape);
  int bias = -1;
  if (ctx.has_input(2)) bias = ctx.Reshape(ctx.in(2).onnx, {o}, ctx.in(2).name + "/bias");
  const bool one_d = n == 1;
  int t = 0;
  EB_RETURN_IF_ERROR(SpatialInput(ctx, x, &t));
  const int32_t batch = x.shape[0];
  const std::vector<int32_t> out_shape = {batch, axes[0].out, axes[1].out, o};
  const int shape = ctx.AddConstI32(ctx.out_name(0) + "/output_shape", out_shape, {4});
  const int out = SpatialOutput(ctx, one_d, out_shape);
  ctx.AddOp(OpType::kTransposeConv, {shape, ft, t, bias}, {out}, attrs);
  FinishSpatialOutput(ctx, one_d, out);
  return Status::Ok();
}

// MEAN over the spatial axes, keeping them: NHWC axes 1 and 2 for 4-D inputs, ONNX axes 2.. otherwise.
Status ConvertGlobalAveragePool(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({}));
  if (ctx.num_inputs() != 1 || !ctx.has_input(0)) return ctx.Fail("expected 1 input");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  Value& x = ctx.in(0);
  if (x.rank() < 3) return ctx.Fail("the input needs rank 3 or more ([N, C, spatial...])");
  std::vector<int32_t> shape = x.shape;
  for (size_t d = 2; d < shape.size(); ++d) shape[d] = 1;
  OpAttrs a;
  a.keep_dims = true;
  if (x.rank() == 4) {
    const int t = ctx.ToNhwc(x);
    const int axes = ctx.AddConstI32(ctx.out_name(0) + "/axes", {1, 2});
    const int out = ctx.Output(0, DType::kF32, shape, Layout::kNhwc);
    ctx.AddOp(OpType::kMean, {t, axes}, {out}, a);
    return Status::Ok();
  }
  std::vector<int32_t> axes_v;
  for (int d = 2; d < x.rank(); ++d) axes_v.push_back(d);
  const int t = ctx.ToOnnx(x);
  const int axes = ctx.AddConstI32(ctx.out_name(0) + "/axes", axes_v);
  const int out = ctx.Output(0, DType::kF32, shape, Layout::kOnnx);
  ctx.AddOp(OpType::kMean, {t, axes}, {out}, a);
  return Status::Ok();
}

// Inference BatchNormalization: y = x * s + b with s = scale / sqrt(var + epsilon) and
// b = bias - mean * s per channel, as MUL and ADD (a later pass can fold them into a preceding conv).
Status ConvertBatchNormalization(Context& ctx) {
  EB_RETURN_IF_ERROR(ctx.CheckAttributes({{"epsilon", AttrType::kFloat}, {"momentum", AttrType::kFloat},
                                          {"training_mode", AttrType::kInt}, {"spatial", AttrType::kInt},
                                          {"is_test", AttrType::kInt}}));
  if (ctx.Int("training_mode", 0) != 0) return ctx.Fail("training_mode = 1 (batch statistics) is not supported");
  if (ctx.Int("is_test", 1) == 0) return ctx.Fail("is_test = 0 (training, before opset 7) is not supported");
  if (ctx.Int("spatial", 1) != 1) return ctx.Fail("spatial = 0 (per-element statistics) is not supported");
  if (ctx.num_inputs() != 5) return ctx.Fail("expected 5 inputs");
  if (ctx.num_outputs() > 1) return ctx.Fail("the running statistics outputs (training) are not supported");
  EB_RETURN_IF_ERROR(ExpectFloat(ctx, 0, "input"));
  const char* roles[] = {"", "scale", "bias", "mean", "var"};
  Value& x = ctx.in(0);
  if (x.rank() < 2) return ctx.Fail("the input needs rank 2 or more ([N, C, ...])");
  const int32_t c = x.shape[1];
  std::vector<std::vector<float>> p(5);
  for (size_t k = 1; k < 5; ++k) {
    EB_RETURN_IF_ERROR(ExpectConstant(ctx, k, roles[k]));
    EB_RETURN_IF_ERROR(ExpectFloat(ctx, k, roles[k]));
    p[k] = ctx.ConstFloats(ctx.in(k));
    if (static_cast<int32_t>(p[k].size()) != c) return ctx.Fail(Format("%s needs %d values", roles[k], c));
  }
  const double eps = ctx.Float("epsilon", 1e-5f);
  std::vector<float> mul(static_cast<size_t>(c)), add(static_cast<size_t>(c));
  for (size_t i = 0; i < static_cast<size_t>(c); ++i) {
    const double s = p[1][i] / std::sqrt(static_cast<double>(p[4][i]) + eps);
    mul[i] = static_cast<float>(s);
    add[i] = static_cast<float>(p[2][i] - p[3][i] * s);
  }
  const std::string name = ctx.out_name(0);
  const bool nhwc = x.rank() == 4;
  // Channel constants broadcast along the last NHWC dim, or as [C, 1, ...] in ONNX order.
  std::vector<int32_t> cshape = {c};
  if (!nhwc) cshape.resize(static_cast<size_t>(x.rank() - 1), 1);
  const int t = nhwc ? ctx.ToNhwc(x) : ctx.ToOnnx(x);
  const std::vector<int32_t> ir_shape = ctx.tensor(t).shape;
  const int m = ctx.AddConstF32(name + "/bn_scale", mul, cshape);
  const int b = ctx.AddConstF32(name + "/bn_shift", add, cshape);
  const int scaled = ctx.AddTensor(name + "/scaled", DType::kF32, ir_shape);
  ctx.AddOp(OpType::kMul, {t, m}, {scaled});
  const int out = ctx.Output(0, DType::kF32, x.shape, nhwc ? Layout::kNhwc : Layout::kOnnx);
  ctx.AddOp(OpType::kAdd, {scaled, b}, {out});
  return Status::Ok();
}

}  // namespace eb::onnx_import
