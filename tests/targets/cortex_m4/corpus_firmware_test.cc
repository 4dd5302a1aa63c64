// TFLM's corpus as Cortex-M4 firmware: each model (int16x8 layers, SVDF, LSTM) built from edgebench's generated C
// with arm-none-eabi-gcc and run in the emulator gives the host engine's outputs bit for bit (float32 ones within
// 1e-5 relative: the MCU's libm rounds expf/tanhf its own way), and TFLM's golden ones where TFLM itself
// reproduces them. By default the SVDF and int8 LSTM models run (state on the MCU); EB_FULL_TESTS=1
// (scripts/test.sh's Release run) adds an int16x8 conv, transposed conv, add and strided slice (the emulated
// int16 kernels take about 20 s a model); EB_CORPUS_FIRMWARE=1 runs every model. Skipped without ../shared/corpus
// or arm-none-eabi-gcc.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "core/subprocess.h"
#include "importers/load_model.h"
#include "support/golden_check.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"
#include "targets/cortex_m4/firmware_run.h"

namespace eb {
namespace {

bool EnvIs1(const char* name) {
  const char* v = std::getenv(name);
  return v && std::string(v) == "1";
}

// The corpus models to build: all, or the first of each family (the name without its trailing digits).
std::vector<std::string> Models() {
  std::vector<std::string> names;
  const std::string dir = test::SharedPath("corpus/golden");
  if (!std::filesystem::is_directory(dir)) return names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  if (EnvIs1("EB_CORPUS_FIRMWARE")) return names;
  std::vector<std::string> some = {"keyword_scrambled", "trained_lstm_int8"};
  if (EnvIs1("EB_FULL_TESTS")) some.insert(some.end(), {"conv0", "transpose_conv0", "add0", "strided_slice0"});
  return some;
}

TEST(CorpusFirmware, OutputsEqualTheHostEngineAndTflm) {
  if (!std::filesystem::is_directory(test::SharedPath("corpus/golden"))) GTEST_SKIP() << "no ../shared/corpus";
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  int built = 0, too_big = 0;
  for (const std::string& model : Models()) {
    SCOPED_TRACE(model);
    const std::string dir = test::SharedPath("corpus/golden/" + model);
    const nlohmann::json manifest = test::ReadManifest(dir);
    auto graph = LoadModel(test::SharedPath("corpus/" + manifest["model_path"].get<std::string>()));
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    auto rt = Runtime::Create(std::move(graph.value()), {KernelTarget::CortexM4({})});
    if (!rt.ok() && rt.status().message().find("does not fit") != std::string::npos) {
      ++too_big;
      continue;
    }
    ASSERT_TRUE(rt.ok()) << rt.status().message();
    const auto& sample = manifest["samples"][0];
    const auto input = test::ReadBytes(dir + "/" + sample["input"].get<std::string>());
    test::TempDir work;
    FirmwareRunOptions o;
    o.work_dir = work.path();
    auto run = RunOnCortexM4(*rt.value(), input, o);
    if (!run.ok() && run.status().message().find("does not fit") != std::string::npos) {
      ++too_big;
      continue;
    }
    ASSERT_TRUE(run.ok()) << run.status().message();
    const bool is_float = manifest["output"]["dtype"] == "FLOAT32";
    if (is_float) {
      ASSERT_EQ(run->outputs().size(), run->host_outputs.size());
      const float* got = reinterpret_cast<const float*>(run->outputs().data());
      const float* want = reinterpret_cast<const float*>(run->host_outputs.data());
      for (size_t k = 0; k < run->outputs().size() / 4; ++k) EXPECT_NEAR(got[k], want[k], 1e-5 * std::fabs(want[k]) + 1e-7);
    } else {
      EXPECT_EQ(run->outputs(), run->host_outputs);
    }
    const bool csv_is_tflm = !sample.contains("tflm_host_equals_csv_golden") || sample["tflm_host_equals_csv_golden"].get<bool>();
    const auto golden = test::ReadBytes(dir + "/" + sample["output"].get<std::string>());
    // float32 outputs (the float LSTM) may differ from TFLM in the last bits; integer ones may not.
    if (csv_is_tflm && !is_float) EXPECT_EQ(run->outputs(), golden);
    ++built;
  }
  std::cout << "[corpus firmware] " << built << " models built and run, " << too_big << " do not fit the STM32F4\n";
  EXPECT_GT(built, 0);
}

}  // namespace
}  // namespace eb
