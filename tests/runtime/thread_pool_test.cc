// The thread pool hands every task to exactly one thread, in contiguous ranges, and is reusable.
#include "runtime/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace eb {
namespace {

struct Record {
  std::vector<std::atomic<int>> hits;
  std::vector<std::atomic<int>> thread_of;
  explicit Record(int n) : hits(static_cast<size_t>(n)), thread_of(static_cast<size_t>(n)) {}
};

void Mark(const void* ctx, int32_t begin, int32_t end, int thread) {
  auto* r = static_cast<Record*>(const_cast<void*>(ctx));
  for (int32_t t = begin; t < end; ++t) {
    r->hits[static_cast<size_t>(t)].fetch_add(1);
    r->thread_of[static_cast<size_t>(t)].store(thread);
  }
}

TEST(ThreadPool, EveryTaskRunsOnceInContiguousRanges) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (int tasks : {0, 1, 2, 5, 64, 1001}) {
      for (int repeat = 0; repeat < 20; ++repeat) {
        Record r(tasks);
        pool.Run(tasks, Mark, &r);
        int last_thread = 0;
        for (int t = 0; t < tasks; ++t) {
          ASSERT_EQ(r.hits[static_cast<size_t>(t)].load(), 1) << threads << " threads, task " << t << " of " << tasks;
          const int th = r.thread_of[static_cast<size_t>(t)].load();
          EXPECT_GE(th, last_thread);  // thread i's range precedes thread i + 1's
          EXPECT_LT(th, threads);
          last_thread = th;
        }
        // With at least as many tasks as threads, every thread takes part.
        if (tasks >= threads) EXPECT_EQ(last_thread, threads - 1);
      }
    }
  }
}

TEST(ThreadPool, ThreadsBelowOneMeanOne) { EXPECT_EQ(ThreadPool(0).threads(), 1); }

}  // namespace
}  // namespace eb
