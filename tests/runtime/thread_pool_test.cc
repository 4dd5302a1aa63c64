// The thread pool runs every task exactly once, on one of its threads, is reusable, and lets a thread whose
// own range is done take the tasks of a thread that is held up.
#include "runtime/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
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

TEST(ThreadPool, EveryTaskRunsOnce) {
  for (int threads : {1, 2, 3}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.threads(), threads);
    for (int tasks : {0, 1, 2, 5, 64, 1001}) {
      for (int repeat = 0; repeat < 20; ++repeat) {
        Record r(tasks);
        pool.Run(tasks, Mark, &r);
        for (int t = 0; t < tasks; ++t) {
          ASSERT_EQ(r.hits[static_cast<size_t>(t)].load(), 1) << threads << " threads, task " << t << " of " << tasks;
          const int th = r.thread_of[static_cast<size_t>(t)].load();
          EXPECT_GE(th, 0);
          EXPECT_LT(th, threads);
        }
      }
    }
  }
}

// A worker stalls in its first task until every other task is done: only a calling thread that takes the
// rest of the worker's range can finish them, so without that the wait runs out.
struct Stall {
  int32_t tasks = 0;
  std::atomic<int> done{0};
  std::atomic<bool> stalled{false};
  std::atomic<bool> timed_out{false};
  std::vector<std::atomic<int>> hits;
  explicit Stall(int32_t n) : tasks(n), hits(static_cast<size_t>(n)) {}
};

void StallOnce(const void* ctx, int32_t begin, int32_t end, int thread) {
  auto* s = static_cast<Stall*>(const_cast<void*>(ctx));
  for (int32_t t = begin; t < end; ++t) {
    if (thread != 0 && !s->stalled.exchange(true)) {
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
      while (s->done.load() < s->tasks - 1) {
        if (std::chrono::steady_clock::now() > give_up) {
          s->timed_out.store(true);
          break;
        }
        std::this_thread::yield();
      }
    }
    s->hits[static_cast<size_t>(t)].fetch_add(1);
    s->done.fetch_add(1);
  }
}

TEST(ThreadPool, TheCallingThreadTakesTheTasksOfAStalledWorker) {
  ThreadPool pool(2);
  for (int repeat = 0; repeat < 5; ++repeat) {
    Stall s(64);
    pool.Run(s.tasks, StallOnce, &s);
    EXPECT_FALSE(s.timed_out.load());
    for (int t = 0; t < s.tasks; ++t) ASSERT_EQ(s.hits[static_cast<size_t>(t)].load(), 1) << "task " << t;
  }
}

TEST(ThreadPool, ThreadsBelowOneMeanOne) { EXPECT_EQ(ThreadPool(0).threads(), 1); }

}  // namespace
}  // namespace eb
