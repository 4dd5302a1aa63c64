// A Cortex-M4 cycle estimate per instruction, from the timing tables of the Cortex-M4 Technical
// Reference Manual ("Processor instruction timings" / the FPU instruction table). The table, its
// sources and what it leaves out are documented in docs/cortex-m4-cycle-model.md.
//
// The emulator decodes each translated block once (capstone) and keeps its static cost; at run time it
// adds what depends on execution: the pipeline refill of a taken branch (the next block does not start
// where the previous one ended), a load or store pipelined behind a load across a block boundary, and
// the data-dependent time of SDIV/UDIV.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include <capstone/capstone.h>

namespace eb {

enum class CostClass : uint8_t {
  kAlu,             // data processing, moves, shifts, compares, bit fields, extends, saturation, IT, NOP
  kMultiply,        // MUL, the long multiplies and the DSP multiplies (SMLAD, SMLAL, SMULxy, ...)
  kMultiplyAcc,     // MLA, MLS
  kDivide,          // SDIV, UDIV
  kLoad,            // single loads (LDR, LDRB, LDRH, LDRSB, LDRSH, LDREX, PLD)
  kStore,           // single stores
  kLoadStorePair,   // LDRD, STRD
  kLoadStoreMulti,  // LDM, STM, PUSH, POP
  kBranch,          // B, BL, BX, BLX, CBZ, CBNZ, TBB, TBH
  kFpu,             // VADD, VSUB, VMUL, VABS, VNEG, VCMP, VCVT, VMOV, VMRS, VMSR
  kFpuMac,          // VMLA, VMLS, VNMLA, VNMLS, VFMA, VFMS, VFNMA, VFNMS
  kFpuDivSqrt,      // VDIV, VSQRT
  kFpuLoadStore,    // VLDR, VSTR, VLDM, VSTM, VPUSH, VPOP
  kSystem,          // MRS, MSR, CPS, barriers, BKPT, SVC, WFI, ...
  kCount
};
inline constexpr size_t kNumCostClasses = static_cast<size_t>(CostClass::kCount);

// "alu", "load", ... (report column names).
std::string_view CostClassName(CostClass c);

struct CortexM4Timing {
  static constexpr uint32_t kBranchRefill = 2;  // P: pipeline refill after a taken branch (TRM: 1 to 3)
  static constexpr uint32_t kDivideMin = 2, kDivideMax = 12;
};

// The static timing of one instruction.
struct InsnTiming {
  CostClass cls = CostClass::kAlu;
  uint32_t cycles = 1;           // issue cycles, before pipelining savings and taken-branch refill
  bool pipelinable = false;      // an LDR/STR that takes one cycle less right after a pipelining load
  bool load_pipelines_next = false;  // a single load without base update: the next LDR/STR may pipeline
  bool divide = false;           // SDIV/UDIV: `cycles` is the minimum; the emulator adds the rest
};

// Classifies one decoded Thumb instruction (capstone with CS_OPT_DETAIL on).
InsnTiming ClassifyInstruction(const cs_insn& insn);

// SDIV/UDIV cycles for these operands: the TRM gives 2 to 12 with early termination on the operands'
// sizes; we estimate 2 + one cycle per 3 quotient bits, capped at 12.
uint32_t DivideCycles(uint32_t dividend, uint32_t divisor, bool is_signed);

// The static cost of a straight-line block of instructions.
struct BlockTiming {
  uint32_t instructions = 0;
  uint64_t cycles = 0;               // with pipelining inside the block, without the taken-branch refill
  bool first_pipelinable = false;    // first instruction saves a cycle if the previous block ended in a load
  bool last_load_pipelines = false;  // last instruction lets the next block's first LDR/STR pipeline
  std::array<uint32_t, kNumCostClasses> class_instructions{};
  std::array<uint32_t, kNumCostClasses> class_cycles{};
};

// Adds one instruction to a block's cost, applying the load/store pipelining rule inside the block.
void AppendToBlock(const InsnTiming& t, BlockTiming* b);

}  // namespace eb
