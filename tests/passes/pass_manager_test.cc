// The pass manager: fixed order, report text, and every shared model optimised without changing outputs.
#include "passes/pass_manager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "exporters/tflite/tflite_writer.h"
#include "importers/load_model.h"
#include "importers/tflite/tflite_importer.h"
#include "passes/graph_rewrite.h"
#include "passes/pass_test_util.h"
#include "support/test_paths.h"

namespace eb {
namespace {

using test::GraphBuilder;

// x -> RESHAPE (same shape) -> PAD 1 -> conv 3x3 VALID -> MUL (k1 + k2, a constant ADD) -> ADD -> RELU.
Graph EveryPattern() {
  GraphBuilder b("every-pattern");
  const int x = b.Input("x", {1, 6, 6, 3});
  const int r = b.Act("r", {1, 6, 6, 3});
  const int pads = b.ConstI32("pads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int p = b.Act("p", {1, 8, 8, 3});
  const int w = b.Const("w", {4, 3, 3, 3}, test::RandomFloats(108, 1));
  const int bias = b.Const("b", {4}, test::RandomFloats(4, 2));
  const int k1 = b.Const("k1", {4}, {0.5f, 1, 1.5f, 2});
  const int k2 = b.Const("k2", {4}, {0.25f, 0.25f, 0.25f, 0.25f});
  const int s = b.Act("s", {4});
  const int c = b.Act("c", {1, 6, 6, 4});
  const int m = b.Act("m", {1, 6, 6, 4});
  const int shift = b.Const("shift", {4}, {0.1f, -0.1f, 0.2f, -0.2f});
  const int a = b.Act("a", {1, 6, 6, 4});
  const int y = b.Act("y", {1, 6, 6, 4});
  b.Add(OpType::kReshape, {x}, {r});
  b.Add(OpType::kAdd, {k1, k2}, {s});
  b.Add(OpType::kPad, {r, pads}, {p});
  b.Add(OpType::kConv2D, {p, w, bias}, {c});
  b.Add(OpType::kMul, {c, s}, {m});
  b.Add(OpType::kAdd, {m, shift}, {a});
  b.Add(OpType::kRelu, {a}, {y});
  b.Output(y);
  return b.graph();
}

// Norm-wise relative error: every |got - want| within `rel` times the largest |want| (an element near zero
// is compared at the output's own scale, not its own).
void ExpectRelativelyClose(const std::vector<float>& got, const std::vector<float>& want, float rel) {
  ASSERT_EQ(got.size(), want.size());
  float scale = 0;
  for (float v : want) scale = std::max(scale, std::fabs(v));
  for (size_t k = 0; k < got.size(); ++k) {
    EXPECT_LE(std::fabs(got[k] - want[k]), rel * scale) << "element " << k;
  }
}

TEST(PassManager, RunsThePassesInOrderAndReportsWhatChanged) {
  Graph g = EveryPattern();
  const auto in = test::RandomFloats(108, 3);
  const auto want = test::RunFloat(g, in);
  auto report = RunOptimizationPasses(g);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->ToString(),
            "remove_identity: 1 change; operators 7 -> 6\n"
            "fold_constants: 1 change; operators 6 -> 5, parameters 124 -> 120, weight bytes 496 -> 480\n"
            "fold_batch_norm: 2 changes; operators 5 -> 3, parameters 120 -> 112, weight bytes 480 -> 448\n"
            "fold_pad: 1 change; operators 3 -> 2\n"
            "fuse_activation: 1 change; operators 2 -> 1\n"
            "remove_unused_tensors: 10 changes; tensors 14 -> 4\n"
            "total: 16 changes; operators 7 -> 1, tensors 14 -> 4, parameters 124 -> 112, weight bytes 496 -> 448\n");
  EXPECT_EQ(report->ToString(true).substr(0, 123),
            "remove_identity: 1 change; operators 7 -> 6\n"
            "    removed operator 0 (RESHAPE): same shape [1,6,6,3]\n"
            "fold_constants: 1 change");
  ASSERT_EQ(g.ops.size(), 1u);
  const Op& conv = g.ops[0];
  EXPECT_EQ(conv.type, OpType::kConv2D);
  EXPECT_EQ(conv.attrs.padding, Padding::kSame);
  EXPECT_EQ(conv.attrs.activation, Activation::kRelu);
  EXPECT_EQ(g.tensor(conv.inputs[0]).name, "x");
  EXPECT_EQ(g.tensor(conv.outputs[0]).name, "y");
  ExpectRelativelyClose(test::RunFloat(g, in), want, 1e-5f);
}

TEST(PassManager, OptionalPassesRunInTheirPlace) {
  Graph g = EveryPattern();
  OptimizeOptions options;
  options.fold_pad = false;
  options.prune_channels = 0.25;
  options.prune_magnitude = 0.5;
  options.float16 = true;
  auto report = RunOptimizationPasses(g, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  std::vector<std::string> names;
  for (const PassReport& p : report->passes) names.push_back(p.pass);
  EXPECT_EQ(names, (std::vector<std::string>{"remove_identity", "fold_constants", "fold_batch_norm", "fuse_activation",
                                             "prune_channels", "prune_magnitude", "convert_float16",
                                             "remove_unused_tensors"}));
  // The conv's output is the graph output, so channel pruning skips it; magnitude pruning and float16 apply.
  EXPECT_EQ(report->passes[4].details,
            (std::vector<std::string>{"skipped: operator 1 (CONV_2D): 'y' is a graph output"}));
  EXPECT_EQ(test::OpTypes(g), (std::vector<OpType>{OpType::kPad, OpType::kDequantize, OpType::kConv2D}));
  EXPECT_EQ(test::RunFloat(g, test::RandomFloats(108, 3)).size(), 144u);
}

TEST(PassManager, StopsAtThePassThatFails) {
  Graph g = EveryPattern();
  OptimizeOptions options;
  options.prune_magnitude = 1.5;
  auto report = RunOptimizationPasses(g, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "prune_magnitude: the target sparsity must be in [0, 1), got 1.5");
}

// A seeded input for any model: float32 in [-1, 1], integer types as random bytes.
std::vector<uint8_t> SeededInput(const Graph& g, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> bytes;
  for (int t : g.inputs) {
    const Tensor& x = g.tensor(t);
    if (x.dtype == DType::kF32) {
      std::uniform_real_distribution<float> d(-1.0f, 1.0f);
      for (int64_t k = 0; k < x.num_elements(); ++k) {
        const float f = d(rng);
        const auto* p = reinterpret_cast<const uint8_t*>(&f);
        bytes.insert(bytes.end(), p, p + 4);
      }
    } else {
      for (int64_t k = 0; k < x.num_bytes(); ++k) bytes.push_back(static_cast<uint8_t>(rng()));
    }
  }
  return bytes;
}

// Outputs of float32 graphs as floats; other outputs compared as bytes.
bool AllOutputsFloat(const Graph& g) {
  for (int t : g.outputs) {
    if (g.tensor(t).dtype != DType::kF32) return false;
  }
  return true;
}

std::vector<float> AsFloats(const std::vector<uint8_t>& bytes) {
  std::vector<float> f(bytes.size() / 4);
  std::memcpy(f.data(), bytes.data(), f.size() * 4);
  return f;
}

TEST(PassManager, EverySharedModelKeepsItsOutputs) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  int models = 0;
  for (const std::string& path : test::SharedTfliteModels()) {
    SCOPED_TRACE(path);
    auto loaded = LoadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    const Graph original = loaded.value();
    Graph g = original;
    auto report = RunOptimizationPasses(g);
    ASSERT_TRUE(report.ok()) << report.status().message();
    std::printf("%s\n%s", path.c_str(), report->ToString().c_str());
    EXPECT_EQ(g.inputs.size(), original.inputs.size());
    for (size_t k = 0; k < g.outputs.size(); ++k) {
      EXPECT_EQ(g.tensor(g.outputs[k]).name, original.tensor(original.outputs[k]).name);
    }
    for (uint32_t seed : {1u, 2u}) {
      const auto in = SeededInput(original, seed);
      const auto want = test::RunBytes(original, in);
      const auto got = test::RunBytes(g, in);
      if (AllOutputsFloat(original)) {
        ExpectRelativelyClose(AsFloats(got), AsFloats(want), 1e-5f);
      } else {
        EXPECT_EQ(got, want);
      }
    }
    // The optimised graph is a valid model file.
    auto bytes = ExportTflite(g);
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    auto back = ImportTflite(bytes->data(), bytes->size(), "optimised");
    ASSERT_TRUE(back.ok()) << back.status().message();
    ++models;
  }
  EXPECT_GE(models, 10);
}

// What an unoptimised export of a float graph looks like (an ONNX file straight from training): every
// fused activation is its own operator (RELU6 alternately as MAXIMUM(0) + MINIMUM(6)), every float weighted
// operator is followed by a batch norm MUL + ADD (weights and bias pre-divided by the power-of-two scales, so
// results are unchanged up to rounding; the first shift is itself computed by a constant ADD), SAME
// convolutions with non-zero padding read an explicit PAD, and the first input passes a same-shape RESHAPE
// and two TRANSPOSEs that cancel.
class Unoptimizer {
 public:
  explicit Unoptimizer(const Graph& src) : src_(src) {
    g_ = src;
    g_.ops.clear();
  }

  Graph Run() {
    std::vector<int> remap(src_.tensors.size());
    for (size_t t = 0; t < remap.size(); ++t) remap[t] = static_cast<int>(t);
    DetourFirstInput(remap);
    for (Op op : src_.ops) {
      for (int& t : op.inputs) {
        if (t >= 0) t = remap[static_cast<size_t>(t)];
      }
      Expand(std::move(op));
    }
    return g_;
  }

 private:
  int Act(int like, const std::string& suffix, std::vector<int32_t> shape) {
    Tensor t = g_.tensor(like);
    t.name += "/" + suffix + std::to_string(g_.tensors.size());
    t.shape = std::move(shape);
    t.is_constant = false;
    t.data.clear();
    g_.tensors.push_back(std::move(t));
    return static_cast<int>(g_.tensors.size()) - 1;
  }
  int Const(const std::string& name, std::vector<int32_t> shape, DType type, const void* data, size_t bytes) {
    Tensor t;
    t.name = name + std::to_string(g_.tensors.size());
    t.dtype = type;
    t.shape = std::move(shape);
    t.is_constant = true;
    t.data.assign(static_cast<const uint8_t*>(data), static_cast<const uint8_t*>(data) + bytes);
    g_.tensors.push_back(std::move(t));
    return static_cast<int>(g_.tensors.size()) - 1;
  }
  int Floats(const std::string& name, std::vector<int32_t> shape, const std::vector<float>& v) {
    return Const(name, std::move(shape), DType::kF32, v.data(), v.size() * 4);
  }
  int Ints(const std::string& name, std::vector<int32_t> shape, const std::vector<int32_t>& v) {
    return Const(name, std::move(shape), DType::kI32, v.data(), v.size() * 4);
  }

  void DetourFirstInput(std::vector<int>& remap) {
    const int x = src_.inputs[0];
    const auto shape = g_.tensor(x).shape;
    const int r = Act(x, "reshape", shape);
    g_.ops.push_back(Op{OpType::kReshape, {x}, {r}, {}});
    remap[static_cast<size_t>(x)] = r;
    if (shape.size() != 4) return;
    const int t1 = Act(x, "nchw", {shape[0], shape[3], shape[1], shape[2]});
    const int t2 = Act(x, "nhwc", shape);
    g_.ops.push_back(Op{OpType::kTranspose, {r, Ints("perm", {4}, {0, 3, 1, 2})}, {t1}, {}});
    g_.ops.push_back(Op{OpType::kTranspose, {t1, Ints("perm", {4}, {0, 2, 3, 1})}, {t2}, {}});
    remap[static_cast<size_t>(x)] = t2;
  }

  bool IsFloatWeighted(const Op& op) const {
    if (!IsWeightedOp(op.type) || op.inputs.size() < 2 || op.inputs[1] < 0) return false;
    const Tensor& f = g_.tensor(op.inputs[1]);
    const bool bias_ok = op.inputs.size() < 3 || op.inputs[2] < 0 ||
                         (g_.tensor(op.inputs[2]).is_constant && g_.tensor(op.inputs[2]).dtype == DType::kF32);
    return g_.tensor(op.inputs[0]).dtype == DType::kF32 && f.is_constant && f.dtype == DType::kF32 && bias_ok;
  }

  // Explicit PAD for a SAME convolution that pads.
  void ExplicitPad(Op& op) {
    const Tensor& in = g_.tensor(op.inputs[0]);
    const Tensor& f = g_.tensor(op.inputs[1]);
    auto same = [](int32_t n, int32_t k, int32_t s, int32_t d, int32_t* before, int32_t* after) {
      const int32_t out = (n + s - 1) / s;
      const int32_t total = std::max((out - 1) * s + (k - 1) * d + 1 - n, 0);
      *before = total / 2;
      *after = total - *before;
    };
    int32_t t, b, l, r;
    same(in.shape[1], f.shape[1], op.attrs.stride_h, op.attrs.dilation_h, &t, &b);
    same(in.shape[2], f.shape[2], op.attrs.stride_w, op.attrs.dilation_w, &l, &r);
    if (t + b + l + r == 0) return;
    const int p = Act(op.inputs[0], "pad", {in.shape[0], in.shape[1] + t + b, in.shape[2] + l + r, in.shape[3]});
    g_.ops.push_back(Op{OpType::kPad, {op.inputs[0], Ints("pads", {4, 2}, {0, 0, t, b, l, r, 0, 0})}, {p}, {}});
    op.inputs[0] = p;
    op.attrs.padding = Padding::kValid;
  }

  // Divides the op's weights by per-channel powers of two and returns the MUL and ADD operands.
  std::pair<int, int> Unfold(Op& op) {
    const bool dw = op.type == OpType::kDepthwiseConv2D;
    Tensor filter = g_.tensor(op.inputs[1]);
    const int32_t c = dw ? filter.shape.back() : filter.shape[0];
    std::vector<float> scale(static_cast<size_t>(c)), shift(static_cast<size_t>(c));
    for (int32_t o = 0; o < c; ++o) {
      scale[static_cast<size_t>(o)] = o % 2 ? 2.0f : 0.5f;
      shift[static_cast<size_t>(o)] = 0.125f * static_cast<float>(o % 3 - 1);
    }
    float* w = reinterpret_cast<float*>(filter.data.data());
    const size_t n = filter.data.size() / 4, per = n / static_cast<size_t>(c);
    for (size_t k = 0; k < n; ++k) w[k] /= scale[dw ? k % static_cast<size_t>(c) : k / per];
    op.inputs[1] = Floats(filter.name + "/unfolded", filter.shape, std::vector<float>(w, w + n));
    std::vector<float> bias(static_cast<size_t>(c), 0.0f);
    if (op.inputs.size() >= 3 && op.inputs[2] >= 0) {
      const float* b = reinterpret_cast<const float*>(g_.tensor(op.inputs[2]).data.data());
      bias.assign(b, b + c);
    }
    for (size_t o = 0; o < bias.size(); ++o) bias[o] = (bias[o] - shift[o]) / scale[o];
    op.inputs.resize(3, -1);
    op.inputs[2] = Floats("bias/unfolded", {c}, bias);
    int shift_t;
    if (first_bn_) {  // the first shift comes out of a constant subgraph: shift = half + half
      std::vector<float> half(shift);
      for (float& h : half) h *= 0.5f;
      const int h = Floats("bn/half_shift", {c}, half);
      shift_t = Act(op.inputs[2], "shift", {c});
      g_.ops.push_back(Op{OpType::kAdd, {h, h}, {shift_t}, {}});
      first_bn_ = false;
    } else {
      const bool image = g_.tensor(op.outputs[0]).shape.size() == 4;
      shift_t = Floats("bn/shift", image ? std::vector<int32_t>{1, 1, 1, c} : std::vector<int32_t>{1, c}, shift);
    }
    return {Floats("bn/scale", {c}, scale), shift_t};
  }

  void Expand(Op op) {
    const bool float_weighted = IsFloatWeighted(op);
    if (float_weighted && op.type != OpType::kFullyConnected && op.attrs.padding == Padding::kSame) ExplicitPad(op);
    Activation act = op.attrs.activation;
    const bool splits = act == Activation::kRelu || act == Activation::kRelu6 || act == Activation::kReluN1To1;
    const bool producer = IsWeightedOp(op.type) || op.type == OpType::kAdd || op.type == OpType::kSub ||
                          op.type == OpType::kMul;
    if (!producer || !splits || g_.tensor(op.outputs[0]).dtype != DType::kF32) act = Activation::kNone;
    op.attrs.activation = act == Activation::kNone ? op.attrs.activation : Activation::kNone;
    const int final_out = op.outputs[0];
    int cur = final_out;
    std::pair<int, int> bn{-1, -1};
    if (float_weighted) bn = Unfold(op);
    if (float_weighted || act != Activation::kNone) {
      cur = Act(final_out, "pre", g_.tensor(final_out).shape);
      op.outputs[0] = cur;
    }
    g_.ops.push_back(op);
    auto then = [&](OpType type, std::vector<int> inputs, bool last) {
      const int out = last ? final_out : Act(final_out, "step", g_.tensor(final_out).shape);
      g_.ops.push_back(Op{type, std::move(inputs), {out}, {}});
      cur = out;
    };
    if (float_weighted) {
      then(OpType::kMul, {cur, bn.first}, false);
      then(OpType::kAdd, {bn.second, cur}, act == Activation::kNone);
    }
    if (act == Activation::kRelu) then(OpType::kRelu, {cur}, true);
    if (act == Activation::kRelu6 && relu6_count_++ % 2 == 0) then(OpType::kRelu6, {cur}, true);
    if (act == Activation::kRelu6 && relu6_count_ % 2 == 0) {
      then(OpType::kMaximum, {cur, Floats("zero", {}, {0.0f})}, false);
      then(OpType::kMinimum, {Floats("six", {1}, {6.0f}), cur}, true);
    }
    if (act == Activation::kReluN1To1) {
      then(OpType::kMaximum, {cur, Floats("minus_one", {}, {-1.0f})}, false);
      then(OpType::kMinimum, {cur, Floats("one", {}, {1.0f})}, true);
    }
  }

  const Graph& src_;
  Graph g_;
  bool first_bn_ = true;
  int relu6_count_ = 0;
};

// The optimiser turns the unoptimised export of every shared float model back into the converter's
// operator list, with outputs within 1e-5 of the original's.
TEST(PassManager, RestoresUnoptimisedVersionsOfTheSharedFloatModels) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  int models = 0;
  for (const std::string& path : test::SharedTfliteModels()) {
    auto loaded = LoadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    const Graph original = loaded.value();
    if (!AllOutputsFloat(original)) continue;
    SCOPED_TRACE(path);
    Graph g = Unoptimizer(original).Run();
    const auto in = SeededInput(original, 4);
    const auto want = AsFloats(test::RunBytes(original, in));
    ExpectRelativelyClose(AsFloats(test::RunBytes(g, in)), want, 1e-5f);
    auto report = RunOptimizationPasses(g);
    ASSERT_TRUE(report.ok()) << report.status().message();
    std::printf("%s unoptimised:\n%s", path.c_str(), report->ToString().c_str());
    EXPECT_EQ(test::OpTypes(g), test::OpTypes(original));
    for (size_t i = 0; i < std::min(g.ops.size(), original.ops.size()); ++i) {
      EXPECT_EQ(g.ops[i].attrs, original.ops[i].attrs) << "operator " << i;
    }
    EXPECT_EQ(g.tensors.size(), original.tensors.size());
    EXPECT_EQ(report->after.parameters, MeasureSize(original).parameters);
    ExpectRelativelyClose(AsFloats(test::RunBytes(g, in)), want, 1e-5f);
    ++models;
  }
  EXPECT_GE(models, 5);
}

// float16 and both prunings on the float models: the graphs stay valid and float16 stays close.
TEST(PassManager, EverySharedFloatModelTakesFloat16AndPruning) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  for (const std::string& path : test::SharedTfliteModels()) {
    auto loaded = LoadModel(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    const Graph original = loaded.value();
    if (!AllOutputsFloat(original)) continue;
    SCOPED_TRACE(path);
    const auto in = SeededInput(original, 3);
    const auto want = AsFloats(test::RunBytes(original, in));
    Graph half = original;
    OptimizeOptions f16;
    f16.float16 = true;
    auto r16 = RunOptimizationPasses(half, f16);
    ASSERT_TRUE(r16.ok()) << r16.status().message();
    const auto got = AsFloats(test::RunBytes(half, in));
    ASSERT_EQ(got.size(), want.size());
    double worst = 0, scale = 0;
    for (size_t k = 0; k < got.size(); ++k) {
      worst = std::max(worst, static_cast<double>(std::fabs(got[k] - want[k])));
      scale = std::max(scale, static_cast<double>(std::fabs(want[k])));
    }
    std::printf("%s float16: weight bytes %lld -> %lld, max |diff| %.3g (max |output| %.3g)\n", path.c_str(),
                static_cast<long long>(r16->before.weight_bytes), static_cast<long long>(r16->after.weight_bytes),
                worst, scale);
    EXPECT_LE(worst, 1e-2 * std::max(scale, 1e-3));
    Graph pruned = original;
    OptimizeOptions prune;
    prune.prune_channels = 0.5;
    prune.prune_magnitude = 0.5;
    auto rp = RunOptimizationPasses(pruned, prune);
    ASSERT_TRUE(rp.ok()) << rp.status().message();
    std::printf("%s pruned 50%%: %s\n", path.c_str(), SizeChangeText(rp->before, rp->after).c_str());
    EXPECT_EQ(AsFloats(test::RunBytes(pruned, in)).size(), want.size());
  }
}

}  // namespace
}  // namespace eb
