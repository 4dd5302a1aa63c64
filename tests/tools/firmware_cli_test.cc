// `edgebench codegen` and `edgebench firmware` as a user runs them.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/subprocess.h"
#include "support/cli_run.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

using test::CliRun;
using test::RunCli;

std::string Model(const std::string& rel) { return test::SharedPath("models/tflite/" + rel); }

class FirmwareCli : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  }
};

TEST_F(FirmwareCli, CodegenWritesAPortableCProject) {
  test::TempDir dir;
  auto r = RunCli("codegen '" + Model("tflite-micro/hello_world_int8.tflite") + "' --target c -o '" + dir.path() + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("(hello_world_int8_run, 3 kernel calls)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Arena      32 bytes"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.file("model.c")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("model.h")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("kernels/fully_connected.c")));
  EXPECT_TRUE(std::filesystem::exists(dir.file("kernels/arm_dsp.h")));
  EXPECT_FALSE(std::filesystem::exists(dir.file("Makefile")));
}

TEST_F(FirmwareCli, CodegenRefusesAModelThatDoesNotFit) {
  test::TempDir dir;
  auto r = RunCli("codegen '" + Model("mlperf-tiny/vww_96_float.tflite") + "' -o '" + dir.path() + "/out'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "edgebench: error: " + Model("mlperf-tiny/vww_96_float.tflite") +
                       " does not fit the Cortex-M4 target: it needs about 268,288 bytes (262.0 KB) of RAM (arena "
                       "258,048 + stack 8,192 + harness 2,048), the limit is 196,608 bytes (192.0 KB) (--ram-kb)\n");
  EXPECT_FALSE(std::filesystem::exists(dir.file("out/model.c")));
}

// --optimize and --flash-kb: what the layouts cost, and a budget the model cannot meet, refused before anything is
// written.
TEST_F(FirmwareCli, CodegenOptimizeSizeAndTheFlashBudget) {
  const std::string ad = Model("mlperf-tiny/ad01_int8.tflite");
  test::TempDir dir;
  auto size = RunCli("codegen '" + ad + "' --optimize size -o '" + dir.path() + "/size'");
  ASSERT_EQ(size.status, 0) << size.err;
  EXPECT_NE(size.out.find("Layouts    size: int8 filters in all 10 layers; flash estimate 277,220 bytes (constants "
                          "271,400 + code 5,820) of 1,048,576\n"),
            std::string::npos)
      << size.out;
  auto speed = RunCli("codegen '" + ad + "' -o '" + dir.path() + "/speed'");
  ASSERT_EQ(speed.status, 0) << speed.err;
  EXPECT_NE(speed.out.find("Layouts    speed: 16-bit or Winograd layouts in 9 of 10 layers"), std::string::npos)
      << speed.out;
  auto tight = RunCli("codegen '" + ad + "' --flash-kb 250 -o '" + dir.path() + "/tight'");
  EXPECT_EQ(tight.status, 1);
  EXPECT_EQ(tight.err, "edgebench: error: " + ad +
                           " does not fit the flash budget: the firmware needs about 277,220 bytes (constants 271,400 "
                           "+ code 5,820) even with every layer's int8-filter variant, the budget is 256,000 bytes "
                           "(--flash-kb 250)\n");
  EXPECT_FALSE(std::filesystem::exists(dir.file("tight")));
  auto bad = RunCli("codegen '" + ad + "' --optimize fast -o '" + dir.path() + "/bad'");
  EXPECT_NE(bad.status, 0);
  EXPECT_NE(bad.err.find("fast"), std::string::npos) << bad.err;
}

// The firmware project builds with its own Makefile too, into the very bytes `codegen --build` gave (which
// compiles the kernels separately, through the object cache, and links their objects), and `codegen --build`
// reports its memory.
TEST_F(FirmwareCli, CodegenBuildAndTheGeneratedMakefile) {
  if (!ProgramExists("arm-none-eabi-gcc") || !ProgramExists("make")) GTEST_SKIP() << "no arm-none-eabi-gcc or make";
  test::TempDir dir;
  auto r = RunCli("codegen '" + Model("tflite-micro/hello_world_int8.tflite") + "' -o '" + dir.path() + "' --build");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Flash      "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of 196,608"), std::string::npos) << r.out;
  const std::vector<uint8_t> built = test::ReadBytes(dir.file("firmware.elf"));
  std::filesystem::remove(dir.file("firmware.elf"));
  auto make = RunProcess({"make", "-C", dir.path()});
  ASSERT_TRUE(make.ok());
  EXPECT_EQ(make->exit_code, 0) << make->output;
  EXPECT_GT(built.size(), 10000u);
  EXPECT_EQ(test::ReadBytes(dir.file("firmware.elf")), built);
}

TEST_F(FirmwareCli, FirmwareJsonReportsCountsAndMemory) {
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir dir;
  auto r = RunCli("firmware '" + Model("tflite-micro/hello_world_int8.tflite") + "' --input '" +
                  test::SharedPath("golden/hello_world_int8/input_0.bin") + "' --json -o '" + dir.file("out.bin") + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["outputs_match_host"], true);
  EXPECT_GT(j["instructions"].get<int64_t>(), 1000);
  EXPECT_GE(j["cycles"].get<int64_t>(), j["instructions"].get<int64_t>());
  EXPECT_DOUBLE_EQ(j["micros"].get<double>(), j["cycles"].get<double>() / 168.0);
  // Two 16-byte activations and the 16 x 16 layer's widened input (32 bytes of scratch in a 64-byte slot).
  EXPECT_EQ(j["arena_bytes"], 96);
  EXPECT_EQ(j["ram_limit_bytes"], 196608);
  EXPECT_GT(j["stack_used_bytes"].get<int64_t>(), 0);
  EXPECT_EQ(test::ReadBytes(dir.file("out.bin")), test::ReadBytes(test::SharedPath("golden/hello_world_int8/output_0.bin")));
}

TEST_F(FirmwareCli, FirmwareRefusesAWrongInputSize) {
  test::TempDir dir;
  const std::string in = dir.Write("in.bin", std::vector<uint8_t>(5));
  auto r = RunCli("firmware '" + Model("tflite-micro/hello_world_int8.tflite") + "' --input '" + in + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + in + ": holds 5 bytes, but the model's inputs need 1\n");
}

}  // namespace
}  // namespace eb
