#include "runtime/thread_pool.h"

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define EB_CPU_RELAX() _mm_pause()
#else
#define EB_CPU_RELAX() ((void)0)
#endif

namespace eb {
namespace {
// How long a worker spins for the next job before sleeping: longer than the gap between two layers of
// one inference, far shorter than the gap between inferences of an idle benchmark loop.
constexpr auto kSpin = std::chrono::microseconds(200);
// About 10-50 µs of pause instructions: a layer's share of work on the other thread is usually shorter.
constexpr int kSpinsBeforeYield = 2000;
}  // namespace

ThreadPool::ThreadPool(int threads) : threads_(threads < 1 ? 1 : threads), ranges_(static_cast<size_t>(threads_)) {
  for (int i = 1; i < threads_; ++i) workers_.emplace_back([this, i] { Worker(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
    generation_.fetch_add(1);
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

void ThreadPool::Drain(int thread) {
  for (int i = 0; i < parts_; ++i) {
    Range& r = ranges_[static_cast<size_t>((thread + i) % parts_)];
    // A relaxed load first: a range that is already empty costs no write to its cache line.
    while (r.next.load(std::memory_order_relaxed) < r.end) {
      const int32_t t = r.next.fetch_add(1, std::memory_order_relaxed);
      if (t >= r.end) break;
      fn_(ctx_, t, t + 1, thread);
    }
  }
}

void ThreadPool::Run(int32_t tasks, TaskFn fn, const void* ctx) {
  const int parts = tasks < threads_ ? static_cast<int>(tasks) : threads_;
  if (parts <= 1) {
    if (tasks > 0) fn(ctx, 0, tasks, 0);
    return;
  }
  fn_ = fn;
  ctx_ = ctx;
  parts_ = parts;
  for (int p = 0; p < parts; ++p) {
    Range& r = ranges_[static_cast<size_t>(p)];
    r.next.store(static_cast<int32_t>(int64_t{tasks} * p / parts), std::memory_order_relaxed);
    r.end = static_cast<int32_t>(int64_t{tasks} * (p + 1) / parts);
  }
  pending_.store(threads_ - 1, std::memory_order_relaxed);
  {
    // The lock orders the bump against a worker that is about to sleep, so no wake-up is lost.
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_release);
  }
  wake_.notify_all();
  Drain(0);
  // Spin while the workers are likely running; past that, yield so that a worker the OS has descheduled (an
  // oversubscribed machine) gets the core instead of this thread.
  for (int spins = 0; pending_.load(std::memory_order_acquire) != 0; ++spins) {
    if (spins < kSpinsBeforeYield) {
      EB_CPU_RELAX();
    } else {
      std::this_thread::yield();
    }
  }
}

void ThreadPool::Worker(int index) {
  uint64_t seen = 0;
  for (;;) {
    const auto spin_until = std::chrono::steady_clock::now() + kSpin;
    uint64_t g;
    while ((g = generation_.load(std::memory_order_acquire)) == seen) {
      if (std::chrono::steady_clock::now() > spin_until) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      } else {
        EB_CPU_RELAX();
      }
    }
    seen = g;
    if (stop_.load()) return;
    if (index < parts_) Drain(index);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

}  // namespace eb
