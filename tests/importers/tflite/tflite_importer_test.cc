// TFLite importer tests: hostile files (truncated, bit-flipped, empty, foreign) over every shared model
// must end in an error or a runnable graph, never a crash; tiny models built here with the generated
// flatbuffers API pin the exact error messages; and `info` facts of a real model.
#include "importers/tflite/tflite_importer.h"

#include <flatbuffers/flatbuffers.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>

#include "ir/stats.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"
#include "tflite_subset_generated.h"

namespace eb {
namespace {

// gtest's own substring check, without gmock.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

// ---------------------------------------------------------------------------------------------------
// A small description of a model, serialised with the generated tfl:: Create* functions.

struct TensorSpec {
  TensorSpec(std::string n, tfl::TensorType t, std::vector<int32_t> s, uint32_t b = 0, std::vector<float> sc = {},
             std::vector<int64_t> zp = {}, int32_t ax = 0)
      : name(std::move(n)), type(t), shape(std::move(s)), buffer(b), scale(std::move(sc)), zero_point(std::move(zp)),
        axis(ax) {}
  std::string name;
  tfl::TensorType type;
  std::vector<int32_t> shape;
  uint32_t buffer;
  std::vector<float> scale;  // empty: not quantised
  std::vector<int64_t> zero_point;
  int32_t axis;  // quantized_dimension
};

struct CodeSpec {
  CodeSpec(int8_t deprecated, int32_t builtin, std::string custom = "")
      : deprecated_builtin_code(deprecated), builtin_code(builtin), custom_code(std::move(custom)) {}
  int8_t deprecated_builtin_code;
  int32_t builtin_code;
  std::string custom_code;  // empty: none
};

using OptionsFn = std::function<flatbuffers::Offset<void>(flatbuffers::FlatBufferBuilder&)>;

struct OpSpec {
  OpSpec(uint32_t code, std::vector<int32_t> in, std::vector<int32_t> out,
         tfl::BuiltinOptions type = tfl::BuiltinOptions::NONE, OptionsFn opts = nullptr)
      : opcode_index(code), inputs(std::move(in)), outputs(std::move(out)), options_type(type),
        options(std::move(opts)) {}
  uint32_t opcode_index;
  std::vector<int32_t> inputs, outputs;
  tfl::BuiltinOptions options_type;
  OptionsFn options;
};

struct ModelSpec {
  std::vector<CodeSpec> codes;
  std::vector<TensorSpec> tensors;
  std::vector<std::vector<uint8_t>> buffers = {{}};  // buffer 0: the format's empty sentinel
  std::vector<OpSpec> ops;
  std::vector<int32_t> inputs, outputs;
};

std::vector<uint8_t> Serialize(const ModelSpec& m) {
  flatbuffers::FlatBufferBuilder fbb;
  std::vector<flatbuffers::Offset<tfl::Buffer>> buffers;
  for (const auto& b : m.buffers) buffers.push_back(tfl::CreateBufferDirect(fbb, b.empty() ? nullptr : &b));
  std::vector<flatbuffers::Offset<tfl::Tensor>> tensors;
  for (const auto& t : m.tensors) {
    flatbuffers::Offset<tfl::QuantizationParameters> q = 0;
    if (!t.scale.empty()) {
      q = tfl::CreateQuantizationParametersDirect(fbb, nullptr, nullptr, &t.scale, &t.zero_point, t.axis);
    }
    tensors.push_back(tfl::CreateTensorDirect(fbb, &t.shape, t.type, t.buffer, t.name.c_str(), q));
  }
  std::vector<flatbuffers::Offset<tfl::Operator>> ops;
  for (const auto& o : m.ops) {
    const flatbuffers::Offset<void> options = o.options ? o.options(fbb) : 0;
    ops.push_back(tfl::CreateOperatorDirect(fbb, o.opcode_index, &o.inputs, &o.outputs, o.options_type, options));
  }
  std::vector<flatbuffers::Offset<tfl::SubGraph>> subgraphs = {
      tfl::CreateSubGraphDirect(fbb, &tensors, &m.inputs, &m.outputs, &ops, "main")};
  std::vector<flatbuffers::Offset<tfl::OperatorCode>> codes;
  for (const auto& c : m.codes) {
    codes.push_back(tfl::CreateOperatorCodeDirect(fbb, c.deprecated_builtin_code,
                                                  c.custom_code.empty() ? nullptr : c.custom_code.c_str(), 1,
                                                  c.builtin_code));
  }
  auto model = tfl::CreateModel(fbb, 3, fbb.CreateVector(codes), fbb.CreateVector(subgraphs),
                                fbb.CreateString("built in a test"), fbb.CreateVector(buffers));
  tfl::FinishModelBuffer(fbb, model);
  return std::vector<uint8_t>(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

template <class T>
std::vector<uint8_t> Bytes(std::initializer_list<T> values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  std::memcpy(out.data(), std::data(values), out.size());
  return out;
}

OptionsFn AddOpts(tfl::ActivationFunctionType act) {
  return [act](flatbuffers::FlatBufferBuilder& b) { return tfl::CreateAddOptions(b, act).Union(); };
}

constexpr char kOrigin[] = "built.tflite";

Result<Graph> Import(const std::vector<uint8_t>& bytes) { return ImportTflite(bytes.data(), bytes.size(), kOrigin); }

// a [1,2] + b [1,2] -> c [1,2], fused RELU; all float32 graph inputs.
ModelSpec AddReluModel() {
  ModelSpec m;
  m.codes = {CodeSpec(0, 0)};  // ADD
  m.tensors = {TensorSpec("a", tfl::TensorType::FLOAT32, {1, 2}),
               TensorSpec("b", tfl::TensorType::FLOAT32, {1, 2}),
               TensorSpec("c", tfl::TensorType::FLOAT32, {1, 2})};
  m.ops = {OpSpec(0, {0, 1}, {2}, tfl::BuiltinOptions::AddOptions, AddOpts(tfl::ActivationFunctionType::RELU))};
  m.inputs = {0, 1};
  m.outputs = {2};
  return m;
}

// Imports, creates a runtime, runs once on two float inputs, returns the float output.
std::vector<float> RunTwoInputs(const std::vector<uint8_t>& file, const std::vector<float>& a,
                                const std::vector<float>& b) {
  auto graph = Import(file);
  EXPECT_TRUE(graph.ok()) << graph.status().message();
  if (!graph.ok()) return {};
  auto rt = Runtime::Create(std::move(graph.value()));
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  Runtime& r = *rt.value();
  std::memcpy(r.input(0), a.data(), a.size() * sizeof(float));
  std::memcpy(r.input(1), b.data(), b.size() * sizeof(float));
  r.Invoke();
  const float* out = reinterpret_cast<const float*>(r.output(0));
  return std::vector<float>(out, out + r.output_tensor(0).num_elements());
}

// ---------------------------------------------------------------------------------------------------
// Built models.

TEST(TfliteImporterBuilt, ValidAddReluImportsAndRunsExactly) {
  const auto file = Serialize(AddReluModel());
  auto graph = Import(file);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  ASSERT_EQ(graph->tensors.size(), 3u);
  ASSERT_EQ(graph->ops.size(), 1u);
  EXPECT_EQ(graph->ops[0].type, OpType::kAdd);
  EXPECT_EQ(graph->ops[0].attrs.activation, Activation::kRelu);
  EXPECT_EQ(graph->ops[0].inputs, (std::vector<int>{0, 1}));
  EXPECT_EQ(graph->ops[0].outputs, (std::vector<int>{2}));
  EXPECT_EQ(graph->inputs, (std::vector<int>{0, 1}));
  EXPECT_EQ(graph->outputs, (std::vector<int>{2}));
  EXPECT_EQ(graph->tensor(2).name, "c");
  EXPECT_EQ(graph->tensor(2).shape, (std::vector<int32_t>{1, 2}));
  EXPECT_FALSE(graph->tensor(0).is_constant);
  // 1.5 + 0.25 = 1.75; -2 + 1 = -1, clamped to 0 by RELU. Both sums are exact in float32.
  EXPECT_EQ(RunTwoInputs(file, {1.5f, -2.0f}, {0.25f, 1.0f}), (std::vector<float>{1.75f, 0.0f}));
}

// A file whose bytes start 4 bytes past an 8-byte boundary (an mmap at an odd offset, a hostile layout): the
// int64 zero points then sit at 4-byte boundaries, which the flatbuffers Verifier does not check; they are read
// byte-wise (clang's UBSan flagged the misaligned load, found by the fuzzer).
TEST(TfliteImporterBuilt, ZeroPointsAtA4ByteBoundaryAreRead) {
  ModelSpec m;
  m.codes = {CodeSpec(0, 0)};  // ADD
  m.tensors = {TensorSpec("a", tfl::TensorType::INT8, {1, 2}, 0, {0.5f}, {-3}),
               TensorSpec("b", tfl::TensorType::INT8, {1, 2}, 0, {0.25f}, {7}),
               TensorSpec("c", tfl::TensorType::INT8, {1, 2}, 0, {1.0f}, {-128})};
  m.ops = {OpSpec(0, {0, 1}, {2}, tfl::BuiltinOptions::AddOptions, AddOpts(tfl::ActivationFunctionType::NONE))};
  m.inputs = {0, 1};
  m.outputs = {2};
  const std::vector<uint8_t> file = Serialize(m);
  std::vector<uint64_t> storage(file.size() / 8 + 2);
  uint8_t* shifted = reinterpret_cast<uint8_t*>(storage.data()) + 4;
  std::memcpy(shifted, file.data(), file.size());
  auto graph = ImportTflite(shifted, file.size(), kOrigin);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->tensor(0).quant.zero_point, (std::vector<int64_t>{-3}));
  EXPECT_EQ(graph->tensor(1).quant.zero_point, (std::vector<int64_t>{7}));
  EXPECT_EQ(graph->tensor(2).quant.zero_point, (std::vector<int64_t>{-128}));
}

TEST(TfliteImporterBuilt, UnsupportedBuiltinNamesOpAndIndex) {
  ModelSpec m = AddReluModel();
  m.codes.push_back(CodeSpec(16, 16));  // LSTM
  m.tensors.emplace_back("d", tfl::TensorType::FLOAT32, std::vector<int32_t>{1, 2});
  m.ops.emplace_back(1, std::vector<int32_t>{2}, std::vector<int32_t>{3});
  m.outputs = {3};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: unsupported operator LSTM (builtin code 16) at operator index 1");
}

TEST(TfliteImporterBuilt, UnsupportedCustomOpNamesItsCustomCode) {
  ModelSpec m = AddReluModel();
  m.codes[0] = CodeSpec(32, 32, "TFLite_Detection_PostProcess");
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: unsupported operator CUSTOM 'TFLite_Detection_PostProcess' (builtin code 32) at "
            "operator index 0");
}

// Three unsupported operators (a custom one among them) are named together, with their indices, in file order.
TEST(TfliteImporterBuilt, SeveralUnsupportedOperatorsAreListedTogether) {
  ModelSpec m = AddReluModel();
  m.codes.push_back(CodeSpec(16, 16));              // LSTM
  m.codes.push_back(CodeSpec(32, 32, "ethos-u"));   // a custom operator
  m.tensors.emplace_back("d", tfl::TensorType::FLOAT32, std::vector<int32_t>{1, 2});
  m.tensors.emplace_back("e", tfl::TensorType::FLOAT32, std::vector<int32_t>{1, 2});
  m.tensors.emplace_back("f", tfl::TensorType::FLOAT32, std::vector<int32_t>{1, 2});
  m.ops.emplace_back(2, std::vector<int32_t>{2}, std::vector<int32_t>{3});
  m.ops.emplace_back(1, std::vector<int32_t>{3}, std::vector<int32_t>{4});
  m.ops.emplace_back(2, std::vector<int32_t>{4}, std::vector<int32_t>{5});
  m.outputs = {5};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: 3 unsupported operators: CUSTOM 'ethos-u' (builtin code 32) at operator index 1; LSTM "
            "(builtin code 16) at operator index 2; CUSTOM 'ethos-u' (builtin code 32) at operator index 3");
}

TEST(TfliteImporterBuilt, UnknownBuiltinCode) {
  ModelSpec m = AddReluModel();
  m.codes[0] = CodeSpec(127, 5000);
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: unsupported operator an unknown operator (builtin code 5000) at operator index 0");
}

TEST(TfliteImporterBuilt, TensorBufferIndexOutOfRange) {
  ModelSpec m = AddReluModel();
  m.tensors[1].buffer = 9;  // the model has only the sentinel buffer 0 and buffer 1
  m.buffers.push_back({});
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "built.tflite: tensor 1 'b' refers to buffer 9, but the model has 2 buffers");
}

TEST(TfliteImporterBuilt, ConstantBufferSizeMismatchGivesBothByteCounts) {
  ModelSpec m = AddReluModel();
  m.tensors[1].buffer = 1;
  m.buffers.push_back(Bytes<float>({1.0f, 2.0f, 3.0f}));  // 12 bytes for a [1,2] float32 tensor (8)
  m.inputs = {0};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: tensor 1 'b': buffer 1 holds 12 bytes, but shape [1,2] of float32 needs 8");
}

TEST(TfliteImporterBuilt, ConstantBufferOfRightSizeBecomesConstantData) {
  ModelSpec m = AddReluModel();
  m.tensors[1].buffer = 1;
  m.buffers.push_back(Bytes<float>({0.5f, 4.0f}));
  m.inputs = {0};
  auto graph = Import(Serialize(m));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_TRUE(graph->tensor(1).is_constant);
  EXPECT_EQ(graph->tensor(1).data, Bytes<float>({0.5f, 4.0f}));
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const float a[2] = {1.0f, -5.0f};
  std::memcpy(rt.value()->input(0), a, sizeof a);
  rt.value()->Invoke();
  const float* c = reinterpret_cast<const float*>(rt.value()->output(0));
  EXPECT_EQ(c[0], 1.5f);
  EXPECT_EQ(c[1], 0.0f);  // -5 + 4 = -1, RELU
}

TEST(TfliteImporterBuilt, OperatorInputIndexOutOfRange) {
  ModelSpec m = AddReluModel();
  m.ops[0].inputs = {0, 7};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: operator 0 (ADD) input refers to tensor 7, but the subgraph has 3 tensors");
}

TEST(TfliteImporterBuilt, OperatorInputNegativeIndexOtherThanAbsent) {
  ModelSpec m = AddReluModel();
  m.ops[0].inputs = {0, -2};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: operator 0 (ADD) input refers to tensor -2, but the subgraph has 3 tensors");
}

TEST(TfliteImporterBuilt, AbsentRequiredInputImportsButFailsToPrepare) {
  ModelSpec m = AddReluModel();
  m.ops[0].inputs = {0, -1};  // -1 = optional input absent: legal in the file, not for ADD
  auto graph = Import(Serialize(m));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->ops[0].inputs, (std::vector<int>{0, -1}));
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(), "built.tflite: operator 0 (ADD): required input 1 is absent");
}

TEST(TfliteImporterBuilt, OperatorOutputIndexOutOfRange) {
  ModelSpec m = AddReluModel();
  m.ops[0].outputs = {3};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: operator 0 (ADD) output refers to tensor 3, but the subgraph has 3 tensors");
}

TEST(TfliteImporterBuilt, SubgraphInputIndexOutOfRange) {
  ModelSpec m = AddReluModel();
  m.inputs = {0, 3};
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "built.tflite: subgraph input refers to tensor 3, but the subgraph has 3 tensors");
}

TEST(TfliteImporterBuilt, OpcodeIndexOutOfRange) {
  ModelSpec m = AddReluModel();
  m.ops[0].opcode_index = 4;
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: operator 0 uses opcode index 4, but the model has 1 operator codes");
}

TEST(TfliteImporterBuilt, WrongOptionsTypeForOp) {
  ModelSpec m = AddReluModel();
  m.ops[0].options_type = tfl::BuiltinOptions::MulOptions;
  m.ops[0].options = [](flatbuffers::FlatBufferBuilder& b) { return tfl::CreateMulOptions(b).Union(); };
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "built.tflite: operator 0 (ADD) carries options of type 21, expected AddOptions");
}

// MUL (18) a * b, with the code given only in the old byte field, or only in the new int field.
ModelSpec MulModel(CodeSpec code) {
  ModelSpec m = AddReluModel();
  m.codes = {std::move(code)};
  m.ops[0].options_type = tfl::BuiltinOptions::MulOptions;
  m.ops[0].options = [](flatbuffers::FlatBufferBuilder& b) { return tfl::CreateMulOptions(b).Union(); };
  return m;
}

TEST(TfliteImporterBuilt, OnlyDeprecatedBuiltinCodeSet) {
  const auto file = Serialize(MulModel(CodeSpec(18, 0)));
  auto graph = Import(file);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->ops[0].type, OpType::kMul);
  EXPECT_EQ(RunTwoInputs(file, {1.5f, -2.0f}, {4.0f, 3.0f}), (std::vector<float>{6.0f, -6.0f}));
}

TEST(TfliteImporterBuilt, OnlyBuiltinCodeSet) {
  const auto file = Serialize(MulModel(CodeSpec(0, 18)));
  auto graph = Import(file);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->ops[0].type, OpType::kMul);
  EXPECT_EQ(RunTwoInputs(file, {1.5f, -2.0f}, {4.0f, 3.0f}), (std::vector<float>{6.0f, -6.0f}));
}

TEST(TfliteImporterBuilt, BothCodeFieldsSetAgree) {
  const auto file = Serialize(MulModel(CodeSpec(18, 18)));
  auto graph = Import(file);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->ops[0].type, OpType::kMul);
}

// x [1,4,4,1] float -> CONV_2D with a 2x3x3x1 filter, VALID, stride 1: [1,2,2,2]. The file claims `out_shape`.
ModelSpec ConvModel(std::vector<int32_t> out_shape) {
  ModelSpec m;
  m.codes = {CodeSpec(3, 3)};  // CONV_2D
  m.tensors = {TensorSpec("x", tfl::TensorType::FLOAT32, {1, 4, 4, 1}),
               TensorSpec("w", tfl::TensorType::FLOAT32, {2, 3, 3, 1}, 1),
               TensorSpec("y", tfl::TensorType::FLOAT32, std::move(out_shape))};
  m.buffers.push_back(std::vector<uint8_t>(2 * 3 * 3 * 1 * sizeof(float), 0));
  m.ops = {OpSpec(0, {0, 1, -1}, {2}, tfl::BuiltinOptions::Conv2DOptions, [](flatbuffers::FlatBufferBuilder& b) {
    return tfl::CreateConv2DOptions(b, tfl::Padding::VALID, 1, 1).Union();
  })};
  m.inputs = {0};
  m.outputs = {2};
  return m;
}

TEST(TfliteImporterBuilt, Conv2DOutputShapeMismatchFailsAtCreate) {
  auto graph = Import(Serialize(ConvModel({1, 4, 4, 2})));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(),
            "built.tflite: operator 0 (CONV_2D): output 'y' has shape [1,4,4,2], but the inputs give [1,2,2,2]");
}

TEST(TfliteImporterBuilt, Conv2DWithMatchingShapeCreates) {
  auto graph = Import(Serialize(ConvModel({1, 2, 2, 2})));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
}

// person_detect.tflite's biases carry the filter's quantized_dimension (3) although they are 1-D; TFLM reads the
// scales along the only axis. x int8 [1,1,1,2] -> 1x1 CONV_2D with 2 per-channel filters -> y int8 [1,1,1,2].
TEST(TfliteImporterBuilt, PerChannelBiasWithTheFiltersAxisFollowsItsOnlyAxis) {
  ModelSpec m;
  m.codes = {CodeSpec(3, 3)};  // CONV_2D
  m.tensors = {TensorSpec("x", tfl::TensorType::INT8, {1, 1, 1, 2}, 0, {0.5f}, {0}),
               TensorSpec("w", tfl::TensorType::INT8, {2, 1, 1, 2}, 1, {0.25f, 0.5f}, {0, 0}, 0),
               TensorSpec("b", tfl::TensorType::INT32, {2}, 2, {0.125f, 0.25f}, {0, 0}, 3),
               TensorSpec("y", tfl::TensorType::INT8, {1, 1, 1, 2}, 0, {1.0f}, {0})};
  m.buffers.push_back(Bytes<int8_t>({1, 2, 3, -4}));
  m.buffers.push_back(Bytes<int32_t>({8, -4}));
  m.ops = {OpSpec(0, {0, 1, 2}, {3}, tfl::BuiltinOptions::Conv2DOptions, [](flatbuffers::FlatBufferBuilder& b) {
    return tfl::CreateConv2DOptions(b, tfl::Padding::VALID, 1, 1).Union();
  })};
  m.inputs = {0};
  m.outputs = {3};
  auto graph = Import(Serialize(m));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  EXPECT_EQ(graph->tensor(2).quant.axis, 0);
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  // x = (4, 6) real (2, 3). Channel 0: (1*2 + 2*3) * 0.25 + 8 * 0.125 = 3; channel 1: (3*2 - 4*3) * 0.5 - 4 * 0.25 = -4.
  const int8_t x[2] = {4, 6};
  std::memcpy(rt.value()->input(0), x, 2);
  rt.value()->Invoke();
  const int8_t* y = reinterpret_cast<const int8_t*>(rt.value()->output(0));
  EXPECT_EQ(y[0], 3);
  EXPECT_EQ(y[1], -4);
}

TEST(TfliteImporterBuilt, Conv2DWithoutOptionsIsAnError) {
  ModelSpec m = ConvModel({1, 2, 2, 2});
  m.ops[0].options_type = tfl::BuiltinOptions::NONE;
  m.ops[0].options = nullptr;
  auto graph = Import(Serialize(m));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "built.tflite: operator 0 (CONV_2D) carries options of type 0, expected Conv2DOptions");
}

// x [1,4] float32 -> FULLY_CONNECTED with a constant int8 filter [3,4] that carries no quantisation.
TEST(TfliteImporterBuilt, FullyConnectedFloatInputInt8FilterNamesTheFilter) {
  ModelSpec m;
  m.codes = {CodeSpec(9, 9)};  // FULLY_CONNECTED
  m.tensors = {TensorSpec("x", tfl::TensorType::FLOAT32, {1, 4}),
               TensorSpec("fc_weights", tfl::TensorType::INT8, {3, 4}, 1),
               TensorSpec("y", tfl::TensorType::FLOAT32, {1, 3})};
  m.buffers.push_back(std::vector<uint8_t>(12, 1));
  m.ops = {OpSpec(0, {0, 1, -1}, {2})};
  m.inputs = {0};
  m.outputs = {2};
  auto graph = Import(Serialize(m));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.status().message(),
            "built.tflite: operator 0 (FULLY_CONNECTED): filter 'fc_weights' is int8, expected float32");
}

// The same with a quantised int8 filter is a "hybrid" model: its weights are dequantised once and it runs in
// float32. Weights 2 * scale 0.5 = 1.0 each: every output is the sum of the inputs.
TEST(TfliteImporterBuilt, FullyConnectedHybridQuantisedFilterRunsInFloat) {
  ModelSpec m;
  m.codes = {CodeSpec(9, 9)};
  m.tensors = {TensorSpec("x", tfl::TensorType::FLOAT32, {1, 4}),
               TensorSpec("fc_weights", tfl::TensorType::INT8, {3, 4}, 1, {0.5f}, {0}),
               TensorSpec("y", tfl::TensorType::FLOAT32, {1, 3})};
  m.buffers.push_back(std::vector<uint8_t>(12, 2));
  m.ops = {OpSpec(0, {0, 1, -1}, {2})};
  m.inputs = {0};
  m.outputs = {2};
  auto graph = Import(Serialize(m));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const float x[4] = {1.0f, 2.0f, 3.0f, -0.5f};
  std::memcpy(rt.value()->input(0), x, sizeof x);
  rt.value()->Invoke();
  const float* y = reinterpret_cast<const float*>(rt.value()->output(0));
  EXPECT_EQ(y[0], 5.5f);
  EXPECT_EQ(y[1], 5.5f);
  EXPECT_EQ(y[2], 5.5f);
}

TEST(TfliteImporterBuilt, NoSubgraphIsAnError) {
  flatbuffers::FlatBufferBuilder fbb;
  std::vector<flatbuffers::Offset<tfl::Buffer>> buffers = {tfl::CreateBuffer(fbb)};
  auto model = tfl::CreateModel(fbb, 3, 0, 0, 0, fbb.CreateVector(buffers));
  tfl::FinishModelBuffer(fbb, model);
  auto graph = ImportTflite(fbb.GetBufferPointer(), fbb.GetSize(), kOrigin);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "built.tflite: the model has no subgraph");
}

// ---------------------------------------------------------------------------------------------------
// Files that are not TFLite at all.

TEST(TfliteImporterHostile, ZeroLengthFileIsEmpty) {
  const uint8_t dummy = 0;
  auto graph = ImportTflite(&dummy, 0, "zero.tflite");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "zero.tflite: the file is empty");
  EXPECT_TRUE(Contains(graph.status().message(), "empty"));
}

TEST(TfliteImporterHostile, ZeroLengthFileOnDiskIsEmpty) {
  const std::string path = testing::TempDir() + "/eb_importer_empty_" + std::to_string(::getpid()) + ".tflite";
  { std::ofstream f(path, std::ios::binary | std::ios::trunc); }
  auto graph = ImportTfliteFile(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), path + ": the file is empty");
}

TEST(TfliteImporterHostile, MissingFileCannotBeOpened) {
  auto graph = ImportTfliteFile("/nonexistent/dir/model.tflite");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "/nonexistent/dir/model.tflite: cannot open the file");
}

TEST(TfliteImporterHostile, OnnxLikeFileIsNotTflite) {
  // The first bytes of an ONNX protobuf: ir_version (field 1), producer_name "pytorch" (field 2), ...
  std::vector<uint8_t> onnx = {0x08, 0x07, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h', 0x1a, 0x03, '2', '.', '1'};
  onnx.resize(1024, 0x42);
  auto graph = ImportTflite(onnx.data(), onnx.size(), "model.onnx");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "model.onnx: not a TFLite file (file identifier is 'pyto', expected 'TFL3')");
}

TEST(TfliteImporterHostile, RandomKilobyteIsNotTflite) {
  std::mt19937 rng(20240601);
  std::vector<uint8_t> junk(1024);
  for (auto& b : junk) b = static_cast<uint8_t>(rng());
  ASSERT_NE(0, std::memcmp(junk.data() + 4, "TFL3", 4));
  auto graph = ImportTflite(junk.data(), junk.size(), "junk.bin");
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(Contains(graph.status().message(), "junk.bin: not a TFLite file (file identifier is '"));
  EXPECT_TRUE(Contains(graph.status().message(), "expected 'TFL3')"));
}

TEST(TfliteImporterHostile, RightIdentifierGarbageBodyFailsVerification) {
  std::mt19937 rng(7);
  std::vector<uint8_t> junk(1024);
  for (auto& b : junk) b = static_cast<uint8_t>(rng());
  std::memcpy(junk.data() + 4, "TFL3", 4);
  auto graph = ImportTflite(junk.data(), junk.size(), "junk.tflite");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(),
            "junk.tflite: the TFLite flatbuffer is corrupt or truncated (verification failed)");
}

TEST(TfliteImporterHostile, SevenBytesIsTooShort) {
  const std::vector<uint8_t> seven = {0x1c, 0, 0, 0, 'T', 'F', 'L'};
  auto graph = ImportTflite(seven.data(), seven.size(), "seven.tflite");
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().message(), "seven.tflite: 7 bytes is too short for a TFLite file");
}

// ---------------------------------------------------------------------------------------------------
// Truncated and bit-flipped copies of every shared model.

struct SharedModel {
  std::string path;
  std::vector<uint8_t> bytes;
  // [begin, end) byte ranges of constant buffer contents: flips there only change weights. The rest of the
  // file is the flatbuffer's structure (tables, vectors of indices, shapes, quantisation), where a flip hurts.
  std::vector<std::pair<size_t, size_t>> data_ranges;
  std::vector<size_t> structure;  // every byte offset outside data_ranges
};

std::vector<SharedModel> LoadSharedModels() {
  std::vector<SharedModel> out;
  for (const std::string& p : test::SharedTfliteModels()) {
    SharedModel m;
    m.path = p;
    m.bytes = test::ReadBytes(p);
    const tfl::Model* model = tfl::GetModel(m.bytes.data());
    if (model->buffers()) {
      for (const tfl::Buffer* b : *model->buffers()) {
        if (!b || !b->data() || b->data()->size() == 0) continue;
        const size_t begin = static_cast<size_t>(b->data()->data() - m.bytes.data());
        m.data_ranges.emplace_back(begin, begin + b->data()->size());
      }
    }
    std::sort(m.data_ranges.begin(), m.data_ranges.end());
    size_t r = 0;
    for (size_t i = 0; i < m.bytes.size(); ++i) {
      while (r < m.data_ranges.size() && m.data_ranges[r].second <= i) ++r;
      if (r < m.data_ranges.size() && m.data_ranges[r].first <= i) continue;
      m.structure.push_back(i);
    }
    out.push_back(std::move(m));
  }
  return out;
}

const std::vector<SharedModel>& SharedModels() {
  static const std::vector<SharedModel> models = LoadSharedModels();
  return models;
}

TEST(TfliteImporterHostile, EverySharedModelImportsIntact) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  ASSERT_EQ(SharedModels().size(), 11u);
  for (const SharedModel& m : SharedModels()) {
    auto graph = ImportTflite(m.bytes.data(), m.bytes.size(), m.path);
    EXPECT_TRUE(graph.ok()) << graph.status().message();
    EXPECT_FALSE(m.structure.empty()) << m.path;
  }
}

// Cut at 50 points (0, 7 and 48 evenly spaced ones below the full size): always an error, never a crash.
// The copy is exactly the cut size, so ASan sees any read past it.
TEST(TfliteImporterHostile, TruncatedSharedModelsAreErrors) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  for (const SharedModel& m : SharedModels()) {
    std::vector<size_t> cuts = {0, 7};
    for (size_t k = 1; k <= 48; ++k) cuts.push_back(m.bytes.size() * k / 49);
    ASSERT_EQ(cuts.size(), 50u);
    for (size_t cut : cuts) {
      ASSERT_LT(cut, m.bytes.size());
      std::unique_ptr<uint8_t[]> copy(new uint8_t[std::max<size_t>(cut, 1)]);
      std::memcpy(copy.get(), m.bytes.data(), cut);
      auto graph = ImportTflite(copy.get(), cut, "cut");
      ASSERT_FALSE(graph.ok()) << m.path << " cut at " << cut << " of " << m.bytes.size() << " imported";
      const std::string& msg = graph.status().message();
      if (cut == 0) {
        EXPECT_EQ(msg, "cut: the file is empty");
      } else if (cut == 7) {
        EXPECT_EQ(msg, "cut: 7 bytes is too short for a TFLite file");
      } else {
        EXPECT_EQ(msg, "cut: the TFLite flatbuffer is corrupt or truncated (verification failed)")
            << m.path << " cut at " << cut;
      }
    }
  }
}

// One hostile edit of a model: a few bytes, each XORed with a random byte or overwritten with a boundary
// value; or a 4-byte little-endian boundary integer written over an aligned word (counts, offsets, indices,
// shapes and zero points are 4-byte fields).
struct Mutation {
  std::string text;  // what was done, to reproduce a failure
};

Mutation Mutate(const SharedModel& m, std::mt19937& rng, std::vector<uint8_t>& bytes) {
  // Half of the edits land on the structure, half anywhere (mostly weights, which must also be harmless).
  auto pick = [&]() -> size_t {
    if (rng() % 2 == 0 && !m.structure.empty()) return m.structure[rng() % m.structure.size()];
    return rng() % bytes.size();
  };
  std::ostringstream text;
  const int kind = static_cast<int>(rng() % 3);
  if (kind == 2) {
    static const uint32_t kWords[] = {0u, 1u, 0xffffffffu, 0x7fffffffu, 0x80000000u, 0xffffu, 0x10000u, 255u, 3u};
    const size_t pos = pick() & ~size_t{3};
    const uint32_t w = kWords[rng() % std::size(kWords)];
    if (pos + 4 <= bytes.size()) std::memcpy(bytes.data() + pos, &w, 4);
    text << "word 0x" << std::hex << w << std::dec << " at " << pos;
    return {text.str()};
  }
  const int count = kind == 0 ? 1 : 2 + static_cast<int>(rng() % 7);
  for (int i = 0; i < count; ++i) {
    const size_t pos = pick();
    static const uint8_t kBytes[] = {0x00, 0xff, 0x80, 0x7f, 0x01};
    const bool boundary = rng() % 3 == 0;
    const uint8_t before = bytes[pos];
    if (boundary) {
      bytes[pos] = kBytes[rng() % std::size(kBytes)];
    } else {
      bytes[pos] ^= static_cast<uint8_t>(1 + rng() % 255);
    }
    text << (i ? ", " : "") << "byte " << pos << ": " << int{before} << "->" << int{bytes[pos]};
  }
  return {text.str()};
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// 500 seeded edits spread over every shared model (EB_HOSTILE_CASES and EB_HOSTILE_SEED run more or others).
// Each ends in an import error, a Runtime::Create error, or a runtime that (for models of modest size) runs
// once on zeroed inputs. Under EB_SANITIZE a crash or any ASan/UBSan report fails the run.
TEST(TfliteImporterHostile, BitFlippedSharedModelsNeverCrash) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  const int kCases = EnvInt("EB_HOSTILE_CASES", 500);
  const int kSeed = EnvInt("EB_HOSTILE_SEED", 9000);
  const bool verbose = EnvInt("EB_HOSTILE_VERBOSE", 0) != 0;
  constexpr int64_t kMaxInvokeMacs = 50'000'000;
  const auto& models = SharedModels();
  ASSERT_FALSE(models.empty());
  int import_errors = 0, create_errors = 0, invoked = 0, skipped = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < kCases; ++c) {
    const SharedModel& m = models[static_cast<size_t>(c) % models.size()];
    std::mt19937 rng(static_cast<uint32_t>(kSeed + c));
    std::vector<uint8_t> bytes = m.bytes;
    const Mutation mut = Mutate(m, rng, bytes);
    SCOPED_TRACE("case " + std::to_string(c) + " (seed " + std::to_string(kSeed + c) + "): " + m.path + ": " +
                 mut.text);
    // A sanitizer abort ends the process before SCOPED_TRACE can speak; EB_HOSTILE_VERBOSE names each case first.
    if (verbose) std::cerr << "[hostile] case " << c << " seed " << kSeed + c << " " << m.path << ": " << mut.text << "\n";
    auto graph = ImportTflite(bytes.data(), bytes.size(), "flipped");
    if (!graph.ok()) {
      EXPECT_FALSE(graph.status().message().empty());
      ++import_errors;
      continue;
    }
    const int64_t macs = ComputeStats(graph.value()).macs;
    auto rt = Runtime::Create(std::move(graph.value()));
    if (!rt.ok()) {
      EXPECT_FALSE(rt.status().message().empty());
      ++create_errors;
      continue;
    }
    if (macs < 0 || macs >= kMaxInvokeMacs) {
      ++skipped;
      continue;
    }
    Runtime& r = *rt.value();
    for (size_t i = 0; i < r.graph().inputs.size(); ++i) {
      std::memset(r.input(i), 0, static_cast<size_t>(r.input_tensor(i).num_bytes()));
    }
    r.Invoke();
    ++invoked;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[hostile] " << kCases << " edits over " << models.size() << " models: " << import_errors
            << " import errors, " << create_errors << " create errors, " << invoked << " invoked, " << skipped
            << " too large to invoke; " << secs << " s\n";
  EXPECT_EQ(import_errors + create_errors + invoked + skipped, kCases);
}

// A well-formed file whose int32 bias sits at INT32_MAX: the int8 accumulator plus the bias must not be
// signed overflow (undefined behaviour) in the kernel. Found by BitFlippedSharedModelsNeverCrash (case 362:
// micro_speech_quantized.tflite with 0x7fffffff written over a DEPTHWISE_CONV_2D bias); this is the minimal
// form, on FULLY_CONNECTED. Release builds pass either way; EB_SANITIZE builds (UBSan) fail while
// `acc += bias[o]` is plain int32 arithmetic.
TEST(TfliteImporterHostile, Int8BiasAtInt32MaxDoesNotOverflow) {
  ModelSpec m;
  m.codes = {CodeSpec(9, 9)};  // FULLY_CONNECTED
  m.tensors = {TensorSpec("x", tfl::TensorType::INT8, {1, 2}, 0, {1.0f}, {0}),
               TensorSpec("w", tfl::TensorType::INT8, {1, 2}, 1, {1.0f}, {0}),
               TensorSpec("bias", tfl::TensorType::INT32, {1}, 2, {1.0f}, {0}),
               TensorSpec("y", tfl::TensorType::INT8, {1, 1}, 0, {1.0f}, {0})};
  m.buffers.push_back({1, 1});
  m.buffers.push_back(Bytes<int32_t>({std::numeric_limits<int32_t>::max()}));
  m.ops = {OpSpec(0, {0, 1, 2}, {3})};
  m.inputs = {0};
  m.outputs = {3};
  auto graph = Import(Serialize(m));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const int8_t x[2] = {1, 1};  // acc = 1*1 + 1*1 = 2; 2 + INT32_MAX does not fit in int32
  std::memcpy(rt.value()->input(0), x, sizeof x);
  rt.value()->Invoke();
  SUCCEED() << "output " << int{static_cast<int8_t>(rt.value()->output(0)[0])};
}

// ---------------------------------------------------------------------------------------------------
// What `edgebench info` shows for a real model.

TEST(TfliteImporterShared, Vww96Int8Facts) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  auto graph = ImportTfliteFile(test::SharedPath("models/tflite/mlperf-tiny/vww_96_int8.tflite"));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  const Graph& g = graph.value();
  EXPECT_EQ(g.ops.size(), 31u);
  const GraphStats s = ComputeStats(g);
  const std::vector<std::pair<OpType, int>> want = {
      {OpType::kConv2D, 14},  {OpType::kDepthwiseConv2D, 13}, {OpType::kAveragePool2D, 1},
      {OpType::kReshape, 1},  {OpType::kFullyConnected, 1},   {OpType::kSoftmax, 1}};
  EXPECT_EQ(s.op_counts, want);
  EXPECT_EQ(s.parameters, 210850);
  EXPECT_EQ(s.weight_bytes, 219064);
  EXPECT_EQ(s.macs, 7489664);
  ASSERT_EQ(g.inputs.size(), 1u);
  const Tensor& in = g.tensor(g.inputs[0]);
  EXPECT_EQ(in.name, "input_1_int8");
  EXPECT_EQ(in.dtype, DType::kI8);
  EXPECT_EQ(in.shape, (std::vector<int32_t>{1, 96, 96, 3}));
  ASSERT_EQ(in.quant.scale.size(), 1u);
  EXPECT_FLOAT_EQ(in.quant.scale[0], 0.00392156886f);
  EXPECT_EQ(in.quant.zero_point, (std::vector<int64_t>{-128}));
  EXPECT_EQ(in.num_bytes(), 27648);
  ASSERT_EQ(g.outputs.size(), 1u);
  const Tensor& out = g.tensor(g.outputs[0]);
  EXPECT_EQ(out.dtype, DType::kI8);
  EXPECT_EQ(out.shape, (std::vector<int32_t>{1, 2}));
  EXPECT_FLOAT_EQ(out.quant.scale[0], 0.00390625f);
  EXPECT_EQ(out.quant.zero_point, (std::vector<int64_t>{-128}));
}

TEST(TfliteImporterShared, BuiltinNames) {
  EXPECT_EQ(TfliteBuiltinName(16), "LSTM");
  EXPECT_EQ(TfliteBuiltinName(3), "CONV_2D");
  EXPECT_EQ(TfliteBuiltinName(114), "QUANTIZE");
  EXPECT_EQ(TfliteBuiltinName(117), "HARD_SWISH");
  EXPECT_EQ(TfliteBuiltinName(126), "BATCH_MATMUL");
  EXPECT_EQ(TfliteBuiltinName(145), "BROADCAST_ARGS");
  EXPECT_EQ(TfliteBuiltinName(-1), "");
  EXPECT_EQ(TfliteBuiltinName(100000), "");
}

}  // namespace
}  // namespace eb
