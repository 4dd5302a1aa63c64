// The runner's row bookkeeping on Dense1 without a dataset: variants through the converter, memory
// columns filled, peers and refused variants skipped with their reason. No timing is asserted.
#include "bench/runner.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/subprocess.h"
#include "support/test_paths.h"

namespace eb {
namespace {

Suite TinySuite(std::vector<std::string> variants, std::vector<std::string> engines) {
  Suite s;
  s.name = "t";
  s.samples = 10;
  s.warmup = 1;
  s.max_seconds = 0.5;
  s.batches = {1};
  s.models.push_back(SuiteModel{.name = "Dense1", .path = std::string(EB_SOURCE_DIR) + "/models/dense1.onnx",
                                .dataset = "", .variants = std::move(variants), .engines = std::move(engines),
                                .preprocess = ""});
  return s;
}

TEST(Runner, Float16VariantHasItsOwnSizesAndInt8WithoutDataIsSkipped) {
  auto run = RunSuite(TinySuite({"float32", "float16", "int8"}, {"edgebench"}), RunnerOptions{});
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_EQ(run->rows.size(), 3u);
  const BenchRow& f32 = run->rows[0];
  const BenchRow& f16 = run->rows[1];
  const BenchRow& i8 = run->rows[2];
  EXPECT_EQ(f32.model_bytes, 31915);  // models/dense1.onnx
  EXPECT_EQ(f32.weight_bytes, 31400);  // 784x10 float32 weights + 10 biases
  EXPECT_EQ(f16.variant, "float16");
  EXPECT_EQ(f16.data_type, "float16 weights");
  EXPECT_EQ(f16.weight_bytes, 15720);  // 7850 float16 values + the float32 bias
  EXPECT_GT(f16.model_bytes, 0);
  EXPECT_GT(f16.arena_bytes, 0);
  ASSERT_TRUE(f16.batch1_us.has_value());
  EXPECT_EQ(f16.batch1_us->n, 10u);
  // Three rounds by default: the shown statistics are the fastest round's.
  ASSERT_EQ(f16.batch1_us->round_medians.size(), 3u);
  EXPECT_EQ(f16.batch1_us->median,
            *std::min_element(f16.batch1_us->round_medians.begin(), f16.batch1_us->round_medians.end()));
  EXPECT_EQ(i8.variant, "int8");
  EXPECT_FALSE(i8.batch1_us.has_value());
  EXPECT_EQ(i8.note, "skipped: int8 needs a calibration dataset and the suite gives this model none");
}

TEST(Runner, MissingPeerIsANoteNotAFailure) {
  RunnerOptions o;
  o.root = "/nonexistent";
  auto run = RunSuite(TinySuite({"float32", "float16"}, {"pytorch"}), o);
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_EQ(run->rows.size(), 1u);  // peers run the float32 file only
  EXPECT_EQ(run->rows[0].engine, "pytorch");
  EXPECT_FALSE(run->rows[0].batch1_us.has_value());
  EXPECT_EQ(run->rows[0].note, "skipped: /nonexistent/peers/pytorch/runner.py is missing");
}

// The cortex-m4 engine measures each variant as firmware: Dense1 float32 fits the STM32F4 and its
// outputs agree with the host to float rounding of the C library; cycles come from the emulator.
TEST(Runner, CortexM4EngineRowsComeFromTheEmulator) {
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  auto run = RunSuite(TinySuite({"float32"}, {"cortex-m4"}), RunnerOptions{});
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_EQ(run->rows.size(), 1u);
  const BenchRow& r = run->rows[0];
  EXPECT_EQ(r.hardware, "cortex-m4 @168 MHz (emulated)");
  ASSERT_TRUE(r.cycles.has_value()) << r.note;
  ASSERT_TRUE(r.batch1_us.has_value());
  EXPECT_DOUBLE_EQ(r.batch1_us->median, static_cast<double>(*r.cycles) / 168.0);
  EXPECT_GT(r.flash_bytes, r.weight_bytes);  // the weights live in flash with the code
  EXPECT_EQ(r.note.find("DIFFER"), std::string::npos) << r.note;
}

// Where --optimize size calls other kernels than speed (KWS's 16-bit layouts), the Cortex-M4 side gets both rows:
// the size row with less flash and more cycles; where they are the same (hello_world), one row.
TEST(Runner, CortexM4SizeRowWhereItsKernelsDiffer) {
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  Suite s = TinySuite({"float32"}, {"cortex-m4"});
  s.models[0].name = "KWS";
  s.models[0].path = test::SharedPath("models/tflite/mlperf-tiny/kws_ref_model.tflite");
  s.models.push_back(s.models[0]);
  s.models[1].name = "hello";
  s.models[1].path = test::SharedPath("models/tflite/tflite-micro/hello_world_int8.tflite");
  auto run = RunSuite(s, RunnerOptions{});
  ASSERT_TRUE(run.ok()) << run.status().message();
  ASSERT_EQ(run->rows.size(), 3u);
  const BenchRow &speed = run->rows[0], &size = run->rows[1], &hello = run->rows[2];
  EXPECT_EQ(speed.engine, "edgebench C (arm-none-eabi-gcc -O2, DSP kernels)");
  EXPECT_EQ(size.engine, "edgebench C (arm-none-eabi-gcc -O2, DSP kernels, --optimize size)");
  EXPECT_EQ(hello.engine, "edgebench C (arm-none-eabi-gcc -O2, DSP kernels)");
  ASSERT_TRUE(speed.cycles && size.cycles) << speed.note << size.note;
  EXPECT_LT(size.flash_bytes, speed.flash_bytes);
  EXPECT_GT(*size.cycles, *speed.cycles);
  // Only size: one row per model.
  RunnerOptions only;
  only.mcu_speed = false;
  s.models.pop_back();
  auto one = RunSuite(s, only);
  ASSERT_TRUE(one.ok()) << one.status().message();
  ASSERT_EQ(one->rows.size(), 1u);
  EXPECT_EQ(one->rows[0].engine, size.engine);
  EXPECT_EQ(one->rows[0].cycles, size.cycles);
}

}  // namespace
}  // namespace eb
