// The MCU variant tables (src/runtime/mcu_variant_table.h): which row each target takes for a layer, that every
// row gives the reference's outputs, and that a kernel's scratch is placed by the planner.
#include "runtime/mcu_variant_table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "conv2d.h"
#include "importers/load_model.h"
#include "passes/pass_test_util.h"
#include "passes/quantize_int8.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// One int8 layer quantised from a float graph with set ranges: `type` over an input of `in_shape`, the filter
// `filter_shape` (random weights), a bias, the output of `out_shape`.
Graph Int8Layer(OpType type, std::vector<int32_t> in_shape, std::vector<int32_t> filter_shape,
                std::vector<int32_t> out_shape, OpAttrs attrs, uint32_t seed) {
  test::GraphBuilder b("layer.tflite");
  const int in = b.Input("in", in_shape);
  size_t weights = 1;
  for (int32_t d : filter_shape) weights *= static_cast<size_t>(d);
  const int32_t channels = type == OpType::kDepthwiseConv2D ? filter_shape.back() : filter_shape[0];
  const int w = b.Const("w", filter_shape, test::RandomFloats(weights, seed, -0.5f, 0.5f));
  const int bias = b.Const("b", {channels}, test::RandomFloats(static_cast<size_t>(channels), seed + 1, -0.2f, 0.2f));
  const int out = b.Act("out", out_shape);
  b.Add(type, {in, w, bias}, {out}, attrs);
  b.Output(out);
  Graph g = b.graph();
  std::vector<TensorRange> r(g.tensors.size());
  r[static_cast<size_t>(in)] = {true, -1.0f, 1.0f};
  r[static_cast<size_t>(out)] = {true, -4.0f, 4.0f};
  EXPECT_TRUE(QuantizeInt8(g, r, Int8Options{}).ok());
  return g;
}

struct Prepared {
  std::string kernel;
  std::vector<uint8_t> out;
};

// The layer's kernel on `target` and its outputs for seeded random inputs.
Prepared RunLayer(const Graph& g, KernelTarget target, uint32_t seed) {
  auto rt = Runtime::Create(g, {target});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  Runtime& r = **rt;
  std::mt19937 rng(seed);
  for (int64_t i = 0; i < r.input_tensor(0).num_bytes(); ++i) r.input(0)[i] = static_cast<uint8_t>(rng());
  r.Invoke();
  Prepared p;
  p.kernel = r.calls().back().kernel;
  p.out.assign(r.output(0), r.output(0) + r.output_tensor(0).num_bytes());
  return p;
}

// A cortex-m4 target with the DSP instructions takes the DSP rows; without them (-DEB_NO_DSP builds), `c` and the
// host without SIMD take the portable rows: the 16-bit and Winograd layouts and the references. Every choice gives
// the same bytes.
TEST(McuVariants, EachTargetTakesItsRowsWithTheSameOutputs) {
  struct Case {
    const char* what;
    Graph g;
    const char* dsp_kernel;
    const char* portable_kernel;
  };
  const Case cases[] = {
      {"depthwise 3x3 over 34x11x12 (per-channel rows: too tall for a plane)",
       Int8Layer(OpType::kDepthwiseConv2D, {1, 34, 11, 12}, {1, 3, 3, 12}, {1, 34, 11, 12},
                 test::ConvAttrs(Padding::kSame), 1),
       "eb_depthwise_conv2d_s8_rows", "eb_depthwise_conv2d_s8"},
      {"depthwise 3x3 over 12x12x8 (16-bit planes)",
       Int8Layer(OpType::kDepthwiseConv2D, {1, 12, 12, 8}, {1, 3, 3, 8}, {1, 12, 12, 8},
                 test::ConvAttrs(Padding::kSame), 2),
       "eb_depthwise_conv2d_s8_plane", "eb_depthwise_conv2d_s8"},
      {"depthwise 3x3 stride 2 over 9x9x12 (NHWC)",
       Int8Layer(OpType::kDepthwiseConv2D, {1, 9, 9, 12}, {1, 3, 3, 12}, {1, 5, 5, 12},
                 test::ConvAttrs(Padding::kSame, Activation::kNone, 2), 3),
       "eb_depthwise_conv2d_s8_dsp", "eb_depthwise_conv2d_s8"},
      {"depthwise multiplier 4 (8x8x3 -> 12)",
       Int8Layer(OpType::kDepthwiseConv2D, {1, 8, 8, 3}, {1, 3, 3, 12}, {1, 8, 8, 12},
                 test::ConvAttrs(Padding::kSame, Activation::kNone, 1, 4), 4),
       "eb_depthwise_conv2d_s8_dsp_m4", "eb_depthwise_conv2d_s8"},
      {"3x3 conv over 6x6x8 -> 6 (Winograd)",
       Int8Layer(OpType::kConv2D, {1, 6, 6, 8}, {6, 3, 3, 8}, {1, 6, 6, 6}, test::ConvAttrs(Padding::kSame), 5),
       "eb_conv2d_s8_wino", "eb_conv2d_s8_wino"},
      {"pointwise 16 -> 8 (16-bit filter)",
       Int8Layer(OpType::kConv2D, {1, 5, 5, 16}, {8, 1, 1, 16}, {1, 5, 5, 8}, test::ConvAttrs(Padding::kValid), 6),
       "eb_conv2d_s8_pw16", "eb_conv2d_s8_pw16"},
      {"pointwise 16 -> 258 (int8, past the 16-bit kernel's channels)",
       Int8Layer(OpType::kConv2D, {1, 3, 3, 16}, {258, 1, 1, 16}, {1, 3, 3, 258}, test::ConvAttrs(Padding::kValid), 7),
       "eb_conv2d_s8_pw", "eb_conv2d_s8_pw"},
      {"3x3 stride 2 conv, 3 channels (gathered 16-bit patches)",
       Int8Layer(OpType::kConv2D, {1, 9, 9, 3}, {4, 3, 3, 3}, {1, 5, 5, 4},
                 test::ConvAttrs(Padding::kSame, Activation::kNone, 2), 8),
       "eb_conv2d_s8_g16", "eb_conv2d_s8_g16"},
      {"5x5 stride 2 conv, 12 -> 5 (300 taps, pixel-pair patches)",
       Int8Layer(OpType::kConv2D, {1, 9, 9, 12}, {5, 5, 5, 12}, {1, 5, 5, 5},
                 test::ConvAttrs(Padding::kSame, Activation::kNone, 2), 9),
       "eb_conv2d_s8_dsp", "eb_conv2d_s8"},
      {"a 4x4 filter over the whole 4x4x20 image",
       Int8Layer(OpType::kConv2D, {1, 4, 4, 20}, {7, 4, 4, 20}, {1, 1, 1, 7}, test::ConvAttrs(Padding::kValid), 10),
       "eb_conv2d_s8_image_dsp", "eb_conv2d_s8"},
      {"fully connected 64 -> 20 (16-bit filter)",
       Int8Layer(OpType::kFullyConnected, {1, 64}, {20, 64}, {1, 20}, {}, 11), "eb_fully_connected_s8_w16",
       "eb_fully_connected_s8_w16"},
      {"fully connected 30 -> 20 (widened input)",
       Int8Layer(OpType::kFullyConnected, {1, 30}, {20, 30}, {1, 20}, {}, 12), "eb_fully_connected_s8_dsp_wide",
       "eb_fully_connected_s8"},
      {"fully connected 30 -> 6",
       Int8Layer(OpType::kFullyConnected, {2, 30}, {6, 30}, {2, 6}, {}, 13), "eb_fully_connected_s8_dsp",
       "eb_fully_connected_s8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const Prepared dsp = RunLayer(c.g, KernelTarget::CortexM4(), 21);
    const Prepared no_dsp = RunLayer(c.g, KernelTarget::CortexM4({.dsp = false}), 21);
    const Prepared portable = RunLayer(c.g, KernelTarget::C(), 21);
    const Prepared host = RunLayer(c.g, KernelTarget::Host(Isa::kRef).value(), 21);
    EXPECT_EQ(dsp.kernel, c.dsp_kernel);
    EXPECT_EQ(no_dsp.kernel, c.portable_kernel);
    EXPECT_EQ(portable.kernel, c.portable_kernel);
    EXPECT_EQ(host.kernel, c.portable_kernel);
    ASSERT_FALSE(dsp.out.empty());
    EXPECT_EQ(dsp.out, portable.out);
    EXPECT_EQ(no_dsp.out, portable.out);
    EXPECT_EQ(host.out, portable.out);
  }
}

// Kernels that need scratch take it from the planner, inside the one arena: keyword spotting's 10x4 first layer
// (the gathered 16-bit kernel: 564 bytes, a 64-byte multiple of them) and its depthwise planes (3,076 bytes).
TEST(McuVariants, ScratchIsPlacedInTheArena) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto rt = Runtime::Create(*LoadModel(test::SharedPath("models/tflite/mlperf-tiny/kws_ref_model.tflite")),
                            {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const Runtime& r = **rt;
  const MemoryPlan& plan = r.plan();
  int with_scratch = 0;
  for (const KernelCall& c : r.calls()) {
    bool takes = false;
    for (const CallArg& a : c.args) takes |= a.kind == CallArg::Kind::kScratch;
    const int64_t off = plan.scratch_offset[c.op_index];
    EXPECT_EQ(takes, off >= 0) << c.kernel;
    if (!takes) continue;
    ++with_scratch;
    EXPECT_EQ(off % kScratchAlignment, 0) << c.kernel;
    EXPECT_LE(off + 576, plan.arena_bytes) << c.kernel;
  }
  EXPECT_EQ(r.calls()[0].kernel, "eb_conv2d_s8_g16");
  EXPECT_GE(plan.scratch_offset[0], 0);
  EXPECT_EQ(plan.scratch_peak, 3136);  // the plane kernel's 3,076 bytes, in whole cache lines
  EXPECT_GT(with_scratch, 5);
}

}  // namespace
}  // namespace eb
