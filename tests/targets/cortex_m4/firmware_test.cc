// The Cortex-M4 target end to end: generated C built with arm-none-eabi-gcc, run in the unicorn emulator
// (and once under qemu-system-arm): outputs bit-identical to the host engine and to TFLite Micro's golden
// outputs, exact and repeatable instruction counts, memory within the STM32F4 budget.
//
// Without arm-none-eabi-gcc the tests skip. EB_FULL_TESTS=1 (scripts/test.sh's Release run) runs every
// int8 model; otherwise the two smallest run (the sanitizer build).
#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <sstream>
#include <tuple>

#include "core/file_util.h"
#include "core/subprocess.h"
#include "importers/load_model.h"
#include "passes/pass_test_util.h"
#include "passes/quantize_int8.h"
#include "runtime/mcu_select.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"
#include "targets/cortex_m4/firmware_run.h"
#include "targets/cortex_m4/qemu.h"

namespace eb {
namespace {

bool Full() {
  const char* v = std::getenv("EB_FULL_TESTS");
  return v && std::string(v) == "1";
}

bool HaveArmGcc() { return ProgramExists("arm-none-eabi-gcc"); }

std::string ModelPath(const std::string& stem) {
  for (const std::string& p : test::SharedTfliteModels()) {
    if (std::filesystem::path(p).stem() == stem) return p;
  }
  return {};
}

struct Built {
  std::unique_ptr<Runtime> rt;
  FirmwareRun run;
  std::vector<uint8_t> input;
};

Built BuildAndRun(const std::string& stem, const std::string& work_dir, FirmwareRunOptions o = {},
                  McuOptimize goal = McuOptimize::kSpeed) {
  Built b;
  // The target's kernels match the build: without the DSP instructions, the portable variants.
  auto rt = Runtime::Create(*LoadModel(ModelPath(stem)),
                            {KernelTarget::CortexM4({.dsp = o.config.dsp, .optimize = goal, .flash_bytes = o.config.flash_bytes})});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  b.rt = std::move(*rt);
  b.input = test::ReadBytes(test::SharedPath("golden/" + stem + "/input_0.bin"));
  o.work_dir = work_dir;
  auto run = RunOnCortexM4(*b.rt, b.input, o);
  EXPECT_TRUE(run.ok()) << run.status().message();
  if (run.ok()) b.run = std::move(*run);
  return b;
}

class CortexM4Firmware : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
    if (!HaveArmGcc()) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  }
};

TEST_F(CortexM4Firmware, Int8ModelsMatchHostAndTflmBitForBitWithRepeatableCounts) {
  std::vector<std::string> models = {"hello_world_int8", "kws_ref_model"};
  if (Full()) {
    models.insert(models.end(), {"ad01_int8", "micro_speech_quantized", "pretrainedResnet_quant", "vww_96_int8"});
  }
  for (const std::string& stem : models) {
    SCOPED_TRACE(stem);
    test::TempDir dir;
    Built b = BuildAndRun(stem, dir.path());
    const FirmwareRun& r = b.run;
    const std::vector<uint8_t> golden = test::ReadBytes(test::SharedPath("golden/" + stem + "/output_0.bin"));
    EXPECT_EQ(r.outputs(), r.host_outputs);
    EXPECT_EQ(r.outputs(), golden);
    EXPECT_GT(r.emulation.instructions, 1000u);
    EXPECT_GE(r.emulation.cycles, r.emulation.instructions);
    EXPECT_LT(r.emulation.instructions, r.emulation.program_instructions);
    // The stack is painted and measured: some of it was used, within the 8 KB reserved.
    EXPECT_GT(r.emulation.harness.stack_bytes, 0);
    EXPECT_LT(r.emulation.harness.stack_bytes, 8192);
    // RAM counts the arena and the stack; flash holds at least the constants.
    EXPECT_GE(r.image.ram_bytes(), static_cast<uint64_t>(r.model.arena_bytes + 8192));
    EXPECT_GE(r.image.flash_bytes(), static_cast<uint64_t>(r.model.constant_bytes));
    EXPECT_LE(r.image.flash_bytes(), 1024u * 1024u);
    EXPECT_LE(r.image.ram_bytes(), 192u * 1024u);
    ASSERT_FALSE(r.emulation.functions.empty());
    EXPECT_TRUE(r.emulation.functions[0].name.starts_with("eb_")) << r.emulation.functions[0].name;
    // The same ELF again: identical counts.
    auto elf = ParseElf32(*ReadFileBytes(r.image.elf_path), r.image.elf_path);
    ASSERT_TRUE(elf.ok());
    auto again = EmulateCortexM4(*elf, b.input, EmulatorOptions{});
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(again->instructions, r.emulation.instructions);
    EXPECT_EQ(again->cycles, r.emulation.cycles);
    EXPECT_EQ(again->harness.outputs, r.outputs());
  }
}

// --optimize size: int8 filters in every layer, the golden outputs, less flash and more cycles than speed. The
// flash estimate made at prepare (what the budget is checked against) is within 2 KB of the built image.
TEST_F(CortexM4Firmware, SizeKeepsInt8FiltersWithTheGoldenOutputsInLessFlash) {
  std::vector<std::string> models = {"kws_ref_model"};
  if (Full()) models.insert(models.end(), {"ad01_int8", "pretrainedResnet_quant", "vww_96_int8"});
  for (const std::string& stem : models) {
    SCOPED_TRACE(stem);
    test::TempDir a, b;
    Built speed = BuildAndRun(stem, a.path(), {}, McuOptimize::kSpeed);
    Built size = BuildAndRun(stem, b.path(), {}, McuOptimize::kSize);
    ASSERT_TRUE(speed.rt && size.rt);
    const std::vector<uint8_t> golden = test::ReadBytes(test::SharedPath("golden/" + stem + "/output_0.bin"));
    EXPECT_EQ(speed.run.outputs(), golden);
    EXPECT_EQ(size.run.outputs(), golden);
    for (size_t op = 0; op < size.rt->mcu_candidates().size(); ++op) {
      const McuCandidate* c = TakenCandidate(size.rt->mcu_candidates()[op], size.rt->mcu_choice()[op]);
      if (c) EXPECT_TRUE(c->int8_filter) << "op " << op << " " << c->name;
    }
    EXPECT_LT(size.run.image.flash_bytes(), speed.run.image.flash_bytes());
    EXPECT_GT(size.run.emulation.cycles, speed.run.emulation.cycles);
    for (const Built* x : {&speed, &size}) {
      const auto estimate = static_cast<uint64_t>(x->rt->mcu_flash().total());
      EXPECT_GE(estimate + 2048, x->run.image.flash_bytes());
      EXPECT_LE(estimate, x->run.image.flash_bytes() + 2048);
    }
  }
}

// The block-based count equals a count taken one instruction at a time (plus condition-failed ones).
TEST_F(CortexM4Firmware, BlockCountEqualsPerInstructionCount) {
  std::vector<std::string> models = {"hello_world_int8"};
  if (Full()) models.push_back("micro_speech_quantized");
  for (const std::string& stem : models) {
    SCOPED_TRACE(stem);
    test::TempDir dir;
    Built b = BuildAndRun(stem, dir.path());
    auto elf = ParseElf32(*ReadFileBytes(b.run.image.elf_path), b.run.image.elf_path);
    ASSERT_TRUE(elf.ok());
    EmulatorOptions o;
    o.count_every_instruction = true;
    auto e = EmulateCortexM4(*elf, b.input, o);
    ASSERT_TRUE(e.ok()) << e.status().message();
    // The instruction hook does not fire for IT-block instructions whose condition failed; they still issue.
    EXPECT_EQ(e->instructions_unexplained, 0u);
    EXPECT_GT(e->instructions_condition_failed, 0u);
    EXPECT_EQ(e->instructions_counted_one_by_one + e->instructions_condition_failed, e->instructions);
    EXPECT_EQ(e->instructions, b.run.emulation.instructions);
  }
}

// The reference kernels (-DEB_NO_DSP) give the same outputs as the DSP kernels, in more cycles.
// micro_speech: depthwise with depth multiplier 8 and fully connected; kws (full run): the 16-bit-filter conv
// loop, and depthwise.
TEST_F(CortexM4Firmware, ReferenceAndDspKernelsAgree) {
  std::vector<std::pair<std::string, std::string>> cases = {{"micro_speech_quantized", "eb_depthwise_conv2d_s8_dsp"}};
  if (Full()) cases.emplace_back("kws_ref_model", "eb_pw16_pairs");
  for (const auto& [stem, kernel] : cases) {
    SCOPED_TRACE(stem);
    test::TempDir a, c;
    FirmwareRunOptions ref;
    ref.config.dsp = false;
    Built dsp = BuildAndRun(stem, a.path());
    Built plain = BuildAndRun(stem, c.path(), ref);
    EXPECT_EQ(dsp.run.outputs(), plain.run.outputs());
    EXPECT_EQ(plain.run.outputs(), plain.run.host_outputs);
    // The DSP kernels cut the cycles at least in half on these models (2.4x and 3.9x when measured).
    EXPECT_LT(2 * dsp.run.emulation.cycles, plain.run.emulation.cycles);
    bool dsp_kernel_ran = false;
    for (const FunctionProfile& f : dsp.run.emulation.functions) dsp_kernel_ran |= f.name.starts_with(kernel);
    EXPECT_TRUE(dsp_kernel_ran);
  }
}

// Quantises the float graph of b to int8 with the given (tensor, min, max) ranges, runs it as firmware on
// input_bytes seeded pseudo-random bytes, and checks the output size and that the outputs equal the host
// engine's.
void ExpectQuantizedGraphMatchesHost(test::GraphBuilder& b,
                                     std::initializer_list<std::tuple<int, float, float>> ranges,
                                     size_t input_bytes, uint32_t seed, size_t output_bytes) {
  Graph g = b.graph();
  std::vector<TensorRange> r(g.tensors.size());
  for (const auto& [tensor, lo, hi] : ranges) r[static_cast<size_t>(tensor)] = {true, lo, hi};
  ASSERT_TRUE(QuantizeInt8(g, r, Int8Options{}).ok());
  auto rt = Runtime::Create(g, {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  std::vector<uint8_t> input(input_bytes);
  std::mt19937 rng(seed);
  for (uint8_t& v : input) v = static_cast<uint8_t>(rng());
  auto run = RunOnCortexM4(*rt.value(), input, FirmwareRunOptions{});
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->outputs().size(), output_bytes);
  EXPECT_TRUE(run->matches_host());
}

// Shapes the shared models do not have, through the assembly SMLAD loop on the target: an odd number of
// 4-tap groups (3x3x4 = 36 taps: 9 groups; 3x3x5 = 45: 11 groups and a tail), an odd output channel
// count, and more than one 64-channel block (70 channels), quantised from a float graph with set ranges.
TEST_F(CortexM4Firmware, ConvShapesOutsideTheSharedModelsMatchHost) {
  test::GraphBuilder b;
  const int in = b.Input("in", {1, 6, 6, 4});
  const int w1 = b.Const("w1", {5, 3, 3, 4}, test::RandomFloats(180, 1, -0.5f, 0.5f));
  const int b1 = b.Const("b1", {5}, test::RandomFloats(5, 2, -0.1f, 0.1f));
  const int c1 = b.Act("c1", {1, 6, 6, 5});
  b.Add(OpType::kConv2D, {in, w1, b1}, {c1}, test::ConvAttrs(Padding::kSame, Activation::kRelu));
  const int w2 = b.Const("w2", {70, 3, 3, 5}, test::RandomFloats(3150, 3, -0.3f, 0.3f));
  const int b2 = b.Const("b2", {70}, test::RandomFloats(70, 4, -0.1f, 0.1f));
  const int c2 = b.Act("c2", {1, 4, 4, 70});
  b.Add(OpType::kConv2D, {c1, w2, b2}, {c2}, test::ConvAttrs(Padding::kValid));
  b.Output(c2);
  ExpectQuantizedGraphMatchesHost(b, {{in, -1.0f, 1.0f}, {c1, 0.0f, 3.0f}, {c2, -6.0f, 6.0f}}, 6 * 6 * 4, 9, 4u * 4u * 70u);
}

// 3x3 stride-1 convolutions through the Winograd kernel on the target: 8 input channels (an unrolled dot),
// 24 (the looped dot), a 5x5 image (an odd number of tiles: a missing second tile, clipped rows and
// columns), SAME padding.
TEST_F(CortexM4Firmware, WinogradConvShapesMatchHost) {
  test::GraphBuilder b;
  const int in = b.Input("in", {1, 5, 5, 8});
  const int w1 = b.Const("w1", {24, 3, 3, 8}, test::RandomFloats(24 * 72, 5, -0.4f, 0.4f));
  const int b1 = b.Const("b1", {24}, test::RandomFloats(24, 6, -0.1f, 0.1f));
  const int c1 = b.Act("c1", {1, 5, 5, 24});
  b.Add(OpType::kConv2D, {in, w1, b1}, {c1}, test::ConvAttrs(Padding::kSame, Activation::kRelu));
  const int w2 = b.Const("w2", {6, 3, 3, 24}, test::RandomFloats(6 * 216, 7, -0.3f, 0.3f));
  const int b2 = b.Const("b2", {6}, test::RandomFloats(6, 8, -0.1f, 0.1f));
  const int c2 = b.Act("c2", {1, 5, 5, 6});
  b.Add(OpType::kConv2D, {c1, w2, b2}, {c2}, test::ConvAttrs(Padding::kSame));
  b.Output(c2);
  ExpectQuantizedGraphMatchesHost(b, {{in, -1.0f, 1.0f}, {c1, 0.0f, 4.0f}, {c2, -8.0f, 8.0f}}, 5 * 5 * 8, 10, 5u * 5u * 6u);
}

// Pointwise convolutions on the target: 8 to 24 channels through the 16-bit-filter kernel (entering its
// unrolled sequence two groups from the end; ten pixels, so a last triple of one pixel), then 24 to 260 through
// the interleaved int8 kernel (past the 16-bit kernel's 256 channels: its looped group loop and three blocks
// of requantisation constants, and a last pixel on its own).
TEST_F(CortexM4Firmware, PointwiseConvShapesMatchHost) {
  test::GraphBuilder b;
  const int in = b.Input("in", {1, 2, 5, 8});
  const int w1 = b.Const("w1", {24, 1, 1, 8}, test::RandomFloats(24 * 8, 11, -0.5f, 0.5f));
  const int b1 = b.Const("b1", {24}, test::RandomFloats(24, 12, -0.1f, 0.1f));
  const int c1 = b.Act("c1", {1, 2, 5, 24});
  b.Add(OpType::kConv2D, {in, w1, b1}, {c1}, test::ConvAttrs(Padding::kValid, Activation::kRelu));
  const int w2 = b.Const("w2", {260, 1, 1, 24}, test::RandomFloats(260 * 24, 13, -0.3f, 0.3f));
  const int b2 = b.Const("b2", {260}, test::RandomFloats(260, 14, -0.1f, 0.1f));
  const int c2 = b.Act("c2", {1, 2, 5, 260});
  b.Add(OpType::kConv2D, {c1, w2, b2}, {c2}, test::ConvAttrs(Padding::kValid));
  b.Output(c2);
  ExpectQuantizedGraphMatchesHost(b, {{in, -1.0f, 1.0f}, {c1, 0.0f, 3.0f}, {c2, -6.0f, 6.0f}}, 2 * 5 * 8, 15,
                                  2u * 5u * 260u);
}

// 3x3 stride-1 depthwise layers through the per-channel-rows assembly on the target (images too tall for the
// plane path): an odd width (a last output pair half stored), SAME and VALID padding, 12 channels.
TEST_F(CortexM4Firmware, DepthwiseRowShapesMatchHost) {
  test::GraphBuilder b;
  const int in = b.Input("in", {1, 34, 11, 12});
  const int w1 = b.Const("w1", {1, 3, 3, 12}, test::RandomFloats(108, 21, -0.5f, 0.5f));
  const int b1 = b.Const("b1", {12}, test::RandomFloats(12, 22, -0.1f, 0.1f));
  const int c1 = b.Act("c1", {1, 34, 11, 12});
  b.Add(OpType::kDepthwiseConv2D, {in, w1, b1}, {c1}, test::ConvAttrs(Padding::kSame, Activation::kRelu));
  const int w2 = b.Const("w2", {1, 3, 3, 12}, test::RandomFloats(108, 23, -0.5f, 0.5f));
  const int b2 = b.Const("b2", {12}, test::RandomFloats(12, 24, -0.1f, 0.1f));
  const int c2 = b.Act("c2", {1, 32, 9, 12});
  b.Add(OpType::kDepthwiseConv2D, {c1, w2, b2}, {c2}, test::ConvAttrs(Padding::kValid));
  b.Output(c2);
  ExpectQuantizedGraphMatchesHost(b, {{in, -1.0f, 1.0f}, {c1, 0.0f, 2.0f}, {c2, -3.0f, 3.0f}}, 34 * 11 * 12, 25,
                                  32u * 9u * 12u);
}

// 3x3 depthwise layers through the 16-bit plane path on the target: 21 x 19 with stride 1 (taken transposed,
// 19 rows of 21 outputs: a last pair's second output dropped), then stride 2 (11 rows of 10 outputs), SAME
// padding, 10 channels.
TEST_F(CortexM4Firmware, DepthwisePlaneShapesMatchHost) {
  test::GraphBuilder b;
  const int in = b.Input("in", {1, 21, 19, 10});
  const int w1 = b.Const("w1", {1, 3, 3, 10}, test::RandomFloats(90, 41, -0.5f, 0.5f));
  const int b1 = b.Const("b1", {10}, test::RandomFloats(10, 42, -0.1f, 0.1f));
  const int c1 = b.Act("c1", {1, 21, 19, 10});
  b.Add(OpType::kDepthwiseConv2D, {in, w1, b1}, {c1}, test::ConvAttrs(Padding::kSame, Activation::kRelu));
  const int w2 = b.Const("w2", {1, 3, 3, 10}, test::RandomFloats(90, 43, -0.5f, 0.5f));
  const int b2 = b.Const("b2", {10}, test::RandomFloats(10, 44, -0.1f, 0.1f));
  const int c2 = b.Act("c2", {1, 11, 10, 10});
  b.Add(OpType::kDepthwiseConv2D, {c1, w2, b2}, {c2}, test::ConvAttrs(Padding::kSame, Activation::kNone, 2));
  b.Output(c2);
  ExpectQuantizedGraphMatchesHost(b, {{in, -1.0f, 1.0f}, {c1, 0.0f, 2.0f}, {c2, -3.0f, 3.0f}}, 21 * 19 * 10, 45,
                                  11u * 10u * 10u);
}

// FULLY_CONNECTED layers through the 16-bit-filter assembly on the target: a batch of two rows, 21 groups of
// four inputs (one unrolled pass of 16 and five in the leftover loop), 9 groups (leftover loop only), and row
// counts that leave a last block of one and of two rows (padded to five, written through a scratch block).
TEST_F(CortexM4Firmware, FullyConnectedW16ShapesMatchHost) {
  test::GraphBuilder b;
  const int in = b.Input("in", {2, 84});
  const int w1 = b.Const("w1", {36, 84}, test::RandomFloats(36 * 84, 31, -0.3f, 0.3f));
  const int b1 = b.Const("b1", {36}, test::RandomFloats(36, 32, -0.1f, 0.1f));
  const int c1 = b.Act("c1", {2, 36});
  b.Add(OpType::kFullyConnected, {in, w1, b1}, {c1}, test::WithActivation(Activation::kRelu));
  const int w2 = b.Const("w2", {32, 36}, test::RandomFloats(32 * 36, 33, -0.4f, 0.4f));
  const int b2 = b.Const("b2", {32}, test::RandomFloats(32, 34, -0.1f, 0.1f));
  const int c2 = b.Act("c2", {2, 32});
  b.Add(OpType::kFullyConnected, {c1, w2, b2}, {c2});
  b.Output(c2);
  ExpectQuantizedGraphMatchesHost(b, {{in, -1.0f, 1.0f}, {c1, 0.0f, 3.0f}, {c2, -4.0f, 4.0f}}, 2 * 84, 35, 2u * 32u);
}

// A stack reserve too small for the firmware (keyword spotting's kernels keep their buffers in the arena's
// scratch and need about 400 bytes of stack) is an error naming the reserve, not outputs from corrupted memory or
// a bare memory fault.
TEST_F(CortexM4Firmware, StackOverflowIsAnError) {
  auto rt = Runtime::Create(*LoadModel(ModelPath("kws_ref_model")), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  FirmwareRunOptions o;
  o.config.stack_bytes = 256;
  auto run = RunOnCortexM4(*rt.value(), test::ReadBytes(test::SharedPath("golden/kws_ref_model/input_0.bin")), o);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.status().message().find("overflowed its 256-byte stack reserve"), std::string::npos)
      << run.status().message();
  EXPECT_NE(run.status().message().find("reserve more with --stack-kb"), std::string::npos) << run.status().message();
}

// The memory report reads the ELF as arm-none-eabi-size does.
TEST_F(CortexM4Firmware, SizesAgreeWithArmNoneEabiSize) {
  if (!ProgramExists("arm-none-eabi-size")) GTEST_SKIP() << "no arm-none-eabi-size";
  test::TempDir dir;
  Built b = BuildAndRun("hello_world_int8", dir.path());
  auto size = RunProcess({"arm-none-eabi-size", b.run.image.elf_path});
  ASSERT_TRUE(size.ok() && size->exit_code == 0);
  std::istringstream s(size->output);
  std::string header;
  std::getline(s, header);
  uint64_t text = 0, data = 0, bss = 0;
  s >> text >> data >> bss;
  EXPECT_EQ(text, b.run.image.sizes.text);
  EXPECT_EQ(data, b.run.image.sizes.data);
  EXPECT_EQ(bss, b.run.image.sizes.bss);
}

TEST_F(CortexM4Firmware, QemuRunsTheSameElfWithIdenticalOutputs) {
  if (!HaveQemuArm()) GTEST_SKIP() << "qemu-system-arm is not installed";
  test::TempDir dir;
  FirmwareRunOptions o;
  o.config.ram_bytes = 128 * 1024;  // netduinoplus2 (STM32F405): 128 KB of SRAM
  o.qemu = true;
  Built b = BuildAndRun("kws_ref_model", dir.path(), o);
  ASSERT_TRUE(b.run.qemu.has_value());
  EXPECT_EQ(b.run.qemu->outputs, b.run.outputs());
  EXPECT_EQ(b.run.qemu->outputs, b.run.host_outputs);
  EXPECT_EQ(b.run.qemu->stack_bytes, b.run.emulation.harness.stack_bytes);
}

TEST_F(CortexM4Firmware, ModelsThatDoNotFitAreRefusedWithTheirSizes) {
  for (const auto& [stem, message] : std::vector<std::pair<std::string, std::string>>{
           {"vww_96_float", "does not fit the Cortex-M4 target: it needs about 268,288 bytes (262.0 KB) of RAM (arena "
                            "258,048 + stack 8,192 + harness 2,048), the limit is 196,608 bytes (192.0 KB) (--ram-kb)"},
           {"ad01_fp32", "does not fit the Cortex-M4 target: its constants need 1,063,896 bytes (1039.0 KB) of flash, "
                         "the limit is 1,048,576 bytes (1024.0 KB) (--flash-kb)"}}) {
    auto rt = Runtime::Create(*LoadModel(ModelPath(stem)), {KernelTarget::CortexM4()});
    ASSERT_TRUE(rt.ok());
    std::vector<uint8_t> input(static_cast<size_t>((*rt)->input_tensor(0).num_bytes()));
    auto run = RunOnCortexM4(**rt, input, FirmwareRunOptions{});
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.status().message(), ModelPath(stem) + " " + message);
  }
}

TEST_F(CortexM4Firmware, WrongInputSizeIsRefused) {
  auto rt = Runtime::Create(*LoadModel(ModelPath("hello_world_int8")), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok());
  auto run = RunOnCortexM4(**rt, std::vector<uint8_t>(3), FirmwareRunOptions{});
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().message(), "the input holds 3 bytes, the model's inputs need 1");
}

}  // namespace
}  // namespace eb
