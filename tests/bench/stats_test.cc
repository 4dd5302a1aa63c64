// Latency statistics against values computed by hand (numpy's linear interpolation).
#include "bench/stats.h"

#include <gtest/gtest.h>

namespace eb {
namespace {

TEST(Stats, SummarizesLikeNumpy) {
  const LatencyStats s = Summarize({5, 1, 4, 2, 3, 10, 6, 7, 9, 8});
  EXPECT_EQ(s.n, 10u);
  EXPECT_DOUBLE_EQ(s.median, 5.5);
  EXPECT_DOUBLE_EQ(s.p90, 9.1);     // position 8.1 between 9 and 10
  EXPECT_DOUBLE_EQ(s.p99, 9.91);    // position 8.91
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 10);
  EXPECT_DOUBLE_EQ(s.mean, 5.5);
  EXPECT_NEAR(s.stdev, 3.0276503540974917, 1e-12);  // sqrt(82.5 / 9)
}

TEST(Stats, OddCountAndSingleSample) {
  EXPECT_DOUBLE_EQ(Summarize({3, 1, 2}).median, 2);
  const LatencyStats one = Summarize({7});
  EXPECT_DOUBLE_EQ(one.median, 7);
  EXPECT_DOUBLE_EQ(one.p99, 7);
  EXPECT_DOUBLE_EQ(one.stdev, 0);
  EXPECT_EQ(Summarize({}).n, 0u);
}

}  // namespace
}  // namespace eb
