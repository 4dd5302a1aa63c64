// A persistent pool of worker threads for splitting one kernel call's tasks across cores.
//
// Created once with the runtime; Run() cuts the tasks into one contiguous range per thread and returns when
// all are done. The calling thread takes part (it starts on range 0), so a pool of N threads starts N - 1
// workers. A thread takes its range's tasks in order, one at a time, and when its range is empty it takes
// the remaining tasks of the others' ranges (from the front, as their owners do): layer after layer a
// thread mostly computes the same rows, so they stay in its cache, while a thread that starts late (woken
// from sleep) or runs slower (a shared or oversubscribed machine) no longer holds up the call.
// Run() allocates nothing: workers wait on an atomic generation counter (spinning briefly, since the next
// layer's call usually follows within microseconds, then sleeping on a condition variable).
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
  // Runs every task of [0, tasks) exactly once: each as fn(ctx, t, t + 1, thread), or all as one
  // fn(ctx, 0, tasks, 0) on the calling thread when there is one thread or one task.
  void Run(int32_t tasks, TaskFn fn, const void* ctx);

 private:
  // One thread's range of the current job: tasks [next, end) not yet taken. On its own cache line, since
  // every take writes it.
  struct alignas(64) Range {
    std::atomic<int32_t> next{0};
    int32_t end = 0;
  };

  void Worker(int index);
  // Thread `thread` takes tasks from its own range, then from the others', until all are taken.
  void Drain(int thread);

  int threads_;
  std::vector<std::thread> workers_;
  // The job being run: written before generation_ is bumped, read by workers after they see the bump.
  TaskFn fn_ = nullptr;
  const void* ctx_ = nullptr;
  int parts_ = 0;
  std::vector<Range> ranges_;  // threads_ entries, sized once
  std::atomic<uint64_t> generation_{0};
  std::atomic<int> pending_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace eb
