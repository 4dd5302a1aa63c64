#include "bench/bench_cell.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>

#include "core/strings.h"

namespace eb {

Result<InputSet> MakeInputs(const Tensor& input, const Dataset* ds, const Preprocess& pp, size_t count) {
  InputSet s;
  s.sample_bytes = static_cast<size_t>(input.num_bytes() / std::max(1, input.shape.empty() ? 1 : input.shape[0]));
  if (ds) {
    auto filler = InputFiller::Create(input, pp, ds->height, ds->width, ds->channels);
    if (!filler.ok()) return filler.status();
    const size_t n = std::min(count, ds->size());
    s.bytes.resize(n * s.sample_bytes);
    for (size_t i = 0; i < n; ++i) filler->Fill(ds->image(i), s.bytes.data() + i * s.sample_bytes);
    return s;
  }
  std::mt19937 rng(1234);
  s.bytes.resize(count * s.sample_bytes);
  if (input.dtype == DType::kF32) {
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (size_t i = 0; i < s.bytes.size() / 4; ++i) reinterpret_cast<float*>(s.bytes.data())[i] = d(rng);
  } else {
    for (uint8_t& b : s.bytes) b = static_cast<uint8_t>(rng());
  }
  return s;
}

// Work sharing the machine, or a peer process that happens to start in a slow state, only ever makes a
// round slower, so the fastest round is the one that repeats from run to run.
Result<LatencyStats> FastestRound(int rounds, const std::function<Result<LatencyStats>(int)>& round) {
  std::optional<LatencyStats> best;
  std::vector<double> medians;
  for (int r = 0; r < rounds; ++r) {
    auto s = round(r);
    if (!s.ok()) return s.status();
    medians.push_back(s->median);
    if (!best || s->median < best->median) best = std::move(s.value());
  }
  if (rounds > 1) best->round_medians = std::move(medians);
  return *best;
}

void AddNote(std::string& note, const std::string& text) { note += (note.empty() ? "" : "; ") + text; }

TempFile::TempFile(const std::string& name, std::span<const uint8_t> bytes) {
  static std::atomic<int> counter{0};
  path_ = (std::filesystem::temp_directory_path() /
           Format("edgebench-%d-%d-%s", static_cast<int>(getpid()), counter++, name.c_str())).string();
  std::ofstream f(path_, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

TempFile::~TempFile() {
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

}  // namespace eb
