#include "targets/cortex_m4/cycle_model.h"

#include <algorithm>

namespace eb {
namespace {

bool IsDoubleReg(unsigned reg) { return reg >= ARM_REG_D0 && reg <= ARM_REG_D31; }

// Registers in a register list: every register operand, minus the base register when the instruction
// has one (LDM/STM/VLDM/VSTM: operand 0). Double-precision registers move two words each.
uint32_t ListWords(const cs_arm& a, bool has_base) {
  uint32_t n = 0;
  for (uint8_t i = has_base ? 1 : 0; i < a.op_count; ++i) {
    if (a.operands[i].type != ARM_OP_REG) continue;
    n += IsDoubleReg(a.operands[i].reg) ? 2 : 1;
  }
  return n;
}

const cs_arm_op* MemOperand(const cs_arm& a) {
  for (uint8_t i = 0; i < a.op_count; ++i) {
    if (a.operands[i].type == ARM_OP_MEM) return &a.operands[i];
  }
  return nullptr;
}

// A post-indexed access shows its offset as an extra operand after the memory operand.
bool HasPostIndex(const cs_arm& a) {
  bool seen_mem = false;
  for (uint8_t i = 0; i < a.op_count; ++i) {
    if (a.operands[i].type == ARM_OP_MEM) seen_mem = true;
    else if (seen_mem) return true;
  }
  return false;
}

InsnTiming Make(CostClass cls, uint32_t cycles) {
  InsnTiming t;
  t.cls = cls;
  t.cycles = cycles;
  return t;
}

}  // namespace

std::string_view CostClassName(CostClass c) {
  switch (c) {
    case CostClass::kAlu: return "alu";
    case CostClass::kMultiply: return "multiply";
    case CostClass::kMultiplyAcc: return "mla/mls";
    case CostClass::kDivide: return "divide";
    case CostClass::kLoad: return "load";
    case CostClass::kStore: return "store";
    case CostClass::kLoadStorePair: return "ldrd/strd";
    case CostClass::kLoadStoreMulti: return "ldm/stm/push/pop";
    case CostClass::kBranch: return "branch";
    case CostClass::kFpu: return "fpu";
    case CostClass::kFpuMac: return "fpu mac";
    case CostClass::kFpuDivSqrt: return "fpu div/sqrt";
    case CostClass::kFpuLoadStore: return "fpu load/store";
    case CostClass::kSystem: return "system";
    case CostClass::kCount: break;
  }
  return "?";
}

InsnTiming ClassifyInstruction(const cs_insn& insn) {
  const cs_arm& a = insn.detail->arm;
  switch (insn.id) {
    case ARM_INS_MUL:
    case ARM_INS_SMULL: case ARM_INS_UMULL: case ARM_INS_SMLAL: case ARM_INS_UMLAL: case ARM_INS_UMAAL:
    case ARM_INS_SMLABB: case ARM_INS_SMLABT: case ARM_INS_SMLATB: case ARM_INS_SMLATT:
    case ARM_INS_SMLAD: case ARM_INS_SMLADX: case ARM_INS_SMLALBB: case ARM_INS_SMLALBT: case ARM_INS_SMLALTB:
    case ARM_INS_SMLALTT: case ARM_INS_SMLALD: case ARM_INS_SMLALDX: case ARM_INS_SMLAWB: case ARM_INS_SMLAWT:
    case ARM_INS_SMLSD: case ARM_INS_SMLSDX: case ARM_INS_SMLSLD: case ARM_INS_SMLSLDX: case ARM_INS_SMMLA:
    case ARM_INS_SMMLAR: case ARM_INS_SMMLS: case ARM_INS_SMMLSR: case ARM_INS_SMMUL: case ARM_INS_SMMULR:
    case ARM_INS_SMUAD: case ARM_INS_SMUADX: case ARM_INS_SMULBB: case ARM_INS_SMULBT: case ARM_INS_SMULTB:
    case ARM_INS_SMULTT: case ARM_INS_SMULWB: case ARM_INS_SMULWT: case ARM_INS_SMUSD: case ARM_INS_SMUSDX:
    case ARM_INS_USAD8: case ARM_INS_USADA8:
      return Make(CostClass::kMultiply, 1);
    case ARM_INS_MLA: case ARM_INS_MLS:
      return Make(CostClass::kMultiplyAcc, 2);
    case ARM_INS_SDIV: case ARM_INS_UDIV: {
      InsnTiming t = Make(CostClass::kDivide, CortexM4Timing::kDivideMin);
      t.divide = true;
      return t;
    }
    case ARM_INS_LDR: case ARM_INS_LDRB: case ARM_INS_LDRH: case ARM_INS_LDRSB: case ARM_INS_LDRSH:
    case ARM_INS_LDRT: case ARM_INS_LDRBT: case ARM_INS_LDRHT: case ARM_INS_LDRSBT: case ARM_INS_LDRSHT:
    case ARM_INS_LDREX: case ARM_INS_LDREXB: case ARM_INS_LDREXH: case ARM_INS_PLD: case ARM_INS_PLDW:
    case ARM_INS_PLI: {
      // Loads take 2 cycles; one behind a pipelining load takes 1. A load with base update does not let
      // the next access pipeline. (A load into PC is a branch: its refill is added when it is taken.)
      InsnTiming t = Make(CostClass::kLoad, 2);
      t.pipelinable = true;
      t.load_pipelines_next = !(a.writeback || HasPostIndex(a));
      return t;
    }
    case ARM_INS_STR: case ARM_INS_STRB: case ARM_INS_STRH: case ARM_INS_STRT: case ARM_INS_STRBT:
    case ARM_INS_STRHT: case ARM_INS_STREX: case ARM_INS_STREXB: case ARM_INS_STREXH: {
      // STR with an immediate offset is always one cycle (the write completes under the next instruction);
      // with a register offset it takes 2, or 1 behind a load. Nothing pipelines behind a store.
      const cs_arm_op* m = MemOperand(a);
      const bool reg_offset = m && m->mem.index != ARM_REG_INVALID;
      InsnTiming t = Make(CostClass::kStore, reg_offset ? 2 : 1);
      t.pipelinable = reg_offset;
      return t;
    }
    case ARM_INS_LDRD: case ARM_INS_STRD: case ARM_INS_LDREXD: case ARM_INS_STREXD:
      return Make(CostClass::kLoadStorePair, 3);  // 1 + N, N = 2
    case ARM_INS_LDM: case ARM_INS_LDMDB: case ARM_INS_LDMDA: case ARM_INS_LDMIB:
    case ARM_INS_STM: case ARM_INS_STMDB: case ARM_INS_STMDA: case ARM_INS_STMIB:
      return Make(CostClass::kLoadStoreMulti, 1 + ListWords(a, true));
    case ARM_INS_PUSH: case ARM_INS_POP:
      return Make(CostClass::kLoadStoreMulti, 1 + ListWords(a, false));
    case ARM_INS_B: case ARM_INS_BL: case ARM_INS_BX: case ARM_INS_BLX: case ARM_INS_CBZ: case ARM_INS_CBNZ:
      return Make(CostClass::kBranch, 1);
    case ARM_INS_TBB: case ARM_INS_TBH:
      return Make(CostClass::kBranch, 2);
    case ARM_INS_VMLA: case ARM_INS_VMLS: case ARM_INS_VNMLA: case ARM_INS_VNMLS:
    case ARM_INS_VFMA: case ARM_INS_VFMS: case ARM_INS_VFNMA: case ARM_INS_VFNMS:
      return Make(CostClass::kFpuMac, 3);
    case ARM_INS_VDIV: case ARM_INS_VSQRT:
      return Make(CostClass::kFpuDivSqrt, 14);
    case ARM_INS_VLDR: case ARM_INS_VSTR:
      return Make(CostClass::kFpuLoadStore, a.op_count > 0 && IsDoubleReg(a.operands[0].reg) ? 3 : 2);
    case ARM_INS_VLDMIA: case ARM_INS_VLDMDB: case ARM_INS_VSTMIA: case ARM_INS_VSTMDB:
      return Make(CostClass::kFpuLoadStore, 1 + ListWords(a, true));
    case ARM_INS_VPUSH: case ARM_INS_VPOP:
      return Make(CostClass::kFpuLoadStore, 1 + ListWords(a, false));
    case ARM_INS_VMOV: {
      // Two core registers to or from a double (or two singles) is 2 cycles; every other move 1.
      uint32_t core = 0;
      for (uint8_t i = 0; i < a.op_count; ++i) {
        if (a.operands[i].type == ARM_OP_REG && a.operands[i].reg >= ARM_REG_R0 && a.operands[i].reg <= ARM_REG_R12) ++core;
      }
      return Make(CostClass::kFpu, core >= 2 ? 2 : 1);
    }
    case ARM_INS_VADD: case ARM_INS_VSUB: case ARM_INS_VMUL: case ARM_INS_VNMUL: case ARM_INS_VABS:
    case ARM_INS_VNEG: case ARM_INS_VCMP: case ARM_INS_VCMPE: case ARM_INS_VCVT: case ARM_INS_VCVTR:
    case ARM_INS_VCVTB: case ARM_INS_VCVTT: case ARM_INS_VCVTA: case ARM_INS_VCVTN: case ARM_INS_VCVTP:
    case ARM_INS_VCVTM: case ARM_INS_VMRS: case ARM_INS_VMSR:
      return Make(CostClass::kFpu, 1);
    case ARM_INS_ISB:
      return Make(CostClass::kSystem, 1 + CortexM4Timing::kBranchRefill);  // 1 + B, B = a refill
    case ARM_INS_DSB: case ARM_INS_DMB: case ARM_INS_MRS: case ARM_INS_MSR: case ARM_INS_CPS:
    case ARM_INS_BKPT: case ARM_INS_SVC: case ARM_INS_WFI: case ARM_INS_WFE: case ARM_INS_SEV:
    case ARM_INS_UDF: case ARM_INS_CLREX:
      return Make(CostClass::kSystem, 1);
    default:
      return Make(CostClass::kAlu, 1);
  }
}

uint32_t DivideCycles(uint32_t dividend, uint32_t divisor, bool is_signed) {
  auto magnitude = [&](uint32_t v) {
    return is_signed && static_cast<int32_t>(v) < 0 ? 0u - v : v;
  };
  auto bits = [](uint32_t v) { return v == 0 ? 0 : 32 - __builtin_clz(v); };
  const int n = bits(magnitude(dividend)), d = bits(magnitude(divisor));
  if (divisor == 0 || n < d) return CortexM4Timing::kDivideMin;
  const uint32_t quotient_bits = static_cast<uint32_t>(n - d + 1);
  return std::min(CortexM4Timing::kDivideMax, CortexM4Timing::kDivideMin + (quotient_bits + 2) / 3);
}

void AppendToBlock(const InsnTiming& t, BlockTiming* b) {
  uint32_t cycles = t.cycles;
  const bool pipelined = b->instructions > 0 && t.pipelinable && b->last_load_pipelines;
  if (pipelined) --cycles;
  if (b->instructions == 0) b->first_pipelinable = t.pipelinable;
  b->last_load_pipelines = t.load_pipelines_next;
  ++b->instructions;
  b->cycles += cycles;
  const size_t c = static_cast<size_t>(t.cls);
  ++b->class_instructions[c];
  b->class_cycles[c] += cycles;
}

}  // namespace eb

