// The TFLite Micro + CMSIS-NN benchmark row: a real model measured in the emulator like edgebench's
// Cortex-M4 rows, and a peer or model that cannot run reported in the note, not as a failure.
#include <gtest/gtest.h>

#include <cstring>

#include "bench/tflm_row.h"
#include "codegen/embedded_files.h"
#include "core/subprocess.h"
#include "support/test_paths.h"

namespace eb {
namespace {

std::string TflmDir() { return std::string(EB_SOURCE_DIR) + "/build/peers/tflm"; }

// The harness this binary embeds, or the source tree's while CMake does not embed firmware/tflm yet.
std::string HarnessDir() {
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    if (std::string_view(f.path) == "firmware/tflm/main.cc") return "";
  }
  return std::string(EB_SOURCE_DIR) + "/firmware/tflm";
}

TEST(TflmRow, MeasuresTheFirmwareInTheEmulator) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  if (Status s = CheckTflmLibrary(TflmDir()); !s.ok()) GTEST_SKIP() << s.message();
  const std::vector<uint8_t> tflite =
      test::ReadBytes(test::SharedPath("models/tflite/tflite-micro/hello_world_int8.tflite"));
  const std::vector<uint8_t> input = test::ReadBytes(test::SharedPath("golden/hello_world_int8/input_0.bin"));
  // edgebench reproduces the golden outputs bit for bit (tests/targets/cortex_m4/firmware_test.cc).
  const std::vector<uint8_t> edgebench = test::ReadBytes(test::SharedPath("golden/hello_world_int8/output_0.bin"));
  TflmFirmwareOptions o;
  o.tflm_dir = TflmDir();
  o.harness_dir = HarnessDir();
  BenchRow row;
  row.model = "hello_world_int8";
  ASSERT_TRUE(MeasureTflmRow(tflite, input, edgebench, o, row).ok());
  EXPECT_EQ(row.engine, "TFLite Micro + CMSIS-NN");
  EXPECT_EQ(row.hardware, "cortex-m4 @168 MHz (emulated)");
  EXPECT_EQ(row.threads, 1);
  EXPECT_EQ(row.model_bytes, 2704);
  ASSERT_TRUE(row.cycles.has_value());
  ASSERT_TRUE(row.instructions.has_value());
  EXPECT_GT(*row.cycles, *row.instructions);
  ASSERT_TRUE(row.batch1_us.has_value());
  EXPECT_EQ(row.batch1_us->n, 1u);
  EXPECT_DOUBLE_EQ(row.batch1_us->median, static_cast<double>(*row.cycles) / 168.0);
  EXPECT_EQ(row.arena_bytes % 16, 0);
  EXPECT_GT(row.arena_bytes, 0);
  EXPECT_GT(row.flash_bytes, row.model_bytes);
  EXPECT_GE(row.ram_bytes, row.arena_bytes + 8192);
  EXPECT_TRUE(row.note.starts_with("emulator estimate (zero-wait-state memory): ")) << row.note;
  EXPECT_TRUE(row.note.ends_with("; outputs identical to edgebench's")) << row.note;
}

TEST(TflmRow, MissingLibraryIsASkippedRow) {
  BenchRow row;
  ASSERT_TRUE(MeasureTflmRow({1, 2, 3}, {0}, {0}, "/nonexistent/tflm", row).ok());
  EXPECT_EQ(row.engine, "TFLite Micro + CMSIS-NN");
  EXPECT_EQ(row.model_bytes, 3);
  EXPECT_FALSE(row.cycles.has_value());
  EXPECT_FALSE(row.batch1_us.has_value());
  EXPECT_EQ(row.note, "skipped: TFLite Micro is not built: /nonexistent/tflm/libtflm_cmsisnn.a is missing "
                      "(scripts/build_tflm.sh builds it from ../shared/peers/tflm-cmsisnn-src.tar.gz)");
}

TEST(TflmRow, ModelTooLargeIsASkippedRowWithItsSizes) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  if (Status s = CheckTflmLibrary(TflmDir()); !s.ok()) GTEST_SKIP() << s.message();
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  const std::vector<uint8_t> tflite = test::ReadBytes(test::SharedPath("models/tflite/mlperf-tiny/ad01_int8.tflite"));
  TflmFirmwareOptions o;
  o.tflm_dir = TflmDir();
  o.config.flash_bytes = 128 * 1024;
  BenchRow row;
  row.model = "AD";
  ASSERT_TRUE(MeasureTflmRow(tflite, std::vector<uint8_t>(640), {}, o, row).ok());
  EXPECT_FALSE(row.cycles.has_value());
  EXPECT_EQ(row.note, "skipped: AD does not fit the Cortex-M4 target under TFLite Micro: the .tflite file alone "
                      "needs 276,976 bytes (270.5 KB) of flash, the limit is 131,072 bytes (128.0 KB) (--flash-kb)");
}

TEST(TflmRow, OutputsAreComparedByteByByte) {
  EXPECT_EQ(CompareWithEdgebench({1, 2, 3}, {1, 2, 3}), "outputs identical to edgebench's");
  EXPECT_EQ(CompareWithEdgebench({1, 2, 3}, {1, 5, 4}), "2 of 3 output bytes differ from edgebench's");
  EXPECT_EQ(CompareWithEdgebench({1, 2}, {1, 2, 3}), "OUTPUTS DIFFER FROM EDGEBENCH'S: 2 bytes against edgebench's 3");
  EXPECT_EQ(CompareWithEdgebench({1}, {}), "no edgebench outputs to compare with");
  std::vector<uint8_t> x(8), y(8);
  const float xs[2] = {1.0f, 2.0f}, ys[2] = {1.0f, 2.0f + 0.5f};
  std::memcpy(x.data(), xs, 8);
  std::memcpy(y.data(), ys, 8);
  EXPECT_EQ(CompareWithEdgebench(x, y, true), "float outputs within 0.5 of edgebench's (1 of 2 values differ)");
  EXPECT_EQ(CompareWithEdgebench(x, x, true), "outputs identical to edgebench's");
}

}  // namespace
}  // namespace eb
