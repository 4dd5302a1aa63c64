// Kernel targets: ISA names, the CPU check on a forced level, and descriptions.
#include "runtime/kernel_target.h"

#include <gtest/gtest.h>

namespace eb {
namespace {

TEST(KernelTarget, IsaNamesRoundTrip) {
  for (Isa i : {Isa::kRef, Isa::kAvx2, Isa::kAvx512, Isa::kAvx512Vnni}) {
    const Result<Isa> back = ParseIsa(IsaName(i));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), i);
  }
  const Result<Isa> bad = ParseIsa("sse9");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "unknown ISA level 'sse9' (expected ref, avx2, avx512 or avx512vnni)");
}

TEST(KernelTarget, ForcedLevelMustBeOnTheCpu) {
  const Isa have = DetectIsa();
  for (Isa i : {Isa::kRef, Isa::kAvx2, Isa::kAvx512, Isa::kAvx512Vnni}) {
    const Result<KernelTarget> t = KernelTarget::Host(i);
    if (i <= have) {
      ASSERT_TRUE(t.ok());
      EXPECT_EQ(t.value().isa, i);
      EXPECT_EQ(t.value().Describe(), std::string("host (") + IsaName(i) + ")");
    } else {
      ASSERT_FALSE(t.ok());
      EXPECT_EQ(t.status().message(), std::string("this CPU cannot run ISA level ") + IsaName(i) + " (it has " +
                                          IsaName(have) + ")");
    }
  }
}

TEST(KernelTarget, McuTargetsTakeNoSimd) {
  EXPECT_FALSE(KernelTarget::CortexM4().simd(Isa::kAvx2));
  EXPECT_FALSE(KernelTarget::C().simd(Isa::kAvx2));
  EXPECT_EQ(KernelTarget::CortexM4().Describe(), "cortex-m4");
  EXPECT_EQ(KernelTarget::C().Describe(), "c");
  const Result<KernelTarget> t = ParseKernelTarget("riscv");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "unknown kernel target 'riscv' (expected host, cortex-m4 or c)");
  EXPECT_EQ(ParseKernelTarget("cortex-m4").value().kind, TargetKind::kCortexM4);
  // ref is on every CPU.
  EXPECT_EQ(ParseKernelTarget("host", "ref").value().isa, Isa::kRef);
  EXPECT_FALSE(KernelTarget::Host(Isa::kRef).value().simd(Isa::kAvx2));
}

}  // namespace
}  // namespace eb
