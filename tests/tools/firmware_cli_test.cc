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

// The firmware project builds with its own Makefile too, and `codegen --build` reports its memory.
TEST_F(FirmwareCli, CodegenBuildAndTheGeneratedMakefile) {
  if (!ProgramExists("arm-none-eabi-gcc") || !ProgramExists("make")) GTEST_SKIP() << "no arm-none-eabi-gcc or make";
  test::TempDir dir;
  auto r = RunCli("codegen '" + Model("tflite-micro/hello_world_int8.tflite") + "' -o '" + dir.path() + "' --build");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Flash      "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("of 196,608"), std::string::npos) << r.out;
  std::filesystem::remove(dir.file("firmware.elf"));
  auto make = RunProcess({"make", "-C", dir.path()});
  ASSERT_TRUE(make.ok());
  EXPECT_EQ(make->exit_code, 0) << make->output;
  EXPECT_TRUE(std::filesystem::exists(dir.file("firmware.elf")));
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
  EXPECT_EQ(j["arena_bytes"], 32);
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
