// Cortex-M4 benchmark rows: a real model's firmware measured in the emulator, and a model too large for
// the board reported with its sizes instead of failing the run.
#include <gtest/gtest.h>

#include "bench/cortex_m4_row.h"
#include "core/subprocess.h"
#include "importers/load_model.h"
#include "support/test_paths.h"

namespace eb {
namespace {

std::unique_ptr<Runtime> Load(const std::string& rel) {
  auto g = LoadModel(test::SharedPath(rel));
  EXPECT_TRUE(g.ok()) << g.status().message();
  auto rt = Runtime::Create(std::move(g.value()), {KernelTarget::CortexM4()});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  return std::move(rt.value());
}

TEST(CortexM4Row, MeasuresFirmwareInTheEmulator) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  auto rt = Load("models/tflite/tflite-micro/hello_world_int8.tflite");
  const std::vector<uint8_t> input = test::ReadBytes(test::SharedPath("golden/hello_world_int8/input_0.bin"));
  BenchRow row;
  FirmwareRunOptions o;
  ASSERT_TRUE(MeasureCortexM4Row(*rt, input, o, row).ok());
  EXPECT_EQ(row.hardware, "cortex-m4 @168 MHz (emulated)");
  EXPECT_EQ(row.engine, "edgebench C (arm-none-eabi-gcc -O2, DSP kernels)");
  ASSERT_TRUE(row.cycles.has_value());
  ASSERT_TRUE(row.instructions.has_value());
  EXPECT_GT(*row.cycles, *row.instructions);  // every instruction costs at least one cycle; some more
  ASSERT_TRUE(row.batch1_us.has_value());
  EXPECT_DOUBLE_EQ(row.batch1_us->median, static_cast<double>(*row.cycles) / 168.0);
  EXPECT_EQ(row.batch1_us->n, 1u);
  EXPECT_EQ(row.arena_bytes, rt->plan().arena_bytes);
  EXPECT_GT(row.flash_bytes, 0);
  EXPECT_GE(row.ram_bytes, row.arena_bytes + o.config.stack_bytes);
  EXPECT_NE(row.note.find("outputs identical to the host engine"), std::string::npos) << row.note;

  // Instruction counts are exact: a second run gives the same row.
  BenchRow again;
  ASSERT_TRUE(MeasureCortexM4Row(*rt, input, o, again).ok());
  EXPECT_EQ(again.instructions, row.instructions);
  EXPECT_EQ(again.cycles, row.cycles);
}

TEST(CortexM4Row, ModelThatDoesNotFitIsANoteWithItsSizes) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto rt = Load("models/tflite/mlperf-tiny/vww_96_float.tflite");
  BenchRow row;
  std::vector<uint8_t> input(static_cast<size_t>(rt->input_tensor(0).num_bytes()));
  ASSERT_TRUE(MeasureCortexM4Row(*rt, input, FirmwareRunOptions{}, row).ok());
  EXPECT_FALSE(row.cycles.has_value());
  EXPECT_FALSE(row.batch1_us.has_value());
  EXPECT_EQ(row.note.rfind("does not fit: ", 0), 0u) << row.note;
  EXPECT_NE(row.note.find("196,608"), std::string::npos) << row.note;  // the RAM limit, named
}

}  // namespace
}  // namespace eb
