// Summary statistics of latency samples, as reported by `edgebench bench`.
#pragma once

#include <cstddef>
#include <vector>

namespace eb {

struct LatencyStats {
  size_t n = 0;
  double median = 0, p90 = 0, p99 = 0, min = 0, max = 0, mean = 0, stdev = 0;
  // When a cell is timed in several rounds: every round's median, in run order (the stats above are the
  // fastest round's). Empty for a single round.
  std::vector<double> round_medians;
};

// Percentiles use linear interpolation between closest ranks (numpy's default), so the median of an
// even count is the mean of the two middle samples.
LatencyStats Summarize(std::vector<double> samples);

// The q-quantile (q in [0, 1]) of sorted samples with linear interpolation.
double Quantile(const std::vector<double>& sorted, double q);

}  // namespace eb
