// ONNX importer: exact error messages (unsupported op / attribute / type / grouping, malformed and
// hostile files), the dynamic batch, shape computations folded at import, constants and outputs, and
// routing of .onnx files through LoadModel.
#include "importers/onnx/onnx_importer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "exporters/tflite/tflite_writer.h"
#include "importers/load_model.h"
#include "importers/tflite/tflite_importer.h"
#include "importers/onnx/onnx_test_util.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb::test {
namespace {

std::string ErrorOf(const OnnxBuilder& b, const OnnxOptions& opts = {}) {
  auto g = b.Import(opts);
  return g.ok() ? std::string("(imported)") : g.status().message();
}

TEST(OnnxImporter, UnsupportedOperatorNamesOpNodeIndexAndName) {
  OnnxBuilder b;
  b.Input("x", {1, 4}).Output("z");
  b.Node("Relu", {"x"}, {"y"}, "first");
  b.Node("Erf", {"y"}, {"z"}, "the_erf");
  EXPECT_EQ(ErrorOf(b), "test.onnx: unsupported operator 'Erf' at node 1 'the_erf' (opset 13)");
}

TEST(OnnxImporter, OtherDomainsAreRefused) {
  OnnxBuilder b;
  b.Input("x", {1, 4}).Output("y");
  b.Node("FusedGemm", {"x"}, {"y"}, "n").set_domain("com.microsoft");
  EXPECT_EQ(ErrorOf(b), "test.onnx: unsupported operator 'FusedGemm' of domain 'com.microsoft' at node 0 'n' (opset 13)");
}

TEST(OnnxImporter, EveryUnsupportedOperatorIsListedAtOnce) {
  OnnxBuilder b;
  b.Input("x", {1, 4}).Output("w");
  b.Node("Erf", {"x"}, {"y"}, "e");
  b.Node("Relu", {"y"}, {"z"}, "r");
  b.Node("FusedGemm", {"z"}, {"v"}, "").set_domain("com.microsoft");
  b.Node("Erf", {"v"}, {"w"}, "e2");
  EXPECT_EQ(ErrorOf(b), "test.onnx: 3 unsupported operators (opset 13): 'Erf' at node 0 'e'; 'FusedGemm' of domain "
                        "'com.microsoft' at node 2; 'Erf' at node 3 'e2'");
}

TEST(OnnxImporter, UnsupportedAttributeIsNamed) {
  OnnxBuilder b;
  b.Input("x", {1, 4}).Output("y");
  SetInt(b.Node("Relu", {"x"}, {"y"}, "r"), "bogus", 1);
  EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 'r' (Relu): attribute 'bogus' is not supported");
}

TEST(OnnxImporter, AttributeOfTheWrongTypeIsNamed) {
  OnnxBuilder b;
  b.Input("x", {1, 1, 4, 4}).Output("y").Init("W", {1, 1, 1, 1}, {1});
  SetFloat(b.Node("Conv", {"x", "W"}, {"y"}), "strides", 2.0f);
  EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (Conv): attribute 'strides' has type FLOAT, expected INTS");
}

TEST(OnnxImporter, GroupedConvolutionOtherThanDepthwiseIsRefused) {
  OnnxBuilder b;
  b.Input("x", {1, 4, 5, 5}).Output("y").Init("W", {4, 2, 1, 1}, std::vector<float>(8, 1.0f));
  SetInt(b.Node("Conv", {"x", "W"}, {"y"}, "c"), "group", 2);
  EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 'c' (Conv): grouped convolution (group 2 of 4 input channels) is not "
                        "supported; group must be 1 or the number of input channels (depthwise)");
}

TEST(OnnxImporter, ConvWeightsMustBeConstant) {
  OnnxBuilder b;
  b.Input("x", {1, 1, 4, 4}).Input("W", {1, 1, 3, 3}).Output("y");
  b.Node("Conv", {"x", "W"}, {"y"});
  EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (Conv): the weight 'W' must be a constant (an initializer or computable at import)");
}

TEST(OnnxImporter, AveragePoolPadsThatCannotExcludePaddingAreAKnownGap) {
  OnnxBuilder b;
  b.Input("x", {1, 1, 6, 6}).Output("y");
  auto& p = b.Node("AveragePool", {"x"}, {"y"});
  SetInts(p, "kernel_shape", {3, 3});
  SetInts(p, "pads", {2, 2, 2, 2});
  EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 (AveragePool): AveragePool with pads (2,2,2,2) and count_include_pad = 0 "
                        "cannot be expressed: only pads equal to SAME padding exclude the padding from the average");
}

TEST(OnnxImporter, OpsetOutsideTheSupportedRange) {
  OnnxBuilder b(18);
  b.Input("x", {1, 4}).Output("y");
  b.Node("Relu", {"x"}, {"y"});
  EXPECT_EQ(ErrorOf(b), "test.onnx: opset 18 is newer than 17, the newest this importer supports");
  OnnxBuilder none;
  none.model().clear_opset_import();
  none.Input("x", {1, 4}).Output("y");
  none.Node("Relu", {"x"}, {"y"});
  EXPECT_EQ(ErrorOf(none), "test.onnx: the model imports no opset of the default ONNX domain");
}

TEST(OnnxImporter, UnsupportedElementTypeAndUndefinedInputs) {
  OnnxBuilder b;
  b.Input("x", {2}, onnx::TensorProto::DOUBLE).Output("y");
  b.Node("Relu", {"x"}, {"y"});
  EXPECT_EQ(ErrorOf(b), "test.onnx: graph input 0 'x' has element type DOUBLE, which is not supported");
  OnnxBuilder u;
  u.Input("x", {2}).Output("y");
  u.Node("Add", {"x", "nowhere"}, {"y"});
  EXPECT_EQ(ErrorOf(u), "test.onnx: node 0 (Add): input 'nowhere' is not produced by an earlier node, an initializer "
                        "or a graph input");
}

TEST(OnnxImporter, DynamicBatchTakesTheOptionAndOtherSymbolsAreRefused) {
  const auto w = Random(3 * 4, 1);
  OnnxBuilder b;
  b.Input("x", {-1, 4}).Output("y").Init("w", {4, 3}, w);
  b.Node("MatMul", {"x", "w"}, {"y"});
  auto g = b.Import(OnnxOptions{.batch = 5});
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->tensor(g->inputs[0]).shape, (std::vector<int32_t>{5, 4}));
  EXPECT_EQ(g->tensor(g->outputs[0]).shape, (std::vector<int32_t>{5, 3}));
  const auto x = Random(20, 2);
  const auto y = RunFloat(*g, {x});
  ASSERT_EQ(y.size(), 15u);
  for (int r = 0; r < 5; ++r) {
    for (int j = 0; j < 3; ++j) {
      double acc = 0;
      for (int k = 0; k < 4; ++k) acc += x[static_cast<size_t>(r * 4 + k)] * w[static_cast<size_t>(k * 3 + j)];
      EXPECT_NEAR(y[static_cast<size_t>(r * 3 + j)], acc, 1e-5);
    }
  }
  OnnxBuilder s;
  s.Input("x", {1, -1}).Output("y");
  s.Node("Relu", {"x"}, {"y"});
  EXPECT_EQ(ErrorOf(s), "test.onnx: graph input 0 'x': dimension 1 is symbolic ('N'); bind it with --input-shape x=<dims>");
}

// A sequence length that is symbolic (an audio model's sample count) is bound by the user; the bound shape must
// keep the rank and agree with the static dimensions, and name a real input.
TEST(OnnxImporter, InputShapesBindSymbolicDimensions) {
  OnnxBuilder s;
  s.Input("x", {1, -1}).Output("y");
  s.Node("Relu", {"x"}, {"y"});
  OnnxOptions bind;
  bind.input_shapes["x"] = {1, 16000};
  auto g = s.Import(bind);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->tensor(g->inputs[0]).shape, (std::vector<int32_t>{1, 16000}));
  EXPECT_EQ(g->tensor(g->outputs[0]).shape, (std::vector<int32_t>{1, 16000}));
  bind.input_shapes["x"] = {2, 16000};
  EXPECT_EQ(ErrorOf(s, bind), "test.onnx: graph input 0 'x': dimension 0 is 1, but --input-shape gives 2");
  bind.input_shapes["x"] = {16000};
  EXPECT_EQ(ErrorOf(s, bind), "test.onnx: graph input 0 'x' has rank 2, but --input-shape gives [16000]");
  bind.input_shapes = {{"audio", {1, 16000}}};
  EXPECT_EQ(ErrorOf(s, bind), "test.onnx: --input-shape names 'audio', which is not a graph input");
}

TEST(OnnxImporter, PytorchStyleShapeComputationsFoldToOneReshape) {
  // x.view(x.size(0), -1): Shape -> Gather(0) -> Unsqueeze -> Concat([-1]) -> Reshape.
  OnnxBuilder b;
  b.Input("x", {-1, 2, 3, 3}).Output("y").InitI64("zero", {}, {0}).InitI64("minus1", {1}, {-1}).InitI64("ax", {1}, {0});
  b.Node("Shape", {"x"}, {"s"});
  SetInt(b.Node("Gather", {"s", "zero"}, {"n"}), "axis", 0);
  b.Node("Unsqueeze", {"n", "ax"}, {"n1"});
  SetInt(b.Node("Concat", {"n1", "minus1"}, {"shape"}), "axis", 0);
  b.Node("Reshape", {"x", "shape"}, {"y"});
  auto g = b.Import(OnnxOptions{.batch = 2});
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ(g->ops.size(), 1u);
  EXPECT_EQ(g->ops[0].type, OpType::kReshape);
  EXPECT_EQ(g->tensor(g->outputs[0]).shape, (std::vector<int32_t>{2, 18}));
}

TEST(OnnxImporter, IdentityAndConstantOutputsGetTheirOwnNamedTensors) {
  OnnxBuilder b;
  b.Input("x", {3}).Output("same").Output("c");
  b.Node("Identity", {"x"}, {"same"});
  auto* a = b.Node("Constant", {}, {"c"}).add_attribute();
  a->set_name("value_floats");
  a->set_type(onnx::AttributeProto::FLOATS);
  a->add_floats(1.5f);
  a->add_floats(-2.0f);
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->tensor(g->outputs[0]).name, "same");
  EXPECT_EQ(g->tensor(g->outputs[1]).name, "c");
  EXPECT_EQ(RunFloat(*g, {{1, 2, 3}}, 0), (std::vector<float>{1, 2, 3}));
  EXPECT_EQ(RunFloat(*g, {{1, 2, 3}}, 1), (std::vector<float>{1.5f, -2.0f}));
}

TEST(OnnxImporter, ClipMapsToRelu6ReluOrMinMax) {
  auto ops_of = [](float lo, float hi, bool has_hi) {
    OnnxBuilder b;
    b.Input("x", {4}).Output("y").Init("lo", {}, {lo}).Init("hi", {}, {hi});
    b.Node("Clip", {"x", "lo", has_hi ? "hi" : ""}, {"y"});
    auto g = b.Import();
    EXPECT_TRUE(g.ok()) << g.status().message();
    std::vector<OpType> t;
    for (const Op& op : g->ops) t.push_back(op.type);
    return t;
  };
  EXPECT_EQ(ops_of(0, 6, true), (std::vector<OpType>{OpType::kRelu6}));
  EXPECT_EQ(ops_of(0, 0, false), (std::vector<OpType>{OpType::kRelu}));
  EXPECT_EQ(ops_of(-1, 1, true), (std::vector<OpType>{OpType::kMaximum, OpType::kMinimum}));
}

TEST(OnnxImporter, UnusedInitializersAndOriginalWeightsAreDropped) {
  OnnxBuilder b;
  b.Input("x", {1, 2, 3, 3}).Output("y").Init("W", {2, 2, 1, 1}, {1, 0, 0, 1}).Init("unused", {3}, {1, 2, 3});
  b.Node("Conv", {"x", "W"}, {"y"});
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  for (const Tensor& t : g->tensors) {
    EXPECT_NE(t.name, "unused");
    EXPECT_NE(t.name, "W");  // only the OHWI copy remains
  }
}

TEST(OnnxImporter, MalformedFilesEndInClearErrors) {
  auto import = [](const std::string& bytes) {
    auto g = ImportOnnx(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "m.onnx");
    return g.ok() ? std::string("(imported)") : g.status().message();
  };
  EXPECT_EQ(import(""), "m.onnx: the file is empty");
  EXPECT_EQ(import("\xff\xff\xff\xff garbage"), "m.onnx: not a valid ONNX model (the protobuf is malformed or truncated)");
  OnnxBuilder b;
  b.Input("x", {1, 4}).Output("y");
  b.Node("Relu", {"x"}, {"y"});
  onnx::ModelProto no_graph = b.model();
  no_graph.clear_graph();
  EXPECT_EQ(import(no_graph.SerializeAsString()), "m.onnx: the ONNX model has no graph");
  // An initializer whose data does not fill its shape.
  OnnxBuilder bad;
  bad.Input("x", {2}).Output("y").Init("c", {3}, {1, 2});
  bad.Node("Add", {"x", "c"}, {"y"});
  EXPECT_EQ(ErrorOf(bad), "test.onnx: initializer 0 'c' holds 2 values, but shape [3] needs 3");
}

// The ops the importer adds (LEAKY_RELU's alpha, DIV, PADV2, MAXIMUM, MINIMUM, BATCH_MATMUL) survive a
// trip through the TFLite writer and importer with identical results.
TEST(OnnxImporter, ImportedGraphsRoundTripThroughTflite) {
  OnnxBuilder b;
  b.Input("x", {1, 2, 6, 6}).Input("m", {1, 2, 3, 4}).Output("y").Init("two", {}, {2.0f});
  SetFloat(b.Node("LeakyRelu", {"x"}, {"l"}), "alpha", 0.3f);
  b.Node("Div", {"l", "two"}, {"d"});
  auto& mp = b.Node("MaxPool", {"d"}, {"p"});
  SetInts(mp, "kernel_shape", {3, 3});
  SetInts(mp, "strides", {2, 2});
  SetInts(mp, "pads", {1, 1, 1, 1});
  b.Init("lo", {}, {-0.2f}).Init("hi", {}, {0.4f});
  b.Node("Clip", {"p", "lo", "hi"}, {"c"});
  b.Node("MatMul", {"c", "m"}, {"y"});  // [1,2,3,3] x [1,2,3,4]
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  for (OpType t : {OpType::kLeakyRelu, OpType::kDiv, OpType::kPadV2, OpType::kMaximum, OpType::kMinimum,
                   OpType::kBatchMatMul}) {
    EXPECT_EQ(CountOps(*g, t), 1) << OpName(t);
  }
  auto bytes = ExportTflite(*g);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "roundtrip.tflite");
  ASSERT_TRUE(back.ok()) << back.status().message();
  const auto x = Random(72, 31, -2.0f, 2.0f), m = Random(24, 32);
  const auto want = RunFloat(*g, {x, m});
  EXPECT_EQ(RunFloat(*back, {x, m}), want);
  EXPECT_EQ(want.size(), 24u);
}

TEST(OnnxImporter, FoldingRefusesHugeConstants) {
  // A 2^28-element input is legal to declare; its Dropout mask would be a 256 MiB constant.
  OnnxBuilder b;
  b.Input("x", {1 << 14, 1 << 14}).Output("y").Output("mask");
  b.Node("Dropout", {"x"}, {"y", "mask"}, "d");
  EXPECT_EQ(ErrorOf(b), "test.onnx: node 0 'd' (Dropout): the constant computed at import would exceed 64 MiB");
}

// Dropout-7's mask has the input's type; a model that declares it bool (as Dropout-10 on would) is refused,
// not run with a float32 buffer behind a bool output (a fuzzer finding: opset 13 mutated to 7).
TEST(OnnxImporter, DeclaredOutputTypeMustBeTheComputedOne) {
  for (int64_t opset : {7, 13}) {
    OnnxBuilder b(opset);
    b.Input("x", {91, 0, 12}).Output("y").Output("z");
    b.model().mutable_graph()->mutable_output(1)->mutable_type()->mutable_tensor_type()->set_elem_type(
        onnx::TensorProto::BOOL);
    b.Node("Dropout", {"x"}, {"y", "z"}, "d");
    if (opset == 7) {
      EXPECT_EQ(ErrorOf(b), "test.onnx: graph output 1 'z' is declared BOOL, but the graph computes float32");
      continue;
    }
    auto g = b.Import();
    ASSERT_TRUE(g.ok()) << g.status().message();
    EXPECT_EQ(g->tensor(g->outputs[1]).dtype, DType::kBool);
    EXPECT_EQ(g->tensor(g->outputs[1]).shape, (std::vector<int32_t>{91, 0, 12}));
  }
}

// Empty tensors run: a Dropout on a [91,0,12] input (its empty mask a constant copied by a RESHAPE) and a
// Shape whose start lies past the rank (an empty int64 constant). Each output has 0 bytes; the copies of
// nothing pass no null pointer to memcpy (UBSan).
TEST(OnnxImporter, EmptyTensorsThroughViewsAndConstants) {
  OnnxBuilder b;
  b.Input("x", {91, 0, 12}).Output("y").Output("z").Output("s");
  b.Node("Dropout", {"x"}, {"y", "z"}, "d");
  SetInt(b.Node("Shape", {"x"}, {"s"}, "shape"), "start", 5);
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  ASSERT_EQ(g->outputs.size(), 3u);
  EXPECT_EQ(g->tensor(g->outputs[2]).dtype, DType::kI64);
  EXPECT_EQ(g->tensor(g->outputs[2]).shape, (std::vector<int32_t>{0}));
  for (const KernelTarget& target : {KernelTarget::C(), KernelTarget::Host()}) {
    auto rt = Runtime::Create(*g, RuntimeOptions{.target = target});
    ASSERT_TRUE(rt.ok()) << rt.status().message();
    (*rt)->Invoke();
    for (size_t i = 0; i < 3; ++i) EXPECT_EQ((*rt)->output_tensor(i).num_bytes(), 0) << i;
  }
}

// Clip-6's float bounds on an integer input are saturated to its range, never converted out of range (UBSan
// float-cast-overflow; a fuzzer finding: min = 4.25e37 on int16).
TEST(OnnxImporter, ClipBoundsBeyondAnIntegerRangeSaturate) {
  OnnxBuilder b(6);
  b.Input("x", {1, 4}, onnx::TensorProto::INT16).Output("y");
  auto& n = b.Node("Clip", {"x"}, {"y"}, "c");
  SetFloat(n, "min", 4.25e37f);
  SetFloat(n, "max", -1e30f);
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << g.status().message();
  std::vector<int16_t> bounds;
  for (const Tensor& t : g->tensors) {
    if (t.is_constant && t.dtype == DType::kI16 && t.num_elements() == 1) bounds.push_back(t.as<int16_t>()[0]);
  }
  EXPECT_EQ(bounds, (std::vector<int16_t>{32767, -32768}));
}

// Truncations and seeded byte flips of a real model: each ends in an error or a graph the runtime
// accepts or refuses cleanly; never a crash (the ASan build runs this too).
TEST(OnnxImporter, HostileBytesNeverCrash) {
  std::string path = "/usr/share/libonnx-testdata/data/pytorch-converted/test_Conv2d_depthwise_padded/model.onnx";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is missing (Debian: libonnx-testdata)";
  const std::vector<uint8_t> model = ReadBytes(path);
  ASSERT_GT(model.size(), 100u);
  ASSERT_TRUE(ImportOnnx(model.data(), model.size(), path).ok());
  auto probe = [&](const std::vector<uint8_t>& bytes) {
    auto g = ImportOnnx(bytes.data(), bytes.size(), "hostile.onnx");
    if (!g.ok()) {
      EXPECT_FALSE(g.status().message().empty());
      return;
    }
    auto rt = Runtime::Create(std::move(g.value()));
    if (rt.ok()) rt.value()->Invoke();
  };
  for (size_t n = 0; n < model.size(); n += std::max<size_t>(1, model.size() / 60)) {
    probe(std::vector<uint8_t>(model.begin(), model.begin() + static_cast<std::ptrdiff_t>(n)));
  }
  std::mt19937 rng(1234);
  for (int i = 0; i < 600; ++i) {
    std::vector<uint8_t> bytes = model;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) bytes[rng() % bytes.size()] = static_cast<uint8_t>(rng());
    probe(bytes);
  }
}

TEST(OnnxImporter, LoadModelRoutesOnnxByExtensionAndByContent) {
  OnnxBuilder b;
  b.Input("x", {1, 4}).Output("y");
  b.Node("Relu", {"x"}, {"y"});
  const std::string s = b.Bytes();
  const std::vector<uint8_t> bytes(s.begin(), s.end());
  TempDir dir;
  for (const char* name : {"model.onnx", "model.bin"}) {
    auto g = LoadModel(dir.Write(name, bytes));
    ASSERT_TRUE(g.ok()) << name << ": " << g.status().message();
    EXPECT_EQ(g->ops.size(), 1u);
    EXPECT_EQ(g->ops[0].type, OpType::kRelu);
  }
  auto bad = LoadModel(dir.Write("broken.onnx", {1, 2, 3}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not a valid ONNX model"), std::string::npos) << bad.status().message();
}

// Found by fuzzing (tests/fuzz/regressions): a constant Gather whose float indices are far outside int64 reads them
// saturated (the plain cast is undefined) and is refused by the index check.
TEST(OnnxImporter, FloatIndicesOutsideInt64AreRefusedByRange) {
  const std::string path = std::string(EB_SOURCE_DIR) + "/tests/fuzz/regressions/onnx/gather_float_indices_huge.onnx";
  auto g = LoadModel(path);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), path + ": node 0 (Gather): index 9223372036854775807 is out of range for 2");
}

}  // namespace
}  // namespace eb::test
