// ONNX backend tests (Debian's libonnx-testdata, ONNX 1.12) for the operators the importer lists: the
// node tests (opsets 1-17), which the README's table summarises, and the PyTorch-converted module and
// operator tests (opset 6, weights as initializers; extra evidence for depthwise and 1-D convolution).
//
// Each case directory holds model.onnx and test_data_set_0/{input,output}_N.pb (TensorProto). A case
// belongs to op X when its graph is one node of type X, or when it is the "_expanded" form of such a case.
// Cases of other ops are not run. The backend tests feed weights, shapes, axes and bounds as graph inputs;
// exporters store them as initializers, and the importer needs them constant, so the harness moves the
// test data of those operands (kConstantOperands) into initializers. Outputs are compared as ONNX's
// backend tests do: |got - want| <= 1e-5 + 1e-3 * |want| for floats, exactly for integers and bools.
//
// One gtest per case (skipped when the data is not installed), plus OnnxConformance.Summary, which runs
// every case and prints the passed / failed / known-gap table by op that the README keeps. Set
// EB_ONNX_TESTDATA to another copy of the data folder (holding node/, pytorch-converted/, ...) and
// EB_ONNX_CONFORMANCE_MD=FILE to write the table.
#include <gtest/gtest.h>

#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "importers/onnx/onnx_importer.h"
#include "importers/onnx/onnx_tensor.h"
#include "runtime/runtime.h"

namespace eb {
namespace {

namespace fs = std::filesystem;

std::string DataDir() {
  const char* env = std::getenv("EB_ONNX_TESTDATA");
  return env && *env ? std::string(env) : std::string("/usr/share/libonnx-testdata/data");
}

// The case sets; cases are named "<set>/<directory>".
const char* const kSets[] = {"node", "pytorch-converted", "pytorch-operator"};

// The operators of the issue; their cases are run.
const std::set<std::string> kListedOps = {
    "Conv", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Clip", "Sigmoid", "Tanh", "HardSwish",
    "LeakyRelu", "BatchNormalization", "GlobalAveragePool", "AveragePool", "MaxPool", "Flatten", "Reshape",
    "Transpose", "Concat", "Softmax", "Pad", "Constant", "Identity", "Dropout", "Squeeze", "Unsqueeze",
    "ReduceMean", "Cast", "Slice", "ConvTranspose", "Sqrt", "Log", "Exp", "Reciprocal", "Pow", "Max", "Min",
    "ReduceSum", "ReduceMax"};

// Input slots that exported models hold as initializers (weights, shapes, axes, bounds, pads).
const std::map<std::string, std::set<int>> kConstantOperands = {
    {"Conv", {1, 2}}, {"ConvTranspose", {1, 2}}, {"Gemm", {1, 2}}, {"MatMul", {1}}, {"BatchNormalization", {1, 2, 3, 4}},
    {"Reshape", {1}}, {"Squeeze", {1}}, {"Unsqueeze", {1}}, {"Clip", {1, 2}}, {"Pad", {1, 2}},
    {"Dropout", {1, 2}}, {"Slice", {1, 2, 3, 4}}, {"ReduceSum", {1}}, {"ReduceMax", {1}}, {"ReduceMean", {1}}};

// Cases of listed ops that the importer refuses, with the reason. Each must end in a clean import or
// runtime error (never a wrong result); one that starts passing must leave this list.
const std::map<std::string, std::string>& KnownGaps() {
  static const char* const kIntegerArithmetic =
      "plain (non-quantised) integer arithmetic: ADD, SUB and MUL run in float32 or quantised int8, DIV in float32";
  static const char* const kMixedPow = "Pow with operands of two types (TFLite's POW takes one, in float32)";
  static const std::map<std::string, std::string> gaps = {
      {"test_max_float16", "float16 activations (float16 is read as weights and cast to float32 only)"},
      {"test_min_float16", "float16 activations (float16 is read as weights and cast to float32 only)"},
      {"test_max_float64", "float64 tensors"},
      {"test_min_float64", "float64 tensors"},
      {"test_max_uint16", "uint16, uint32 and uint64 tensors"},
      {"test_max_uint32", "uint16, uint32 and uint64 tensors"},
      {"test_max_uint64", "uint16, uint32 and uint64 tensors"},
      {"test_min_uint16", "uint16, uint32 and uint64 tensors"},
      {"test_min_uint32", "uint16, uint32 and uint64 tensors"},
      {"test_min_uint64", "uint16, uint32 and uint64 tensors"},
      {"test_pow_types_float32_uint32", "uint16, uint32 and uint64 tensors"},
      {"test_pow_types_float32_uint64", "uint16, uint32 and uint64 tensors"},
      {"test_pow_types_float", kMixedPow},
      {"test_pow_types_float32_int32", kMixedPow},
      {"test_pow_types_float32_int64", kMixedPow},
      {"test_pow_types_int", kMixedPow},
      {"test_pow_types_int32_float32", kMixedPow},
      {"test_pow_types_int64_float32", kMixedPow},
      {"test_pow_types_int32_int32", kIntegerArithmetic},
      {"test_pow_types_int64_int64", kIntegerArithmetic},
      {"test_add_uint8", kIntegerArithmetic},
      {"test_sub_uint8", kIntegerArithmetic},
      {"test_mul_uint8", kIntegerArithmetic},
      {"test_div_uint8", kIntegerArithmetic},
      {"test_averagepool_2d_pads", "count_include_pad = 0 with pads other than SAME: TFLite's pools exclude only SAME padding from the average"},
      {"test_averagepool_2d_same_lower", "SAME_LOWER with an odd total pad puts the extra pixel first; TFLite's SAME puts it last, and count_include_pad = 0 forbids an explicit PAD"},
      {"test_averagepool_3d_default", "3-D pooling (5-D input)"},
      {"test_maxpool_3d_default", "3-D pooling (5-D input)"},
      {"test_maxpool_2d_dilations", "dilated pooling (TFLite's pools have no dilation)"},
      {"test_maxpool_2d_uint8", "plain uint8 pooling: MAX_POOL_2D runs in float32 or quantised int8"},
      {"test_maxpool_with_argmax_2d_precomputed_pads", "MaxPool's Indices output"},
      {"test_maxpool_with_argmax_2d_precomputed_strides", "MaxPool's Indices output"},
      {"test_batchnorm_epsilon_training_mode", "training-mode BatchNormalization (batch statistics, running-mean outputs)"},
      {"test_batchnorm_example_training_mode", "training-mode BatchNormalization (batch statistics, running-mean outputs)"},
      {"test_cast_BFLOAT16_to_FLOAT", "bfloat16 tensors"},
      {"test_cast_FLOAT_to_BFLOAT16", "bfloat16 tensors"},
      {"test_cast_DOUBLE_to_FLOAT", "float64 tensors"},
      {"test_cast_DOUBLE_to_FLOAT16", "float64 tensors"},
      {"test_cast_FLOAT16_to_DOUBLE", "float64 tensors"},
      {"test_cast_FLOAT_to_DOUBLE", "float64 tensors"},
      {"test_cast_FLOAT_to_FLOAT16", "float32 -> float16 casts (float16 is read as weights and cast to float32 only)"},
      {"test_cast_FLOAT_to_STRING", "string tensors"},
      {"test_cast_STRING_to_FLOAT", "string tensors"},
      {"test_castlike_BFLOAT16_to_FLOAT_expanded", "bfloat16 tensors"},
      {"test_castlike_FLOAT_to_BFLOAT16_expanded", "bfloat16 tensors"},
      {"test_castlike_DOUBLE_to_FLOAT_expanded", "float64 tensors"},
      {"test_castlike_DOUBLE_to_FLOAT16_expanded", "float64 tensors"},
      {"test_castlike_FLOAT16_to_DOUBLE_expanded", "float64 tensors"},
      {"test_castlike_FLOAT_to_DOUBLE_expanded", "float64 tensors"},
      {"test_castlike_FLOAT_to_FLOAT16_expanded", "float32 -> float16 casts (float16 is read as weights and cast to float32 only)"},
      {"test_castlike_FLOAT_to_STRING_expanded", "string tensors"},
      {"test_castlike_STRING_to_FLOAT_expanded", "string tensors"},
      {"test_edge_pad", "Pad mode 'edge' (constant padding only)"},
      {"test_reflect_pad", "Pad mode 'reflect' (constant padding only)"},
      {"test_training_dropout", "training-mode Dropout is random"},
      {"test_training_dropout_default", "training-mode Dropout is random"},
      {"test_training_dropout_default_mask", "training-mode Dropout is random"},
      {"test_training_dropout_mask", "training-mode Dropout is random"},
      {"test_identity_opt", "optional-typed graph inputs"},
      {"test_identity_sequence", "sequence-typed graph inputs"},
      {"test_reshape_allowzero_reordered", "zero-sized tensors: a 0 in dimension 0 of a graph input is read as the dynamic batch"},
      {"test_hardswish_expanded", "the expanded form uses HardSigmoid, which is not in the list"},
      // pytorch-converted and pytorch-operator
      {"test_AvgPool3d", "3-D pooling (5-D input)"},
      {"test_AvgPool3d_stride", "3-D pooling (5-D input)"},
      {"test_AvgPool3d_stride1_pad0_gpu_input", "3-D pooling (5-D input)"},
      {"test_MaxPool3d", "3-D pooling (5-D input)"},
      {"test_MaxPool3d_stride", "3-D pooling (5-D input)"},
      {"test_MaxPool3d_stride_padding", "3-D pooling (5-D input)"},
      {"test_convtranspose_3d", "3-D transposed convolution (5-D input)"},
      {"test_Conv3d", "3-D convolution (5-D input)"},
      {"test_Conv3d_dilated", "3-D convolution (5-D input)"},
      {"test_Conv3d_dilated_strided", "3-D convolution (5-D input)"},
      {"test_Conv3d_groups", "3-D convolution (5-D input)"},
      {"test_Conv3d_no_bias", "3-D convolution (5-D input)"},
      {"test_Conv3d_stride", "3-D convolution (5-D input)"},
      {"test_Conv3d_stride_padding", "3-D convolution (5-D input)"},
      {"test_Conv1d_groups", "grouped convolution other than depthwise"},
      {"test_Conv2d_groups", "grouped convolution other than depthwise"},
      {"test_Conv2d_groups_thnn", "grouped convolution other than depthwise"},
      {"test_MaxPool1d_stride_padding_dilation", "dilated pooling (TFLite's pools have no dilation)"},
      {"test_MaxPool2d_stride_padding_dilation", "dilated pooling (TFLite's pools have no dilation)"},
      {"test_ReflectionPad2d", "Pad mode 'reflect' (constant padding only)"},
      {"test_ReplicationPad2d", "Pad mode 'edge' (constant padding only)"},
      {"test_operator_pad", "Pad mode 'reflect' (constant padding only)"},
      {"test_operator_add_broadcast", "float64 tensors"},
      {"test_operator_add_size1_broadcast", "float64 tensors"},
      {"test_operator_add_size1_right_broadcast", "float64 tensors"},
      {"test_operator_add_size1_singleton_broadcast", "float64 tensors"},
  };
  return gaps;
}

// Node-test directory-name prefixes that may hold cases of listed ops; the model decides (CaseOp).
const char* const kNamePrefixes[] = {
    "conv", "convtranspose", "basic_conv", "gemm", "matmul", "add", "sub", "mul", "div", "relu", "clip", "sigmoid", "tanh",
    "hardswish", "leakyrelu", "batchnorm", "globalaveragepool", "averagepool", "maxpool", "flatten",
    "reshape", "transpose", "concat", "softmax", "constant", "edge_pad", "reflect_pad", "identity", "dropout",
    "training_dropout", "squeeze", "unsqueeze", "reduce_mean", "cast", "castlike", "slice", "sqrt", "log", "exp",
    "reciprocal", "pow", "max", "min", "reduce_sum", "reduce_max"};

// The same for the PyTorch sets, named after modules and operators.
const char* const kPytorchPrefixes[] = {
    "AvgPool", "BatchNorm", "ConstantPad", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose", "LeakyReLU", "Linear", "MaxPool", "ReLU",
    "ReflectionPad", "ReplicationPad", "Sigmoid", "Softmax", "Tanh", "ZeroPad", "softmax_", "operator_add",
    "operator_clip", "operator_concat", "operator_conv", "operator_flatten", "operator_maxpool", "operator_pad",
    "operator_permute", "operator_reduced_mean", "operator_view", "operator_exp", "operator_max", "operator_min",
    "operator_pow", "operator_sqrt", "operator_reduced_sum"};

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Candidate cases "<set>/<directory>" (directory names only: cheap enough for every test process).
std::vector<std::string> CandidateCases() {
  std::vector<std::string> out;
  for (const std::string& name : ListDir(DataDir() + "/node")) {
    for (const char* p : kNamePrefixes) {
      const std::string stem = std::string("test_") + p;
      // CastLike itself is not listed; its expanded form is a Cast.
      const bool castlike_op = name.rfind("test_castlike_", 0) == 0 && name.find("_expanded") == std::string::npos;
      if ((name == stem || name.rfind(stem + "_", 0) == 0) && !castlike_op) {
        out.push_back("node/" + name);
        break;
      }
    }
  }
  for (const char* set : {"pytorch-converted", "pytorch-operator"}) {
    for (const std::string& name : ListDir(DataDir() + "/" + set)) {
      for (const char* p : kPytorchPrefixes) {
        if (name.rfind(std::string("test_") + p, 0) == 0) {
          out.push_back(std::string(set) + "/" + name);
          break;
        }
      }
    }
  }
  return out;
}

std::string BaseName(const std::string& c) { return c.substr(c.find('/') + 1); }

bool ReadProto(const std::string& path, google::protobuf::MessageLite* msg) {
  std::ifstream f(path, std::ios::binary);
  return f && msg->ParseFromIstream(&f);
}

// The listed op a case ("<set>/<directory>") belongs to, or "" (see the file comment).
std::string CaseOp(const std::string& name) {
  onnx::ModelProto m;
  if (!ReadProto(DataDir() + "/" + name + "/model.onnx", &m)) return "";
  if (m.graph().node_size() == 1) {
    const std::string& op = m.graph().node(0).op_type();
    return kListedOps.count(op) ? op : "";
  }
  const std::string suffix = "_expanded";
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return CaseOp(name.substr(0, name.size() - suffix.size()));
  }
  return "";
}

enum class Outcome { kPassed, kFailed, kUnsupported };

float HalfToFloat(uint16_t h) {
  const int exp = (h >> 10) & 0x1f;
  const int mant = h & 0x3ff;
  const float sign = (h & 0x8000) ? -1.0f : 1.0f;
  if (exp == 0) return sign * std::ldexp(static_cast<float>(mant), -24);
  if (exp == 31) return mant ? NAN : sign * INFINITY;
  return sign * std::ldexp(static_cast<float>(mant + 1024), exp - 25);
}

// Compares one output; returns "" when equal within tolerance, else what differs.
std::string CompareOutput(const Tensor& want, const Tensor& got_meta, const uint8_t* got) {
  if (want.dtype != got_meta.dtype) {
    return Format("type %s, expected %s", std::string(DTypeName(got_meta.dtype)).c_str(),
                  std::string(DTypeName(want.dtype)).c_str());
  }
  if (want.shape != got_meta.shape && !(want.num_elements() == 1 && got_meta.num_elements() == 1)) {
    return "shape " + ShapeString(got_meta.shape) + ", expected " + ShapeString(want.shape);
  }
  const int64_t n = want.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    if (want.dtype == DType::kF32 || want.dtype == DType::kF16) {
      float w, g;
      if (want.dtype == DType::kF32) {
        w = want.as<float>()[i];
        std::memcpy(&g, got + i * 4, 4);
      } else {
        uint16_t gh;
        std::memcpy(&gh, got + i * 2, 2);
        w = HalfToFloat(want.as<uint16_t>()[i]);
        g = HalfToFloat(gh);
      }
      const bool same = (std::isnan(w) && std::isnan(g)) || w == g ||
                        std::fabs(static_cast<double>(g) - w) <= 1e-5 + 1e-3 * std::fabs(static_cast<double>(w));
      if (!same) return Format("element %lld is %.9g, expected %.9g", static_cast<long long>(i), g, w);
    } else {
      const size_t e = DTypeSize(want.dtype);
      if (std::memcmp(got + i * e, want.data.data() + i * e, e) != 0) {
        return Format("element %lld differs (exact comparison)", static_cast<long long>(i));
      }
    }
  }
  return "";
}

Outcome RunCase(const std::string& name, std::string* detail) {
  const std::string dir = DataDir() + "/" + name;
  onnx::ModelProto model;
  if (!ReadProto(dir + "/model.onnx", &model)) {
    *detail = "cannot read model.onnx";
    return Outcome::kFailed;
  }
  onnx::GraphProto* g = model.mutable_graph();
  // input_N.pb follows the graph's inputs in order; move the constant operands' data into initializers.
  std::set<std::string> frozen;
  for (const auto& node : g->node()) {
    auto it = kConstantOperands.find(node.op_type());
    if (it == kConstantOperands.end()) continue;
    for (int slot : it->second) {
      if (slot < node.input_size() && !node.input(slot).empty()) frozen.insert(node.input(slot));
    }
  }
  std::set<std::string> initializers;  // older exporters also list these as graph inputs; no .pb for them
  for (const auto& init : g->initializer()) initializers.insert(init.name());
  std::vector<onnx::TensorProto> fed;  // data of the inputs that stay graph inputs
  google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> kept;
  for (int i = 0, pb = 0; i < g->input_size(); ++i) {
    if (initializers.count(g->input(i).name())) {
      *kept.Add() = g->input(i);
      continue;
    }
    onnx::TensorProto t;
    if (!ReadProto(Format("%s/test_data_set_0/input_%d.pb", dir.c_str(), pb++), &t)) {
      *detail = Format("cannot read input_%d.pb", pb - 1);
      return Outcome::kFailed;
    }
    if (frozen.count(g->input(i).name())) {
      t.set_name(g->input(i).name());
      *g->add_initializer() = t;
    } else {
      *kept.Add() = g->input(i);
      fed.push_back(t);
    }
  }
  g->mutable_input()->Swap(&kept);
  std::string bytes;
  model.SerializeToString(&bytes);
  auto graph = ImportOnnx(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), name);
  if (!graph.ok()) {
    *detail = graph.status().message();
    return Outcome::kUnsupported;
  }
  auto rt = Runtime::Create(std::move(graph.value()));
  if (!rt.ok()) {
    *detail = rt.status().message();
    return Outcome::kUnsupported;
  }
  Runtime& r = *rt.value();
  if (r.graph().inputs.size() != fed.size()) {
    *detail = Format("the model has %zu inputs, the test data %zu", r.graph().inputs.size(), fed.size());
    return Outcome::kFailed;
  }
  for (size_t i = 0; i < fed.size(); ++i) {
    auto t = TensorFromOnnx(fed[i], "input " + std::to_string(i));
    if (!t.ok()) {
      *detail = t.status().message();
      return Outcome::kUnsupported;
    }
    const Tensor& want = r.input_tensor(i);
    if (t->dtype != want.dtype || t->num_bytes() != want.num_bytes()) {
      *detail = Format("input %zu: test data is %s %s, the model takes %s %s", i,
                       std::string(DTypeName(t->dtype)).c_str(), ShapeString(t->shape).c_str(),
                       std::string(DTypeName(want.dtype)).c_str(), ShapeString(want.shape).c_str());
      return Outcome::kFailed;
    }
    if (!t->data.empty()) std::memcpy(r.input(i), t->data.data(), t->data.size());
  }
  r.Invoke();
  for (size_t j = 0; j < r.graph().outputs.size(); ++j) {
    onnx::TensorProto p;
    if (!ReadProto(Format("%s/test_data_set_0/output_%zu.pb", dir.c_str(), j), &p)) {
      *detail = Format("cannot read output_%zu.pb", j);
      return Outcome::kFailed;
    }
    auto want = TensorFromOnnx(p, "output " + std::to_string(j));
    if (!want.ok()) {
      *detail = want.status().message();
      return Outcome::kFailed;
    }
    const std::string diff = CompareOutput(want.value(), r.output_tensor(j), r.output(j));
    if (!diff.empty()) {
      *detail = Format("output %zu '%s': ", j, r.output_tensor(j).name.c_str()) + diff;
      return Outcome::kFailed;
    }
  }
  return Outcome::kPassed;
}

// Checks a case's outcome against the known-gap list; returns "" when as expected.
std::string Judge(const std::string& name, Outcome o, const std::string& detail) {
  const bool gap = KnownGaps().count(BaseName(name)) > 0;
  if (o == Outcome::kPassed) return gap ? "passes, but is listed as a known gap: remove it from KnownGaps()" : "";
  if (o == Outcome::kUnsupported && gap) return "";
  return (o == Outcome::kFailed ? "wrong result: " : "refused: ") + detail;
}

class OnnxConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(OnnxConformance, MatchesReferenceOutputs) {
  const std::string name = GetParam();
  const std::string op = CaseOp(name);
  if (op.empty()) GTEST_SKIP() << name << " is not a case of a listed op";
  std::string detail;
  const Outcome o = RunCase(name, &detail);
  const std::string problem = Judge(name, o, detail);
  EXPECT_TRUE(problem.empty()) << name << " (" << op << "): " << problem;
  if (o == Outcome::kUnsupported) std::cout << "known gap: " << detail << "\n";
}

// "node/test_conv_with_strides_padding" -> "node_conv_with_strides_padding".
std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string set = info.param.substr(0, info.param.find('/'));
  std::replace(set.begin(), set.end(), '-', '_');
  return set + "_" + BaseName(info.param).substr(5);
}

INSTANTIATE_TEST_SUITE_P(Backend, OnnxConformance, ::testing::ValuesIn(CandidateCases()), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OnnxConformance);

TEST(OnnxConformanceSummary, ByOp) {
  std::error_code ec;
  if (!fs::is_directory(DataDir() + "/node", ec)) GTEST_SKIP() << DataDir() << "/node is missing (Debian: libonnx-testdata)";
  struct Row { int cases = 0, passed = 0, failed = 0, gaps = 0; };
  std::map<std::string, Row> rows;  // node tests, by op
  Row pytorch;                      // the PyTorch sets, together
  std::vector<std::string> all;
  for (const char* set : kSets) {
    for (const std::string& name : ListDir(DataDir() + "/" + set)) all.push_back(std::string(set) + "/" + name);
  }
  std::vector<std::string> candidates = CandidateCases();
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::string> problems;
  std::map<std::string, std::vector<std::string>> gap_cases;  // reason -> node cases
  std::set<std::string> cases_seen;
  for (const std::string& name : all) {
    const std::string op = CaseOp(name);
    if (op.empty()) continue;
    // Every case of a listed op must also have its own gtest.
    EXPECT_TRUE(std::binary_search(candidates.begin(), candidates.end(), name)) << name << " is missing from kNamePrefixes or kPytorchPrefixes";
    std::string detail;
    const Outcome o = RunCase(name, &detail);
    const bool node = name.rfind("node/", 0) == 0;
    Row& row = node ? rows[op] : pytorch;
    ++row.cases;
    cases_seen.insert(BaseName(name));
    const std::string problem = Judge(name, o, detail);
    if (!problem.empty()) {
      ++row.failed;
      problems.push_back(name + ": " + problem);
    } else if (o == Outcome::kPassed) {
      ++row.passed;
    } else {
      ++row.gaps;
      if (node) gap_cases[KnownGaps().at(BaseName(name))].push_back(BaseName(name));
    }
  }
  for (const auto& [name, reason] : KnownGaps()) {
    EXPECT_TRUE(cases_seen.count(name)) << name << " is listed as a known gap but is not a case of a listed op";
  }
  std::ostringstream md;
  md << "| op | cases | passed | failed | known gaps |\n|---|---:|---:|---:|---:|\n";
  Row total;
  for (const std::string& op : kListedOps) {
    const Row r = rows.count(op) ? rows[op] : Row{};
    md << "| " << op << " | " << r.cases << " | " << r.passed << " | " << r.failed << " | " << r.gaps << " |\n";
    total.cases += r.cases, total.passed += r.passed, total.failed += r.failed, total.gaps += r.gaps;
  }
  md << "| **all** | **" << total.cases << "** | **" << total.passed << "** | **" << total.failed << "** | **"
     << total.gaps << "** |\n\nKnown gaps:\n\n";
  for (const auto& [reason, cases] : gap_cases) {
    md << "- " << reason << ": ";
    for (size_t i = 0; i < cases.size(); ++i) md << (i ? ", " : "") << "`" << cases[i].substr(5) << "`";
    md << "\n";
  }
  md << "\nPyTorch-converted and -operator tests of the same ops: " << pytorch.cases << " cases, " << pytorch.passed
     << " passed, " << pytorch.failed << " failed, " << pytorch.gaps << " known gaps.\n";
  std::cout << "ONNX backend node tests (" << DataDir() << "/node):\n" << md.str();
  if (const char* out = std::getenv("EB_ONNX_CONFORMANCE_MD"); out && *out) std::ofstream(out) << md.str();
  for (const std::string& p : problems) ADD_FAILURE() << p;
  EXPECT_EQ(total.failed + pytorch.failed, 0);
}

}  // namespace
}  // namespace eb
