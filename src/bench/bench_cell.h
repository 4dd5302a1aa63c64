// What every benchmark cell shares: the real inputs it cycles through, timing in rounds, and the
// temporary files peers read their inputs from.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "bench/stats.h"
#include "core/status.h"
#include "datasets/dataset.h"
#include "datasets/preprocess.h"
#include "ir/graph.h"

namespace eb {

// Batch-1 input bytes for timing: preprocessed dataset images, or seeded random bytes without a dataset.
struct InputSet {
  size_t sample_bytes = 0;
  std::vector<uint8_t> bytes;  // samples back to back
  size_t count() const { return sample_bytes ? bytes.size() / sample_bytes : 0; }
  std::vector<uint8_t> sample(size_t i) const {
    return {bytes.begin() + static_cast<std::ptrdiff_t>(i * sample_bytes),
            bytes.begin() + static_cast<std::ptrdiff_t>((i + 1) * sample_bytes)};
  }
};

// Distinct real inputs cycled through while timing; enough to defeat caching a single input's result.
inline constexpr size_t kDistinctInputs = 64;

// `count` inputs for `input` (a batch-1 tensor): the first dataset images, preprocessed, or seeded random
// values without a dataset.
Result<InputSet> MakeInputs(const Tensor& input, const Dataset* ds, const Preprocess& pp,
                            size_t count = kDistinctInputs);

// A cell timed in `rounds` rounds (a fresh runtime or peer process each): the fastest round's statistics,
// with every round's median kept. A failing round fails the cell.
Result<LatencyStats> FastestRound(int rounds, const std::function<Result<LatencyStats>(int)>& round);

// Appends "; text" (or just text) to a row note.
void AddNote(std::string& note, const std::string& text);

// A file in the temporary folder holding `bytes`, removed when this goes away; `name` ends its file name
// ("inputs.bin", "model.tflite").
class TempFile {
 public:
  TempFile(const std::string& name, std::span<const uint8_t> bytes);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace eb
