// The Cortex-M4 timing table on hand-assembled Thumb instructions (encodings from arm-none-eabi-as).
#include "targets/cortex_m4/cycle_model.h"

#include <gtest/gtest.h>

#include <vector>

namespace eb {
namespace {

class Decoder {
 public:
  Decoder() {
    cs_open(CS_ARCH_ARM, static_cast<cs_mode>(CS_MODE_THUMB | CS_MODE_MCLASS), &h_);
    cs_option(h_, CS_OPT_DETAIL, CS_OPT_ON);
  }
  ~Decoder() { cs_close(&h_); }
  // Timings of every instruction in `code`.
  std::vector<InsnTiming> Time(const std::vector<uint8_t>& code) {
    cs_insn* insn = nullptr;
    const size_t n = cs_disasm(h_, code.data(), code.size(), 0x08000000, 0, &insn);
    std::vector<InsnTiming> t;
    for (size_t i = 0; i < n; ++i) t.push_back(ClassifyInstruction(insn[i]));
    cs_free(insn, n);
    return t;
  }
  InsnTiming One(const std::vector<uint8_t>& code) {
    const auto t = Time(code);
    EXPECT_EQ(t.size(), 1u);
    return t.empty() ? InsnTiming{} : t[0];
  }
  BlockTiming Block(const std::vector<uint8_t>& code) {
    BlockTiming b;
    for (const InsnTiming& t : Time(code)) AppendToBlock(t, &b);
    return b;
  }

 private:
  csh h_ = 0;
};

TEST(CycleModel, SingleInstructions) {
  Decoder d;
  EXPECT_EQ(d.One({0x88, 0x18}).cycles, 1u);                // adds r0, r1, r2
  EXPECT_EQ(d.One({0x88, 0x18}).cls, CostClass::kAlu);
  EXPECT_EQ(d.One({0x2f, 0xfa, 0x81, 0xf0}).cycles, 1u);    // sxtb16 r0, r1
  EXPECT_EQ(d.One({0x08, 0x68}).cycles, 2u);                // ldr r0, [r1]
  EXPECT_EQ(d.One({0x08, 0x60}).cycles, 1u);                // str r0, [r1]: immediate offset, always 1
  EXPECT_EQ(d.One({0x88, 0x50}).cycles, 2u);                // str r0, [r1, r2]: register offset
  EXPECT_EQ(d.One({0x01, 0xfb, 0x02, 0x30}).cycles, 2u);    // mla
  EXPECT_EQ(d.One({0x01, 0xfb, 0x02, 0x30}).cls, CostClass::kMultiplyAcc);
  EXPECT_EQ(d.One({0x21, 0xfb, 0x02, 0x30}).cycles, 1u);    // smlad
  EXPECT_EQ(d.One({0x21, 0xfb, 0x02, 0x30}).cls, CostClass::kMultiply);
  EXPECT_EQ(d.One({0xf0, 0xb5}).cycles, 6u);                // push {r4-r7, lr}: 1 + 5
  EXPECT_EQ(d.One({0x10, 0xbd}).cycles, 3u);                // pop {r4, pc}: 1 + 2 (+ refill when taken)
  EXPECT_EQ(d.One({0xfe, 0xe7}).cls, CostClass::kBranch);   // b .
  EXPECT_EQ(d.One({0xfe, 0xe7}).cycles, 1u);
  EXPECT_TRUE(d.One({0x91, 0xfb, 0xf2, 0xf0}).divide);     // sdiv
  EXPECT_EQ(d.One({0xd2, 0xe9, 0x00, 0x01}).cycles, 3u);    // ldrd: 1 + 2
  EXPECT_EQ(d.One({0x30, 0xee, 0x81, 0x0a}).cycles, 1u);    // vadd.f32
  EXPECT_EQ(d.One({0x80, 0xee, 0x81, 0x0a}).cycles, 14u);   // vdiv.f32
  EXPECT_EQ(d.One({0x00, 0xee, 0x81, 0x0a}).cycles, 3u);    // vmla.f32
  EXPECT_EQ(d.One({0x90, 0xed, 0x00, 0x0a}).cycles, 2u);    // vldr s0
  EXPECT_EQ(d.One({0x2d, 0xed, 0x04, 0x8b}).cycles, 5u);    // vpush {d8-d9}: 1 + 4 words
  EXPECT_EQ(d.One({0x51, 0xec, 0x10, 0x0b}).cycles, 2u);    // vmov r0, r1, d0
}

TEST(CycleModel, LoadsPipelineBehindLoads) {
  Decoder d;
  // ldr r0,[r1]; ldr r1,[r2]: "normally three cycles total" (TRM).
  EXPECT_EQ(d.Block({0x08, 0x68, 0x11, 0x68}).cycles, 3u);
  // ldr r0,[r1]; ldr r1,[r2]; ldr r2,[r3,r4]: four.
  EXPECT_EQ(d.Block({0x08, 0x68, 0x11, 0x68, 0x1a, 0x59}).cycles, 4u);
  // ldr then a register-offset store: the store pipelines (2 + 1).
  EXPECT_EQ(d.Block({0x08, 0x68, 0x88, 0x50}).cycles, 3u);
  // str then ldr: nothing pipelines behind a store (1 + 2).
  EXPECT_EQ(d.Block({0x08, 0x60, 0x11, 0x68}).cycles, 3u);
  // A load with base update does not let the next load pipeline (2 + 2).
  EXPECT_EQ(d.Block({0x51, 0xf8, 0x04, 0x0f, 0x11, 0x68}).cycles, 4u);
  const BlockTiming b = d.Block({0x88, 0x18, 0x08, 0x68});  // adds; ldr
  EXPECT_FALSE(b.first_pipelinable);
  EXPECT_TRUE(b.last_load_pipelines);
  EXPECT_EQ(b.instructions, 2u);
  EXPECT_EQ(b.class_instructions[static_cast<size_t>(CostClass::kLoad)], 1u);
}

TEST(CycleModel, DivideCyclesFollowTheQuotientSize) {
  EXPECT_EQ(DivideCycles(7, 9, false), 2u);            // quotient 0: early out
  EXPECT_EQ(DivideCycles(100, 0, false), 2u);          // division by zero
  EXPECT_EQ(DivideCycles(64, 8, false), 4u);           // 7 bits / 4 bits: 4 quotient bits, 2 + 2
  EXPECT_EQ(DivideCycles(0xFFFFFFFFu, 1, false), 12u); // 32 quotient bits: capped at the TRM's 12
  EXPECT_EQ(DivideCycles(static_cast<uint32_t>(-1000), 10, true), DivideCycles(1000, 10, false));
}

}  // namespace
}  // namespace eb
