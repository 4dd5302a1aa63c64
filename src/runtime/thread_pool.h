// A persistent pool of worker threads for splitting one kernel call's tasks across cores.
//
// Created once with the runtime; Run() hands each thread a contiguous range of the tasks and returns when
// all are done. The calling thread takes part (it runs range 0), so a pool of N threads starts N - 1
// workers. Run() allocates nothing: workers wait on an atomic generation counter (spinning briefly, since
// the next layer's call usually follows within microseconds, then sleeping on a condition variable).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace eb {

class ThreadPool {
 public:
  // fn(ctx, task_begin, task_end, thread): thread in [0, threads()).
  using TaskFn = void (*)(const void* ctx, int32_t begin, int32_t end, int thread);

  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return threads_; }
  // Runs tasks [0, tasks) split into at most threads() contiguous ranges of near-equal size.
  void Run(int32_t tasks, TaskFn fn, const void* ctx);

 private:
  void Worker(int index);
  static void Range(int32_t tasks, int parts, int part, int32_t* begin, int32_t* end);

  int threads_;
  std::vector<std::thread> workers_;
  // The job being run: written before generation_ is bumped, read by workers after they see the bump.
  TaskFn fn_ = nullptr;
  const void* ctx_ = nullptr;
  int32_t tasks_ = 0;
  int parts_ = 0;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace eb
