// Runs every sample of a golden folder (manifest.json + input_<i>.bin / output_<i>.bin, the layout of
// ../shared/golden and ../shared/corpus/golden) through a prepared runtime and compares with TFLM's outputs:
// integer outputs bit for bit, float32 within 1e-4 * max|reference| (reordered sums may change the last bits).
// A few corpus samples hold an upstream CSV golden that TFLM itself misses by one step in an element or two
// (the manifest says tflm_host_equals_csv_golden: false); those must equal TFLM's own output instead, which the
// manifest records as tflm_host_output_sha256 (checked with coreutils' sha256sum).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/file_util.h"
#include "core/subprocess.h"
#include "runtime/runtime.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb::test {

struct GoldenSummary {
  int samples = 0, exact = 0;
  double worst_rel = 0;  // worst float32 error relative to max|reference|
};

// `label` prefixes every failure message. Records gtest failures; returns what it checked.
// The SHA-256 of `bytes`, hex, by sha256sum; empty when it cannot run.
inline std::string Sha256Hex(const uint8_t* bytes, size_t n) {
  TempDir dir;
  const std::string path = dir.path() + "/out.bin";
  if (!WriteFileAtomically(path, bytes, n).ok()) return "";
  auto r = RunProcess({"sha256sum", path});
  if (!r.ok() || r->exit_code != 0 || r->output.size() < 64) return "";
  return r->output.substr(0, 64);
}

inline GoldenSummary CheckGoldenSamples(Runtime& r, const std::string& dir, const nlohmann::json& manifest,
                                        const std::string& label) {
  GoldenSummary sum;
  const auto& samples = manifest["samples"];
  EXPECT_GT(samples.size(), 0u) << label;
  for (const auto& s : samples) {
    const auto in = ReadBytes(dir + "/" + s["input"].get<std::string>());
    const auto want = ReadBytes(dir + "/" + s["output"].get<std::string>());
    r.ResetVariables();  // every sample ran on a fresh interpreter
    size_t off = 0;
    for (size_t i = 0; i < r.graph().inputs.size(); ++i) {
      const size_t n = static_cast<size_t>(r.input_tensor(i).num_bytes());
      if (off + n > in.size()) {
        ADD_FAILURE() << label << " " << s["input"] << " is shorter than the model's inputs";
        return sum;
      }
      std::memcpy(r.input(i), in.data() + off, n);
      off += n;
    }
    EXPECT_EQ(off, in.size()) << label << " input file size";
    r.Invoke();
    if (s.contains("tflm_host_equals_csv_golden") && !s["tflm_host_equals_csv_golden"].get<bool>()) {
      std::vector<uint8_t> got;
      for (size_t i = 0; i < r.graph().outputs.size(); ++i) {
        got.insert(got.end(), r.output(i), r.output(i) + r.output_tensor(i).num_bytes());
      }
      EXPECT_EQ(Sha256Hex(got.data(), got.size()), s["tflm_host_output_sha256"].get<std::string>())
          << label << " " << s["output"] << " differs from TFLM's own output";
      ++sum.samples;
      ++sum.exact;
      continue;
    }
    off = 0;
    bool all_exact = true;
    for (size_t i = 0; i < r.graph().outputs.size(); ++i) {
      const Tensor& t = r.output_tensor(i);
      const size_t n = static_cast<size_t>(t.num_bytes());
      if (off + n > want.size()) {
        ADD_FAILURE() << label << " " << s["output"] << " is shorter than the model's outputs";
        return sum;
      }
      const uint8_t* got = r.output(i);
      if (t.dtype == DType::kF32) {
        const float* g = reinterpret_cast<const float*>(got);
        const float* w = reinterpret_cast<const float*>(want.data() + off);
        double max_ref = 0, max_diff = 0;
        for (int64_t k = 0; k < t.num_elements(); ++k) {
          max_ref = std::max(max_ref, std::fabs(static_cast<double>(w[k])));
          max_diff = std::max(max_diff, std::fabs(static_cast<double>(g[k]) - w[k]));
        }
        EXPECT_LE(max_diff, 1e-4 * max_ref) << label << " " << s["output"] << " output " << i;
        if (max_diff != 0) all_exact = false;
        if (max_ref > 0) sum.worst_rel = std::max(sum.worst_rel, max_diff / max_ref);
      } else {
        const bool same = std::memcmp(got, want.data() + off, n) == 0;
        EXPECT_TRUE(same) << label << " " << s["output"] << " output " << i << " differs from TFLM";
        if (!same) all_exact = false;
      }
      off += n;
    }
    EXPECT_EQ(off, want.size()) << label << " output file size";
    ++sum.samples;
    if (all_exact) ++sum.exact;
  }
  return sum;
}

inline nlohmann::json ReadManifest(const std::string& dir) {
  std::ifstream mf(dir + "/manifest.json");
  return nlohmann::json::parse(mf);
}

}  // namespace eb::test
