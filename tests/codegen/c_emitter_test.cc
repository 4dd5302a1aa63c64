// The C emitter: generated code compiles with the host C compiler as strict C99 and gives the host
// engine's outputs bit for bit, for every shared model and for a graph of the ops the shared models lack.
#include "codegen/c_emitter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "codegen/c_project.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "core/subprocess.h"
#include "importers/load_model.h"
#include "passes/pass_test_util.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// A host program around the generated model: input file in, output file out, through <name>_run.
constexpr const char* kHostHarness = R"(#include <stdio.h>
#include <stdlib.h>
#include "model.h"
int main(int argc, char **argv) {
  long in_n = 0, out_n = 0;
  if (argc != 3) return 1;
  for (int i = 0; i < EB_MODEL_NUM_INPUTS; ++i) in_n += EB_MODEL_INPUT_BYTES(i);
  for (int i = 0; i < EB_MODEL_NUM_OUTPUTS; ++i) out_n += EB_MODEL_OUTPUT_BYTES(i);
  unsigned char *in = malloc((size_t)in_n + 1), *out = malloc((size_t)out_n + 1);
  FILE *f = fopen(argv[1], "rb");
  if (!f || fread(in, 1, (size_t)in_n, f) != (size_t)in_n) return 2;
  fclose(f);
  if (EB_MODEL_RUN(in, out) != 0) return 3;
  FILE *g = fopen(argv[2], "wb");
  if (!g || fwrite(out, 1, (size_t)out_n, g) != (size_t)out_n) return 4;
  fclose(g);
  return 0;
}
)";

std::vector<uint8_t> HostOutputs(Runtime& rt, const std::vector<uint8_t>& input) {
  size_t off = 0;
  for (size_t i = 0; i < rt.graph().inputs.size(); ++i) {
    const size_t n = static_cast<size_t>(rt.input_tensor(i).num_bytes());
    std::memcpy(rt.input(i), input.data() + off, n);
    off += n;
  }
  rt.Invoke();
  std::vector<uint8_t> out;
  for (size_t i = 0; i < rt.graph().outputs.size(); ++i) {
    out.insert(out.end(), rt.output(i), rt.output(i) + rt.output_tensor(i).num_bytes());
  }
  return out;
}

const std::vector<std::string> kStrictC99 = {"-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror", "-O1"};

// The kernels every generated folder carries are the same files: compiled once per test process.
const std::string& KernelObjects() {
  static test::TempDir dir;
  static const std::string lib = [] {
    EXPECT_TRUE(WriteEmbeddedFiles("src/kernels/", dir.path()).ok());
    std::vector<std::string> argv = {"cc", "-c"};
    argv.insert(argv.end(), kStrictC99.begin(), kStrictC99.end());
    for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
      if (e.path().extension() == ".c") argv.push_back(e.path().filename().string());
    }
    auto cc = RunProcess(argv, dir.path());
    EXPECT_TRUE(cc.ok() && cc->exit_code == 0) << (cc.ok() ? cc->output : cc.status().message());
    auto ar = RunProcess({"sh", "-c", "ar rcs libkernels.a *.o"}, dir.path());
    EXPECT_TRUE(ar.ok() && ar->exit_code == 0);
    return dir.file("libkernels.a");
  }();
  return lib;
}

// Generates C for `rt`, compiles it for the host (-std=c99 -pedantic -Werror) and returns its outputs.
std::vector<uint8_t> CompileAndRun(const Runtime& rt, const std::vector<uint8_t>& input, const std::string& name) {
  test::TempDir dir;
  CodegenOptions o;
  o.name = name;
  auto m = EmitC(rt, o);
  EXPECT_TRUE(m.ok()) << m.status().message();
  if (!m.ok()) return {};
  EXPECT_TRUE(WriteCProject(*m, dir.path()).ok());
  EXPECT_TRUE(WriteTextFile(dir.file("main.c"), kHostHarness).ok());
  std::vector<std::string> argv = {"cc"};
  argv.insert(argv.end(), kStrictC99.begin(), kStrictC99.end());
  argv.insert(argv.end(), {"-I.", "-Ikernels", "model.c", "main.c", KernelObjects(), "-lm", "-o", "model"});
  auto cc = RunProcess(argv, dir.path());
  EXPECT_TRUE(cc.ok() && cc->exit_code == 0) << (cc.ok() ? cc->output : cc.status().message());
  if (!cc.ok() || cc->exit_code != 0) return {};
  const std::string in_path = dir.Write("in.bin", input);
  auto run = RunProcess({dir.file("model"), in_path, dir.file("out.bin")});
  EXPECT_TRUE(run.ok() && run->exit_code == 0) << (run.ok() ? run->output : run.status().message());
  return test::ReadBytes(dir.file("out.bin"));
}

bool HaveHostCc() { return ProgramExists("cc"); }

TEST(CEmitter, CIdentifierFromPath) {
  EXPECT_EQ(CIdentifierFromPath("a/b/vww_96_int8.tflite"), "vww_96_int8");
  EXPECT_EQ(CIdentifierFromPath("3d-net.v2.tflite"), "m_3d_net_v2");
  EXPECT_EQ(CIdentifierFromPath(""), "m_");
}

// Generated C runs what a runtime prepared for an MCU target; one prepared for the host (whose x86 kernels C
// cannot call) is refused by name.
TEST(CEmitter, RefusesAHostRuntime) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  const std::string path = test::SharedPath("models/tflite/mlperf-tiny/vww_96_int8.tflite");
  auto rt = Runtime::Create(*LoadModel(path), {KernelTarget::Host(Isa::kRef).value()});
  ASSERT_TRUE(rt.ok());
  auto m = EmitC(**rt, CodegenOptions{});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), path + ": the runtime was prepared for the host (host (ref)); generated C needs one "
                                         "prepared for cortex-m4 or c");
}

TEST(CEmitter, GeneratedSourceHasTheArenaAndNoInterpreter) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto rt = Runtime::Create(*LoadModel(test::SharedPath("models/tflite/mlperf-tiny/vww_96_int8.tflite")), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok());
  CodegenOptions o;
  o.name = "vww";
  auto m = EmitC(**rt, o);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->arena_bytes, 64512);
  EXPECT_NE(m->source.find("static uint8_t arena[64512] EB_ALIGNED(16);"), std::string::npos);
  EXPECT_NE(m->source.find("int vww_run(const void *in, void *out) {"), std::string::npos);
  EXPECT_NE(m->header.find("#define VWW_ARENA_BYTES 64512"), std::string::npos);
  for (const char* banned : {"malloc", "printf", "free("}) EXPECT_EQ(m->source.find(banned), std::string::npos) << banned;
  // In order of first use: the 3x3 stride-2 first layer (16-bit filter, gathered patches), the first depthwise
  // layer over per-channel rows, the pointwise layers' 16-bit kernel, the stride-2 and the small depthwise layers
  // (NHWC, then 16-bit planes), and the 2-row classifier's int8 DSP kernel.
  EXPECT_EQ(m->kernels, (std::vector<std::string>{"eb_conv2d_s8_g16", "eb_depthwise_conv2d_s8_rows",
                                                  "eb_conv2d_s8_pw16", "eb_depthwise_conv2d_s8_dsp",
                                                  "eb_depthwise_conv2d_s8_plane", "eb_average_pool2d_s8",
                                                  "eb_fully_connected_s8_dsp", "eb_softmax_s8"}));
  // Kernel scratch is part of the one arena, at the planner's offsets: the first layer's (op 0) included.
  const int64_t scratch0 = (*rt)->plan().scratch_offset[0];
  ASSERT_GE(scratch0, 0);
  EXPECT_NE(m->source.find(Format("(void *)(arena + %lld)", static_cast<long long>(scratch0))), std::string::npos);
  // Weights, biases, multipliers and params: more than the model's 219,064 weight bytes.
  EXPECT_GT(m->constant_bytes, 219064);
  EXPECT_EQ(m->input_bytes, 96 * 96 * 3);
  EXPECT_EQ(m->output_bytes, 2);
}

TEST(CEmitter, RefusesAStepWithoutDescriptionNamingTheOp) {
  test::GraphBuilder b("net.tflite");
  const int x = b.Input("x", {1, 4});
  const int y = b.Act("y", {1, 4});
  b.Add(OpType::kRelu, {x}, {y});
  b.Output(y);
  auto rt = Runtime::Create(b.graph(), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok());
  std::vector<KernelCall> calls = (*rt)->calls();
  calls[0].kernel.clear();  // as an op that emitted a bare host lambda
  auto m = EmitC((*rt)->graph(), (*rt)->plan(), calls, CodegenOptions{});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "net.tflite: operator 0 (RELU) runs only on the host (its prepare emits no C kernel "
                                  "call), so it cannot be generated as C yet");
}

TEST(CEmitter, RefusesANameThatIsNotAnIdentifier) {
  test::GraphBuilder b;
  const int x = b.Input("x", {1, 4});
  const int y = b.Act("y", {1, 4});
  b.Add(OpType::kRelu, {x}, {y});
  b.Output(y);
  auto rt = Runtime::Create(b.graph(), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok());
  CodegenOptions o;
  o.name = "9lives";
  auto m = EmitC(**rt, o);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "codegen: the name '9lives' is not a C identifier");
}

// Every shared model, its golden input 0: the compiled C equals the host engine bit for bit. The models
// with a megabyte of float weights (seconds of compiling) run when EB_FULL_TESTS=1 (scripts/test.sh's
// Release run).
TEST(CEmitter, SharedModelsCompiledAsC99MatchTheHostEngine) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  if (!HaveHostCc()) GTEST_SKIP() << "no host C compiler (cc)";
  const char* full = std::getenv("EB_FULL_TESTS");
  for (const std::string& path : test::SharedTfliteModels()) {
    if (!(full && *full == '1') && std::filesystem::file_size(path) > 400 * 1024) continue;
    const std::string stem = std::filesystem::path(path).stem().string();
    const std::string golden = test::SharedPath("golden/" + stem + "/input_0.bin");
    auto rt = Runtime::Create(*LoadModel(path), {KernelTarget::CortexM4()});
    ASSERT_TRUE(rt.ok()) << rt.status().message();
    int64_t in_bytes = 0;
    for (size_t i = 0; i < (*rt)->graph().inputs.size(); ++i) in_bytes += (*rt)->input_tensor(i).num_bytes();
    std::vector<uint8_t> input = std::filesystem::exists(golden) ? test::ReadBytes(golden) : std::vector<uint8_t>();
    if (static_cast<int64_t>(input.size()) != in_bytes) {  // no golden input: a fixed pattern of small floats/ints
      input.assign(static_cast<size_t>(in_bytes), 0);
      for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>((i * 37) % 61);
    }
    const std::vector<uint8_t> want = HostOutputs(**rt, input);
    SCOPED_TRACE(stem);
    EXPECT_EQ(CompileAndRun(**rt, input, CIdentifierFromPath(path)), want);
  }
}

// Ops the shared models do not use, in one float32 graph: CONCATENATION (a pointer field and a list of
// tensors), RESHAPE of a constant (a copy), PAD, TRANSPOSE, MEAN, broadcasting ADD, LOGISTIC, TANH,
// HARD_SWISH, MAX_POOL_2D, RELU6 and SOFTMAX.
TEST(CEmitter, OpsBeyondTheSharedModelsCompileAndMatch) {
  if (!HaveHostCc()) GTEST_SKIP() << "no host C compiler (cc)";
  test::GraphBuilder b;
  const int x = b.Input("x", {1, 4, 4, 3});
  const int pads = b.ConstI32("pads", {4, 2}, {0, 0, 1, 1, 1, 1, 0, 0});
  const int padded = b.Act("padded", {1, 6, 6, 3});
  b.Add(OpType::kPad, {x, pads}, {padded});
  const int pooled = b.Act("pooled", {1, 3, 3, 3});
  b.Add(OpType::kMaxPool2D, {padded}, {pooled}, test::Attrs([](OpAttrs& a) {
          a.filter_h = a.filter_w = 2;
          a.stride_h = a.stride_w = 2;
        }));
  const int flat_c = b.Const("flat_c", {9}, test::RandomFloats(9, 3));
  const int shape = b.ConstI32("shape", {4}, {1, 3, 3, 1});
  const int c = b.Act("c", {1, 3, 3, 1});
  b.Add(OpType::kReshape, {flat_c, shape}, {c});
  const int cat = b.Act("cat", {1, 3, 3, 4});
  b.Add(OpType::kConcatenation, {pooled, c}, {cat}, test::Attrs([](OpAttrs& a) { a.axis = 3; }));
  const int perm = b.ConstI32("perm", {4}, {0, 3, 1, 2});
  const int tr = b.Act("tr", {1, 4, 3, 3});
  b.Add(OpType::kTranspose, {cat, perm}, {tr});
  const int bias = b.Const("bias", {3}, {0.5f, -0.25f, 2.0f});
  const int added = b.Act("added", {1, 4, 3, 3});
  b.Add(OpType::kAdd, {tr, bias}, {added}, test::WithActivation(Activation::kRelu6));
  const int lo = b.Act("lo", {1, 4, 3, 3}), th = b.Act("th", {1, 4, 3, 3}), hs = b.Act("hs", {1, 4, 3, 3});
  b.Add(OpType::kLogistic, {added}, {lo});
  b.Add(OpType::kTanh, {lo}, {th});
  b.Add(OpType::kHardSwish, {th}, {hs});
  const int axes = b.ConstI32("axes", {1}, {2});
  const int mean = b.Act("mean", {1, 4, 3});
  b.Add(OpType::kMean, {hs, axes}, {mean});
  const int sm = b.Act("sm", {1, 4, 3});
  b.Add(OpType::kSoftmax, {mean}, {sm});
  b.Output(sm);
  b.Output(cat);
  auto rt = Runtime::Create(b.graph(), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const std::vector<float> xf = test::RandomFloats(48, 11, -3.0f, 3.0f);
  std::vector<uint8_t> input(xf.size() * 4);
  std::memcpy(input.data(), xf.data(), input.size());
  const std::vector<uint8_t> want = HostOutputs(**rt, input);
  EXPECT_EQ(CompileAndRun(**rt, input, "kitchen_sink"), want);
}

}  // namespace
}  // namespace eb
