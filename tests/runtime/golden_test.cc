// Golden tests: every model in ../shared/golden must reproduce TensorFlow Lite Micro's outputs
// (reference kernels, recorded in the manifests): bit-exact for integer outputs, and within
// 1e-4 * max|reference| for float32 (reordered sums may change the last bits). Each model runs on every host
// ISA level this CPU has, on the MCU kernels (target c), and split over 2 threads; a level the CPU lacks is
// skipped with a message.
#include <gtest/gtest.h>

#include <iostream>

#include "importers/load_model.h"
#include "runtime/runtime.h"
#include "support/golden_check.h"
#include "support/test_paths.h"

namespace eb {
namespace {

std::vector<std::string> GoldenModels() {
  std::vector<std::string> names;
  const std::string dir = test::SharedPath("golden");
  if (!std::filesystem::is_directory(dir)) return {"(no ../shared/golden)"};
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (std::filesystem::exists(e.path() / "manifest.json")) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

struct Engine {
  const char* name;
  TargetKind kind;
  Isa isa;
  int threads;
};
constexpr Engine kEngines[] = {
    {"c", TargetKind::kC, Isa::kRef, 1},
    {"ref", TargetKind::kHost, Isa::kRef, 1},
    {"avx2", TargetKind::kHost, Isa::kAvx2, 1},
    {"avx512", TargetKind::kHost, Isa::kAvx512, 1},
    {"avx512vnni", TargetKind::kHost, Isa::kAvx512Vnni, 1},
    {"best_2_threads", TargetKind::kHost, Isa::kRef, 2},  // kRef here: the CPU's best level
};

class Golden : public testing::TestWithParam<std::tuple<std::string, Engine>> {};

TEST_P(Golden, MatchesTflmReference) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  const std::string model = std::get<0>(GetParam());
  const Engine e = std::get<1>(GetParam());
  RuntimeOptions options{KernelTarget::C(), e.threads};
  if (e.kind == TargetKind::kHost) {
    const Isa isa = e.threads > 1 ? DetectIsa() : e.isa;
    if (isa > DetectIsa()) GTEST_SKIP() << "this CPU lacks " << IsaName(isa);
    options.target = KernelTarget::Host(isa).value();
  }
  const std::string dir = test::SharedPath("golden/" + model);
  const nlohmann::json manifest = test::ReadManifest(dir);
  auto graph = LoadModel(test::SharedPath(manifest["model_path"].get<std::string>()));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()), options);
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  const test::GoldenSummary sum = test::CheckGoldenSamples(*rt.value(), dir, manifest, model + " " + e.name);
  std::cout << "[golden] " << model << " on " << e.name << ": " << sum.samples << " cases, " << sum.exact
            << " bit-exact; worst float relative error " << sum.worst_rel << "\n";
}

INSTANTIATE_TEST_SUITE_P(SharedModels, Golden, testing::Combine(testing::ValuesIn(GoldenModels()), testing::ValuesIn(kEngines)),
                         [](const auto& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param).name;
                           for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace eb
