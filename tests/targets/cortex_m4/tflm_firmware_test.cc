// The TensorFlow Lite Micro + CMSIS-NN peer firmware: built around the shared .tflite files, run in the
// emulator, it reproduces TFLM's golden int8 outputs bit for bit (the goldens came from TFLM's reference
// kernels on x86-64; CMSIS-NN is exact too), with the arena TFLM needs and exact, repeatable counts.
//
// Needs build/peers/tflm (scripts/build_tflm.sh) and arm-none-eabi-gcc; skips without them. By default
// hello_world_int8 runs; EB_FULL_TESTS=1 runs every shared int8 model.
#include <gtest/gtest.h>

#include <flatbuffers/flatbuffers.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "codegen/embedded_files.h"
#include "core/file_util.h"
#include "core/subprocess.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"
#include "targets/cortex_m4/tflm_firmware.h"
#include "tflite_subset_generated.h"

namespace eb {
namespace {

bool Full() {
  const char* v = std::getenv("EB_FULL_TESTS");
  return v && std::string(v) == "1";
}

std::string TflmDir() { return std::string(EB_SOURCE_DIR) + "/build/peers/tflm"; }

// The harness this binary embeds, or the source tree's while CMake does not embed firmware/tflm yet.
std::string HarnessDir() {
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (std::string_view(f.path) == "firmware/tflm/main.cc") return "";
  }
  return std::string(EB_SOURCE_DIR) + "/firmware/tflm";
}

TflmFirmwareOptions Options() {
  TflmFirmwareOptions o;
  o.tflm_dir = TflmDir();
  o.harness_dir = HarnessDir();
  return o;
}

struct Case {
  std::string stem, model;  // golden/<stem>, models/<model>
};

const std::vector<Case>& Int8Cases() {
  static const std::vector<Case> kCases = {
      {"hello_world_int8", "models/tflite/tflite-micro/hello_world_int8.tflite"},
      {"micro_speech_quantized", "models/tflite/tflite-micro/micro_speech_quantized.tflite"},
      {"kws_ref_model", "models/tflite/mlperf-tiny/kws_ref_model.tflite"},
      {"ad01_int8", "models/tflite/mlperf-tiny/ad01_int8.tflite"},
      {"pretrainedResnet_quant", "models/tflite/mlperf-tiny/pretrainedResnet_quant.tflite"},
      {"vww_96_int8", "models/tflite/mlperf-tiny/vww_96_int8.tflite"},
  };
  return kCases;
}

class TflmFirmware : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
    if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
    if (Status s = CheckTflmLibrary(TflmDir()); !s.ok()) GTEST_SKIP() << s.message();
  }
};

TEST_F(TflmFirmware, ReproducesGoldenInt8OutputsBitForBit) {
  for (const Case& c : Int8Cases()) {
    if (!Full() && c.stem != "hello_world_int8") continue;
    SCOPED_TRACE(c.stem);
    const std::vector<uint8_t> tflite = test::ReadBytes(test::SharedPath(c.model));
    const std::vector<uint8_t> input = test::ReadBytes(test::SharedPath("golden/" + c.stem + "/input_0.bin"));
    const std::vector<uint8_t> golden = test::ReadBytes(test::SharedPath("golden/" + c.stem + "/output_0.bin"));
    test::TempDir dir;
    TflmFirmwareOptions o = Options();
    o.work_dir = dir.path();
    TflmFailure failure = TflmFailure::kNone;
    auto run = RunTflmOnCortexM4(tflite, input, o, &failure);
    ASSERT_TRUE(run.ok()) << run.status().message();
    EXPECT_EQ(failure, TflmFailure::kNone);
    EXPECT_EQ(run->outputs(), golden);
    EXPECT_EQ(run->model_bytes, static_cast<int64_t>(tflite.size()));
    // The arena is the smallest multiple of 16 TFLM accepts: at least what it reports using.
    EXPECT_EQ(run->arena_bytes % 16, 0);
    EXPECT_GE(run->arena_bytes, run->arena_used_bytes);
    EXPECT_LT(run->arena_bytes, run->arena_used_bytes + 4096);
    // Flash holds the model, RAM the arena and the stack; both within the STM32F4 map.
    EXPECT_GT(run->image.flash_bytes(), static_cast<uint64_t>(tflite.size()));
    EXPECT_LE(run->image.flash_bytes(), 1024u * 1024u);
    EXPECT_GE(run->image.ram_bytes(), static_cast<uint64_t>(run->arena_bytes + 8192));
    EXPECT_LE(run->image.ram_bytes(), 192u * 1024u);
    EXPECT_GT(run->stack_bytes(), 0);
    EXPECT_LT(run->stack_bytes(), 8192);
    EXPECT_GT(run->emulation.instructions, 100u);
    EXPECT_GE(run->emulation.cycles, run->emulation.instructions);
    EXPECT_LT(run->emulation.instructions, run->emulation.program_instructions);
    EXPECT_DOUBLE_EQ(run->micros(), static_cast<double>(run->emulation.cycles) / 168.0);
    // The same ELF again: identical counts.
    auto elf = ParseElf32(*ReadFileBytes(run->image.elf_path), run->image.elf_path);
    ASSERT_TRUE(elf.ok());
    auto again = EmulateCortexM4(*elf, input, EmulatorOptions{});
    ASSERT_TRUE(again.ok()) << again.status().message();
    EXPECT_EQ(again->instructions, run->emulation.instructions);
    EXPECT_EQ(again->cycles, run->emulation.cycles);
    EXPECT_EQ(again->harness.outputs, golden);
    if (c.stem == "hello_world_int8") {
      EXPECT_EQ(run->ops, std::vector<std::string>{"FULLY_CONNECTED"});
      // The golden manifest's x86-64 figure is 1,392 bytes: 32-bit pointers make TFLM's own structs smaller.
      EXPECT_LT(run->arena_used_bytes, 1392);
    }
  }
}

TEST_F(TflmFirmware, RamTooSmallIsAnErrorWithTheSizes) {
  const std::vector<uint8_t> tflite =
      test::ReadBytes(test::SharedPath("models/tflite/tflite-micro/hello_world_int8.tflite"));
  TflmFirmwareOptions o = Options();
  o.name = "hello_world_int8";
  o.config.ram_bytes = 8 * 1024;  // the stack alone takes all of it
  TflmFailure failure = TflmFailure::kNone;
  auto run = RunTflmOnCortexM4(tflite, std::vector<uint8_t>(1), o, &failure);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(failure, TflmFailure::kDoesNotFit);
  const std::string& m = run.status().message();
  EXPECT_EQ(m.rfind("hello_world_int8 does not fit the Cortex-M4 target under TFLite Micro: it needs ", 0), 0u) << m;
  EXPECT_NE(m.find(" + stack 8,192 + TFLM and the harness "), std::string::npos) << m;
  EXPECT_TRUE(m.ends_with("the limit is 8,192 bytes (8.0 KB) (--ram-kb)")) << m;
}

// These need neither the library nor the cross compiler.
TEST(TflmFirmwareErrors, MissingLibraryIsNamed) {
  TflmFirmwareOptions o;
  o.tflm_dir = "/nonexistent/tflm";
  TflmFailure failure = TflmFailure::kNone;
  auto run = RunTflmOnCortexM4({}, {}, o, &failure);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(failure, TflmFailure::kLibraryMissing);
  EXPECT_EQ(run.status().message(),
            "TFLite Micro is not built: /nonexistent/tflm/libtflm_cmsisnn.a is missing (scripts/build_tflm.sh "
            "builds it from ../shared/peers/tflm-cmsisnn-src.tar.gz)");
}

TEST(TflmFirmwareErrors, ModelLargerThanFlashIsRefusedBeforeBuilding) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  if (Status s = CheckTflmLibrary(TflmDir()); !s.ok()) GTEST_SKIP() << s.message();
  const std::vector<uint8_t> tflite = test::ReadBytes(test::SharedPath("models/tflite/mlperf-tiny/vww_96_int8.tflite"));
  ASSERT_EQ(tflite.size(), 333288u);
  TflmFirmwareOptions o = Options();
  o.name = "vww_96_int8";
  o.config.flash_bytes = 256 * 1024;
  TflmFailure failure = TflmFailure::kNone;
  auto run = RunTflmOnCortexM4(tflite, std::vector<uint8_t>(96 * 96 * 3), o, &failure);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(failure, TflmFailure::kDoesNotFit);
  EXPECT_EQ(run.status().message(),
            "vww_96_int8 does not fit the Cortex-M4 target under TFLite Micro: the .tflite file alone needs "
            "333,288 bytes (325.5 KB) of flash, the limit is 262,144 bytes (256.0 KB) (--flash-kb)");
}

// A model of the given operator codes (builtin, custom name) and nothing else.
std::vector<uint8_t> ModelWithOps(const std::vector<std::pair<int, std::string>>& codes) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<tfl::OperatorCode>> ops;
  for (const auto& [code, custom] : codes) {
    const auto name = custom.empty() ? 0 : b.CreateString(custom);
    ops.push_back(tfl::CreateOperatorCode(b, static_cast<int8_t>(std::min(code, 127)), name, 1, code));
  }
  b.Finish(tfl::CreateModel(b, 3, b.CreateVector(ops)), "TFL3");
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

TEST(TflmFirmwareErrors, OperatorsGoToTheResolverOnceEach) {
  auto ops = TflmModelOps(ModelWithOps({{9, ""}, {3, ""}, {9, ""}, {151, ""}}));
  ASSERT_TRUE(ops.ok()) << ops.status().message();
  ASSERT_EQ(ops->size(), 3u);
  EXPECT_EQ((*ops)[0].method, "FullyConnected");
  EXPECT_EQ((*ops)[0].name, "FULLY_CONNECTED");
  EXPECT_EQ((*ops)[1].method, "Conv2D");
  EXPECT_EQ((*ops)[2].method, "DynamicUpdateSlice");
  EXPECT_EQ((*ops)[2].code, 151);
}

TEST(TflmFirmwareErrors, OperatorsTflmLacksAreNamed) {
  auto lstm = TflmModelOps(ModelWithOps({{9, ""}, {16, ""}}));
  ASSERT_FALSE(lstm.ok());
  EXPECT_EQ(lstm.status().message(), "TFLite Micro has no kernel for LSTM");
  auto custom = TflmModelOps(ModelWithOps({{32, "TFLite_Detection_PostProcess"}}));
  ASSERT_FALSE(custom.ok());
  EXPECT_EQ(custom.status().message(),
            "it uses the custom operator 'TFLite_Detection_PostProcess', which the harness does not register");
  auto junk = TflmModelOps(std::vector<uint8_t>(64, 0xff));
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.status().message(), "not a valid .tflite file (the flatbuffer does not verify)");
}

TEST(TflmFirmwareErrors, UnsupportedOperatorIsARefusalWithItsName) {
  TflmFirmwareOptions o;
  o.tflm_dir = TflmDir();
  if (Status s = CheckTflmLibrary(o.tflm_dir); !s.ok()) GTEST_SKIP() << s.message();
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  o.name = "lstm.tflite";
  TflmFailure failure = TflmFailure::kNone;
  auto run = RunTflmOnCortexM4(ModelWithOps({{16, ""}}), {}, o, &failure);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(failure, TflmFailure::kRefused);
  EXPECT_EQ(run.status().message(), "TFLite Micro cannot run lstm.tflite: TFLite Micro has no kernel for LSTM");
}

}  // namespace
}  // namespace eb
