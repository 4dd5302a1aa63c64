// Invoke() must allocate nothing: every buffer is planned and every call resolved at Create().
// This file replaces the global operator new for the whole test binary with a counting one.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "importers/load_model.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// Every replaceable form is replaced, so memory from any of them is freed by the matching form (a
// mismatch is what AddressSanitizer reports otherwise, e.g. for std::stable_sort's nothrow buffers).
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace eb {
namespace {

// On the host's best kernels, one and two threads (the pool hands out work without allocating).
class InvokeAllocation : public testing::TestWithParam<int> {};

TEST_P(InvokeAllocation, NoHeapAllocationInsideInvoke) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  int checked = 0;
  for (const std::string& path : test::SharedTfliteModels()) {
    auto graph = LoadModel(path);
    ASSERT_TRUE(graph.ok()) << graph.status().message();
    auto rt = Runtime::Create(std::move(graph.value()), {KernelTarget::Host(), GetParam()});
    ASSERT_TRUE(rt.ok()) << rt.status().message();
    const long before = g_allocations.load();
    rt.value()->Invoke();
    rt.value()->Invoke();
    EXPECT_EQ(g_allocations.load(), before) << path;
    ++checked;
  }
  EXPECT_EQ(checked, 11);
  // The counter works: a plain allocation is seen.
  const long before = g_allocations.load();
  auto* p = new int(3);
  EXPECT_EQ(g_allocations.load(), before + 1);
  delete p;
}

INSTANTIATE_TEST_SUITE_P(Threads, InvokeAllocation, testing::Values(1, 2));

}  // namespace
}  // namespace eb
