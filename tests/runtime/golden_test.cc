// Golden tests: every model in ../shared/golden must reproduce TensorFlow Lite Micro's outputs
// (reference kernels, recorded in the manifests): bit-exact for integer outputs, and within
// 1e-4 * max|reference| for float32 (reordered sums may change the last bits). Each model runs on every host
// ISA level this CPU has, on the MCU kernels (target c), and split over 2 threads; a level the CPU lacks is
// skipped with a message.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include "importers/load_model.h"
#include "runtime/runtime.h"
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
  std::ifstream mf(dir + "/manifest.json");
  const nlohmann::json manifest = nlohmann::json::parse(mf);
  auto graph = LoadModel(test::SharedPath(manifest["model_path"].get<std::string>()));
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()), options);
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  Runtime& r = *rt.value();
  int exact = 0, within = 0;
  double worst_rel = 0;
  const auto& samples = manifest["samples"];
  ASSERT_GT(samples.size(), 0u);
  for (const auto& s : samples) {
    const auto in = test::ReadBytes(dir + "/" + s["input"].get<std::string>());
    const auto want = test::ReadBytes(dir + "/" + s["output"].get<std::string>());
    size_t off = 0;
    for (size_t i = 0; i < r.graph().inputs.size(); ++i) {
      const size_t n = static_cast<size_t>(r.input_tensor(i).num_bytes());
      ASSERT_LE(off + n, in.size()) << s["input"];
      std::memcpy(r.input(i), in.data() + off, n);
      off += n;
    }
    ASSERT_EQ(off, in.size()) << "input file size";
    r.Invoke();
    off = 0;
    bool all_exact = true;
    for (size_t i = 0; i < r.graph().outputs.size(); ++i) {
      const Tensor& t = r.output_tensor(i);
      const size_t n = static_cast<size_t>(t.num_bytes());
      ASSERT_LE(off + n, want.size()) << s["output"];
      const uint8_t* got = r.output(i);
      if (t.dtype == DType::kF32) {
        const float* g = reinterpret_cast<const float*>(got);
        const float* w = reinterpret_cast<const float*>(want.data() + off);
        double max_ref = 0, max_diff = 0;
        for (int64_t k = 0; k < t.num_elements(); ++k) {
          max_ref = std::max(max_ref, std::fabs(static_cast<double>(w[k])));
          max_diff = std::max(max_diff, std::fabs(static_cast<double>(g[k]) - w[k]));
        }
        EXPECT_LE(max_diff, 1e-4 * max_ref) << model << " " << e.name << " " << s["output"] << " output " << i;
        if (max_diff != 0) all_exact = false;
        if (max_ref > 0) worst_rel = std::max(worst_rel, max_diff / max_ref);
      } else {
        EXPECT_EQ(0, std::memcmp(got, want.data() + off, n)) << model << " " << e.name << " " << s["output"] << " output " << i
                                                              << " differs from TFLM";
        if (std::memcmp(got, want.data() + off, n) != 0) all_exact = false;
      }
      off += n;
    }
    ASSERT_EQ(off, want.size()) << "output file size";
    ++within;
    if (all_exact) ++exact;
  }
  std::cout << "[golden] " << model << " on " << e.name << ": " << samples.size() << " cases, " << exact << " bit-exact, "
            << within << " checked; worst float relative error " << worst_rel << "\n";
}

INSTANTIATE_TEST_SUITE_P(SharedModels, Golden, testing::Combine(testing::ValuesIn(GoldenModels()), testing::ValuesIn(kEngines)),
                         [](const auto& info) {
                           std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param).name;
                           for (char& c : n) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace eb
