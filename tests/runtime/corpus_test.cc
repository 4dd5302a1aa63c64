// The TFLM corpus (../shared/corpus): every model TensorFlow Lite Micro's repository ships in its examples and
// integration tests, with TFLM's outputs. Each model with goldens runs on the MCU kernels (target c), on this
// CPU's best host level, and over 2 threads, and must reproduce TFLM bit for bit (float32 within the golden
// tolerance). A model edgebench cannot run yet must be refused with exactly the message listed in kRefused,
// so that list is the compatibility gap, and a model that starts to pass must leave it. The models with
// custom operators must be refused naming them. Skipped, with a note, where ../shared/corpus is absent.
#include <gtest/gtest.h>

#include <iostream>
#include <map>

#include "importers/load_model.h"
#include "runtime/runtime.h"
#include "support/golden_check.h"
#include "support/test_paths.h"

namespace eb {
namespace {

bool HaveCorpus() { return std::filesystem::is_directory(test::SharedPath("corpus/golden")); }

std::vector<std::string> CorpusModels() {
  if (!HaveCorpus()) return {"(no ../shared/corpus)"};
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(test::SharedPath("corpus/golden"))) {
    if (std::filesystem::exists(e.path() / "manifest.json")) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// What is still refused, by model, with the message after the file name. Every model of the corpus runs today;
// an entry here documents a regression or a newly added model that edgebench cannot run yet.
const std::map<std::string, std::string>& Refused() {
  static const std::map<std::string, std::string> kRefused = {};
  return kRefused;
}

// The load-and-prepare error without the leading "<path>: ".
std::string WithoutPath(const std::string& message, const std::string& path) {
  return message.rfind(path + ": ", 0) == 0 ? message.substr(path.size() + 2) : message;
}

struct Engine {
  const char* name;
  bool host;
  int threads;
};
constexpr Engine kEngines[] = {{"c", false, 1}, {"host", true, 1}, {"host_2_threads", true, 2}};

class Corpus : public testing::TestWithParam<std::tuple<std::string, Engine>> {};

TEST_P(Corpus, MatchesTflmOrIsRefusedAsListed) {
  if (!HaveCorpus()) GTEST_SKIP() << "../shared/corpus is not beside the checkout";
  const std::string model = std::get<0>(GetParam());
  const Engine e = std::get<1>(GetParam());
  const std::string dir = test::SharedPath("corpus/golden/" + model);
  const nlohmann::json manifest = test::ReadManifest(dir);
  const std::string path = test::SharedPath("corpus/" + manifest["model_path"].get<std::string>());
  RuntimeOptions options{e.host ? KernelTarget::Host(DetectIsa()).value() : KernelTarget::C(), e.threads};
  std::string error;
  std::unique_ptr<Runtime> rt;
  auto graph = LoadModel(path);
  if (!graph.ok()) {
    error = graph.status().message();
  } else {
    auto created = Runtime::Create(std::move(graph.value()), options);
    if (created.ok()) rt = std::move(created.value());
    else error = created.status().message();
  }
  const auto refused = Refused().find(model);
  if (refused != Refused().end()) {
    EXPECT_EQ(WithoutPath(error, path), refused->second) << model << " is listed as refused";
    return;
  }
  ASSERT_TRUE(rt) << error;
  const test::GoldenSummary sum = test::CheckGoldenSamples(*rt, dir, manifest, model + " " + e.name);
  std::cout << "[corpus] " << model << " on " << e.name << ": " << sum.samples << " cases, " << sum.exact
            << " bit-exact\n";
}

INSTANTIATE_TEST_SUITE_P(TflmModels, Corpus, testing::Combine(testing::ValuesIn(CorpusModels()), testing::ValuesIn(kEngines)),
                         [](const auto& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param).name;
                           for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

// The three corpus models without goldens use operators outside TFLite's builtins: an Ethos-U NPU command
// stream and TFLM's Signal library (the audio front end).
TEST(CorpusCustomOperators, AreRefusedNamingThem) {
  if (!HaveCorpus()) GTEST_SKIP() << "../shared/corpus is not beside the checkout";
  // TFLM's Signal library: each custom operator of the audio front end, with its index, in file order.
  std::string kSignal = "9 unsupported operators: ";
  const std::vector<std::pair<const char*, int>> signal = {
      {"SignalWindow", 0}, {"SignalFftAutoScale", 2}, {"SignalRfft", 3}, {"SignalEnergy", 4}, {"SignalFilterBank", 9},
      {"SignalFilterBankSquareRoot", 10}, {"SignalFilterBankSpectralSubtraction", 11}, {"SignalPCAN", 12},
      {"SignalFilterBankLog", 13}};
  for (size_t k = 0; k < signal.size(); ++k) {
    kSignal += std::string(k ? "; " : "") + "CUSTOM '" + signal[k].first + "' (builtin code 32) at operator index " +
               std::to_string(signal[k].second);
  }
  const std::map<std::string, std::string> want = {
      {"person_detect_vela.tflite", "unsupported operator CUSTOM 'ethos-u' (builtin code 32) at operator index 0"},
      {"audio_preprocessor_float.tflite", kSignal},
      {"audio_preprocessor_int8.tflite", kSignal},
  };
  for (const auto& [file, message] : want) {
    const std::string path = test::SharedPath("corpus/models/tflite-micro/" + file);
    auto graph = LoadModel(path);
    ASSERT_FALSE(graph.ok()) << file;
    EXPECT_EQ(WithoutPath(graph.status().message(), path), message);
  }
}

}  // namespace
}  // namespace eb
