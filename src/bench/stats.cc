#include "bench/stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace eb {

double Quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

LatencyStats Summarize(std::vector<double> samples) {
  LatencyStats s;
  s.n = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  s.median = Quantile(samples, 0.5);
  s.p90 = Quantile(samples, 0.9);
  s.p99 = Quantile(samples, 0.99);
  s.min = samples.front();
  s.max = samples.back();
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(s.n);
  double var = 0;
  for (double v : samples) var += (v - s.mean) * (v - s.mean);
  // Sample standard deviation (n - 1), 0 for a single sample.
  s.stdev = s.n > 1 ? std::sqrt(var / static_cast<double>(s.n - 1)) : 0;
  return s;
}

}  // namespace eb
