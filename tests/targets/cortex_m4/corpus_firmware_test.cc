// TFLM's corpus as Cortex-M4 firmware: each model (int16x8 layers, SVDF, LSTM) built from edgebench's generated C
// with arm-none-eabi-gcc and run in the emulator gives the host engine's outputs bit for bit, and TFLM's golden
// ones where TFLM itself reproduces them. EB_FULL_TESTS=1 (scripts/test.sh's Release run) builds one model per
// family (the first of add*, conv*, ...), EB_CORPUS_FIRMWARE=1 every model that fits the STM32F4 (about ten
// minutes on two cores); otherwise an int16x8 conv and the int8 LSTM run. Skipped without ../shared/corpus or
// arm-none-eabi-gcc.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

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
  if (!EnvIs1("EB_FULL_TESTS")) return {"conv0", "trained_lstm_int8"};
  std::map<std::string, std::string> first;
  for (const std::string& n : names) {
    const std::string family = n.substr(0, n.find_last_not_of("0123456789") + 1);
    first.emplace(family, n);
  }
  names.clear();
  for (const auto& [family, n] : first) names.push_back(n);
  return names;
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
    EXPECT_EQ(run->outputs(), run->host_outputs);
    const bool csv_is_tflm = !sample.contains("tflm_host_equals_csv_golden") || sample["tflm_host_equals_csv_golden"].get<bool>();
    const auto golden = test::ReadBytes(dir + "/" + sample["output"].get<std::string>());
    // float32 outputs (the float LSTM) may differ from TFLM in the last bits; integer ones may not.
    if (csv_is_tflm && manifest["output"]["dtype"] != "FLOAT32") EXPECT_EQ(run->outputs(), golden);
    ++built;
  }
  std::cout << "[corpus firmware] " << built << " models built and run, " << too_big << " do not fit the STM32F4\n";
  EXPECT_GT(built, 0);
}

}  // namespace
}  // namespace eb
