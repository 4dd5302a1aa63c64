// ONNX Slice: constant starts/ends/axes/steps become one STRIDED_SLICE whose result matches ONNX's rules (a
// reference written out here, for random slices with negative, huge and backward bounds); NHWC activations
// are sliced in place; slices of constants (PyTorch's shape arithmetic) fold; the opset-1 attribute form;
// and the refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>

#include "importers/onnx/onnx_test_util.h"

namespace eb::test {
namespace {

std::string ErrorOf(const OnnxBuilder& b) {
  auto g = b.Import();
  return g.ok() ? std::string("(imported)") : g.status().message();
}

// ONNX's Slice on a row-major float tensor, from the operator's definition: negative indices count from the
// end; starts clamp to [0, dim] forward and [0, dim - 1] backward, ends to [0, dim] and [-1, dim - 1].
std::vector<float> RefSlice(const std::vector<float>& x, const std::vector<int64_t>& dims,
                            const std::vector<int64_t>& starts, const std::vector<int64_t>& ends,
                            const std::vector<int64_t>& axes, const std::vector<int64_t>& steps,
                            std::vector<int64_t>* out_dims) {
  const size_t r = dims.size();
  std::vector<std::vector<int64_t>> picks(r);
  for (size_t d = 0; d < r; ++d) {
    for (int64_t i = 0; i < dims[d]; ++i) picks[d].push_back(i);
  }
  for (size_t k = 0; k < axes.size(); ++k) {
    const size_t d = static_cast<size_t>(axes[k] < 0 ? axes[k] + static_cast<int64_t>(r) : axes[k]);
    const int64_t n = dims[d], step = steps[k];
    int64_t s = starts[k] < 0 ? starts[k] + n : starts[k];
    int64_t e = ends[k] < 0 ? ends[k] + n : ends[k];
    s = step > 0 ? std::clamp<int64_t>(s, 0, n) : std::clamp<int64_t>(s, 0, n - 1);
    e = step > 0 ? std::clamp<int64_t>(e, 0, n) : std::clamp<int64_t>(e, -1, n - 1);
    picks[d].clear();
    for (int64_t i = s; step > 0 ? i < e : i > e; i += step) picks[d].push_back(i);
  }
  out_dims->clear();
  int64_t total = 1;
  for (const auto& p : picks) {
    out_dims->push_back(static_cast<int64_t>(p.size()));
    total *= static_cast<int64_t>(p.size());
  }
  std::vector<float> y;
  for (int64_t o = 0; o < total; ++o) {
    int64_t rest = o, src = 0, mul = 1;
    for (size_t d = r; d-- > 0;) {
      const int64_t k = rest % static_cast<int64_t>(picks[d].size());
      rest /= static_cast<int64_t>(picks[d].size());
      src += picks[d][static_cast<size_t>(k)] * mul;
      mul *= dims[d];
    }
    y.push_back(x[static_cast<size_t>(src)]);
  }
  return y;
}

TEST(OnnxSlice, RandomSlicesMatchOnnxSemantics) {
  std::mt19937 rng(10);
  std::uniform_int_distribution<int> rank_d(1, 4), dim_d(1, 6), idx_d(-9, 9), step_d(-3, 3), coin(0, 5);
  constexpr int64_t kBig = std::numeric_limits<int64_t>::max();
  for (int trial = 0; trial < 60; ++trial) {
    SCOPED_TRACE(trial);
    const int r = rank_d(rng);
    std::vector<int64_t> dims, starts, ends, axes, steps;
    int64_t n = 1;
    for (int d = 0; d < r; ++d) {
      dims.push_back(dim_d(rng));
      n *= dims.back();
    }
    for (int d = 0; d < r; ++d) {
      if (coin(rng) == 0) continue;  // an axis left whole
      int64_t step = 0;
      while (step == 0) step = step_d(rng);
      axes.push_back(coin(rng) < 3 ? d : d - r);
      steps.push_back(step);
      // PyTorch writes open ends as INT64_MAX (or INT64_MIN backwards).
      starts.push_back(coin(rng) == 0 ? (step > 0 ? -kBig - 1 : kBig) : idx_d(rng));
      ends.push_back(coin(rng) == 0 ? (step > 0 ? kBig : -kBig - 1) : idx_d(rng));
    }
    if (axes.empty()) continue;
    const auto k = static_cast<int64_t>(axes.size());
    OnnxBuilder b;
    b.Input("x", dims).Output("y");
    b.InitI64("starts", {k}, starts).InitI64("ends", {k}, ends).InitI64("axes", {k}, axes).InitI64("steps", {k}, steps);
    b.Node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"});
    auto g = b.Import();
    ASSERT_TRUE(g.ok()) << g.status().message();
    std::vector<int64_t> want_dims;
    const std::vector<float> x = Random(static_cast<size_t>(n), 100 + trial);
    const std::vector<float> want = RefSlice(x, dims, starts, ends, axes, steps, &want_dims);
    const std::vector<int32_t> got_shape = g->tensor(g->outputs[0]).shape;
    ASSERT_EQ(std::vector<int64_t>(got_shape.begin(), got_shape.end()), want_dims);
    if (want.empty()) continue;
    EXPECT_EQ(RunFloat(*g, {x}), want);
  }
}

TEST(OnnxSlice, OneStridedSliceWithAnEndMaskForABackwardSliceThroughZero) {
  // x[:, ::-1] on [2, 3]: begin 2 backwards through index 0, which TFLite says with end_mask.
  OnnxBuilder b;
  b.Input("x", {2, 3}).Output("y");
  b.InitI64("s", {1}, {-1}).InitI64("e", {1}, {std::numeric_limits<int64_t>::min()}).InitI64("a", {1}, {1});
  b.InitI64("st", {1}, {-1});
  b.Node("Slice", {"x", "s", "e", "a", "st"}, {"y"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ(g->ops.size(), 1u);
  EXPECT_EQ(g->ops[0].type, OpType::kStridedSlice);
  EXPECT_EQ(g->ops[0].attrs.end_mask, 2);
  EXPECT_EQ(RunFloat(*g, {{1, 2, 3, 4, 5, 6}}), (std::vector<float>{3, 2, 1, 6, 5, 4}));
}

TEST(OnnxSlice, NhwcActivationsAreSlicedWithoutTransposes) {
  // Channels 1..2 of a 1x1 convolution's output: the slice runs on the NHWC tensor, axis 3.
  OnnxBuilder b;
  const std::vector<float> w = Random(4 * 2, 7), x = Random(2 * 9, 8);
  b.Input("x", {1, 2, 3, 3}).Output("y").Init("w", {4, 2, 1, 1}, w);
  b.InitI64("s", {1}, {1}).InitI64("e", {1}, {3}).InitI64("a", {1}, {1});
  b.Node("Conv", {"x", "w"}, {"c"});
  b.Node("Slice", {"c", "s", "e", "a"}, {"y"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kStridedSlice), 1);
  int oh = 0, ow = 0;
  const std::vector<float> conv = RefConv(x, 1, 2, 3, 3, w, 4, 1, 1, {}, 1, 0, 0, 0, 0, 1, &oh, &ow);
  const std::vector<float> want(conv.begin() + 9, conv.begin() + 27);  // channels 1 and 2, NCHW
  ExpectNear(RunFloat(*g, {x}), want);
  // The graph input into NHWC and the sliced output back to NCHW; none around the slice itself.
  EXPECT_EQ(CountOps(*g, OpType::kTranspose), 2);
}

TEST(OnnxSlice, SlicesOfShapesFoldAwayAndAWholeSliceIsFree) {
  // x.view(x.size(0), -1) written with Slice: Shape -> Slice[0:1] -> Concat([-1]) -> Reshape; then x[:, 0:100].
  OnnxBuilder b;
  b.Input("x", {2, 3, 4}).Output("z").InitI64("s", {1}, {0}).InitI64("e", {1}, {1}).InitI64("minus1", {1}, {-1});
  b.InitI64("s2", {1}, {0}).InitI64("e2", {1}, {100}).InitI64("a2", {1}, {1});
  b.Node("Shape", {"x"}, {"shape"});
  b.Node("Slice", {"shape", "s", "e"}, {"n"});
  SetInt(b.Node("Concat", {"n", "minus1"}, {"target"}), "axis", 0);
  b.Node("Reshape", {"x", "target"}, {"y"});
  b.Node("Slice", {"y", "s2", "e2", "a2"}, {"z"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(CountOps(*g, OpType::kStridedSlice), 0);
  EXPECT_EQ(g->tensor(g->outputs[0]).shape, (std::vector<int32_t>{2, 12}));
}

TEST(OnnxSlice, Opset9TakesAttributes) {
  OnnxBuilder b(9);
  b.Input("x", {4, 2}).Output("y");
  auto& n = b.Node("Slice", {"x"}, {"y"});
  SetInts(n, "starts", {1});
  SetInts(n, "ends", {-1});
  SetInts(n, "axes", {0});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(RunFloat(*g, {{0, 1, 2, 3, 4, 5, 6, 7}}), (std::vector<float>{2, 3, 4, 5}));
}

TEST(OnnxSlice, Refusals) {
  auto slice = [](std::vector<int64_t> axes, std::vector<int64_t> steps, bool constant_starts = true) {
    OnnxBuilder b;
    b.Input("x", {2, 3}).Output("y");
    if (constant_starts) b.InitI64("s", {2}, {0, 0});
    else b.Input("s", {2}, onnx::TensorProto::INT64);
    b.InitI64("e", {2}, {1, 1}).InitI64("a", {static_cast<int64_t>(axes.size())}, axes);
    b.InitI64("st", {static_cast<int64_t>(steps.size())}, steps);
    b.Node("Slice", {"x", "s", "e", "a", "st"}, {"y"}, "sl");
    return ErrorOf(b);
  };
  EXPECT_EQ(slice({0, 1}, {1, 0}), "test.onnx: node 0 'sl' (Slice): the step of axis 1 is 0");
  EXPECT_EQ(slice({1, -1}, {1, 1}), "test.onnx: node 0 'sl' (Slice): axis -1 is out of range or repeated");
  EXPECT_EQ(slice({0}, {1, 1}), "test.onnx: node 0 'sl' (Slice): starts, ends, axes and steps differ in length");
  EXPECT_EQ(slice({0, 1}, {1, 1}, false),
            "test.onnx: node 0 'sl' (Slice): the starts 's' must be a constant (an initializer or computable at import)");
}

}  // namespace
}  // namespace eb::test
