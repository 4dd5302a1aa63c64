#include "targets/cortex_m4/emulator.h"

#include <unicorn/unicorn.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "core/strings.h"

namespace eb {
namespace {

constexpr uint32_t kFlashBase = 0x08000000, kRamBase = 0x20000000;
constexpr uint32_t kPpbBase = 0xE0000000, kPpbSize = 0x00100000;
constexpr uint16_t kSemihostBkpt = 0xBEAB;  // BKPT 0xAB in Thumb
constexpr int kInputHandle = 1, kConsoleHandle = 2;

struct Block {
  uint32_t size = 0;
  std::vector<std::pair<uint32_t, bool>> insns;  // address, conditional (only with count_every_instruction)
  BlockTiming timing;
  CostClass first_class = CostClass::kAlu;
  int function = -1;
};

struct Function {
  uint32_t begin, end;
  std::string name;
};

class Emulation;

struct DivideSite {
  Emulation* owner;
  unsigned rn, rm;  // unicorn register ids
  bool is_signed;
  int function;
};

class Emulation {
 public:
  Emulation(const Elf32Image& elf, const std::vector<uint8_t>& input, const EmulatorOptions& o)
      : elf_(elf), input_(input), o_(o) {}
  ~Emulation() {
    if (cs_) cs_close(&cs_);
    if (uc_) uc_close(uc_);
  }

  Result<EmulationResult> Run() {
    EB_RETURN_IF_ERROR(Setup());
    uint32_t vectors[2];
    uc_mem_read(uc_, kFlashBase, vectors, sizeof vectors);
    uc_reg_write(uc_, UC_ARM_REG_SP, &vectors[0]);
    const uc_err err = uc_emu_start(uc_, vectors[1] | 1u, 0xFFFFFFFFu, static_cast<uint64_t>(o_.timeout_seconds * 1e6), 0);
    if (!error_.empty()) return Status::Error(error_ + ConsoleTail());
    if (err != UC_ERR_OK) {
      uint32_t pc = 0, sp = 0;
      uc_reg_read(uc_, UC_ARM_REG_PC, &pc);
      uc_reg_read(uc_, UC_ARM_REG_SP, &sp);
      // A stack pointer below the reserve means the stack overflowed, whatever the fault it then caused.
      const auto bottom = elf_.Symbol("_stack_bottom"), top = elf_.Symbol("_stack_top");
      if (bottom && top && sp < *bottom) {
        return Status::Error(Format("the firmware overflowed its %u-byte stack reserve (sp=0x%08x in %s, below the "
                                    "reserve at 0x%08x); reserve more with --stack-kb",
                                    *top - *bottom, sp, FunctionAt(pc).c_str(), *bottom) +
                             ConsoleTail());
      }
      return Status::Error(Format("emulation stopped at pc=0x%08x (%s): %s", pc, FunctionAt(pc).c_str(), uc_strerror(err)) +
                           ConsoleTail());
    }
    if (o_.count_every_instruction) CheckPreviousBlock();
    if (!exited_) {
      return Status::Error(Format("the firmware did not exit within %.0f s of emulation", o_.timeout_seconds) + ConsoleTail());
    }
    auto report = ParseHarnessOutput(r_.console);
    if (!report.ok()) return report.status();
    r_.harness = *report;
    if (exit_reason_ != 0x20026u || !r_.harness.errors.empty()) {
      return Status::Error(Format("the firmware failed (exit reason 0x%x)", exit_reason_) + ConsoleTail());
    }
    if (!window_seen_) return Status::Error("the firmware never called eb_bench_start()/eb_bench_stop()");
    for (size_t i = 0; i < functions_.size(); ++i) {
      if (profile_[i].instructions > 0 || profile_[i].cycles > 0) r_.functions.push_back(profile_[i]);
    }
    std::sort(r_.functions.begin(), r_.functions.end(),
              [](const FunctionProfile& a, const FunctionProfile& b) { return a.cycles > b.cycles; });
    return r_;
  }

 private:
  Status Setup() {
    auto start = elf_.Symbol("eb_bench_start"), stop = elf_.Symbol("eb_bench_stop");
    if (!start || !stop) return Status::Error("the firmware has no eb_bench_start/eb_bench_stop symbols");
    start_ = *start & ~1u;
    stop_ = *stop & ~1u;
    for (const Elf32Symbol& s : elf_.symbols) {
      if (s.type == 2 && s.size > 0) functions_.push_back({s.value & ~1u, (s.value & ~1u) + s.size, s.name});
    }
    std::sort(functions_.begin(), functions_.end(), [](const Function& a, const Function& b) { return a.begin < b.begin; });
    profile_.resize(functions_.size());
    for (size_t i = 0; i < functions_.size(); ++i) profile_[i].name = functions_[i].name;

    if (uc_open(UC_ARCH_ARM, static_cast<uc_mode>(UC_MODE_THUMB | UC_MODE_MCLASS), &uc_) != UC_ERR_OK) {
      uc_ = nullptr;
      return Status::Error("unicorn: cannot create an Arm M-profile engine");
    }
    if (uc_ctl_set_cpu_model(uc_, UC_CPU_ARM_CORTEX_M4) != UC_ERR_OK) return Status::Error("unicorn: no Cortex-M4 model");
    if (cs_open(CS_ARCH_ARM, static_cast<cs_mode>(CS_MODE_THUMB | CS_MODE_MCLASS), &cs_) != CS_ERR_OK) {
      cs_ = 0;
      return Status::Error("capstone: cannot open a Thumb decoder");
    }
    cs_option(cs_, CS_OPT_DETAIL, CS_OPT_ON);
    auto map = [&](uint32_t base, uint32_t size, const char* what) {
      return uc_mem_map(uc_, base, size, UC_PROT_ALL) == UC_ERR_OK
                 ? Status::Ok()
                 : Status::Error(Format("unicorn: cannot map %s (%u bytes at 0x%08x)", what, size, base));
    };
    EB_RETURN_IF_ERROR(map(kFlashBase, RoundUp(o_.flash_bytes), "flash"));
    EB_RETURN_IF_ERROR(map(kRamBase, RoundUp(o_.ram_bytes), "RAM"));
    EB_RETURN_IF_ERROR(map(kPpbBase, kPpbSize, "the private peripheral bus"));
    for (const Elf32Segment& s : elf_.segments) {
      if (s.data.empty()) continue;
      const bool in_flash = s.paddr >= kFlashBase && uint64_t{s.paddr} + s.data.size() <= uint64_t{kFlashBase} + o_.flash_bytes;
      if (!in_flash) return Status::Error(Format("a loadable segment at 0x%08x (%zu bytes) lies outside the flash", s.paddr, s.data.size()));
      uc_mem_write(uc_, s.paddr, s.data.data(), s.data.size());
    }
    code_index_.assign(o_.flash_bytes / 2, 0);
    uc_hook h;
    if (uc_hook_add(uc_, &h, UC_HOOK_BLOCK, reinterpret_cast<void*>(&OnBlock), this, 1, 0) != UC_ERR_OK ||
        uc_hook_add(uc_, &h, UC_HOOK_INTR, reinterpret_cast<void*>(&OnInterrupt), this, 1, 0) != UC_ERR_OK) {
      return Status::Error("unicorn: cannot install hooks");
    }
    if (o_.count_every_instruction &&
        uc_hook_add(uc_, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&OnInstruction), this, 1, 0) != UC_ERR_OK) {
      return Status::Error("unicorn: cannot install the instruction hook");
    }
    return HookDivides();
  }

  static uint32_t RoundUp(uint32_t v) { return (v + 0xFFFu) & ~0xFFFu; }

  // SDIV/UDIV take 2 to 12 cycles depending on their operands: a hook on each one (found by decoding every
  // function of the ELF) reads them just before it executes.
  Status HookDivides() {
    for (size_t f = 0; f < functions_.size(); ++f) {
      const Function& fn = functions_[f];
      if (fn.begin < kFlashBase || fn.end > kFlashBase + o_.flash_bytes) continue;
      std::vector<uint8_t> code(fn.end - fn.begin);
      uc_mem_read(uc_, fn.begin, code.data(), code.size());
      const uint8_t* p = code.data();
      size_t left = code.size();
      uint64_t addr = fn.begin;
      cs_insn* insn = cs_malloc(cs_);
      while (left >= 2) {
        if (!cs_disasm_iter(cs_, &p, &left, &addr, insn)) {  // data in a literal pool: skip a halfword
          p += 2;
          left -= 2;
          addr += 2;
          continue;
        }
        if (insn->id != ARM_INS_SDIV && insn->id != ARM_INS_UDIV) continue;
        const cs_arm& a = insn->detail->arm;
        if (a.op_count < 3) continue;
        divides_.push_back(std::make_unique<DivideSite>(DivideSite{this, UcReg(a.operands[1].reg), UcReg(a.operands[2].reg),
                                                                   insn->id == ARM_INS_SDIV, static_cast<int>(f)}));
        uc_hook h;
        if (uc_hook_add(uc_, &h, UC_HOOK_CODE, reinterpret_cast<void*>(&OnDivide), divides_.back().get(), insn->address,
                        insn->address) != UC_ERR_OK) {
          cs_free(insn, 1);
          return Status::Error("unicorn: cannot hook a divide");
        }
      }
      cs_free(insn, 1);
    }
    return Status::Ok();
  }

  // Capstone register id -> unicorn register id (r0-r12, sp, lr, pc).
  static unsigned UcReg(unsigned cs_reg) {
    if (cs_reg >= ARM_REG_R0 && cs_reg <= ARM_REG_R12) return UC_ARM_REG_R0 + (cs_reg - ARM_REG_R0);
    if (cs_reg == ARM_REG_SP) return UC_ARM_REG_SP;
    if (cs_reg == ARM_REG_LR) return UC_ARM_REG_LR;
    return UC_ARM_REG_PC;
  }

  int FunctionIndex(uint32_t addr) const {
    auto it = std::upper_bound(functions_.begin(), functions_.end(), addr,
                               [](uint32_t a, const Function& f) { return a < f.begin; });
    if (it == functions_.begin()) return -1;
    --it;
    return addr < it->end ? static_cast<int>(it - functions_.begin()) : -1;
  }

  std::string FunctionAt(uint32_t addr) const {
    const int f = FunctionIndex(addr & ~1u);
    return f < 0 ? "no function" : functions_[static_cast<size_t>(f)].name;
  }

  std::string ConsoleTail() const {
    if (r_.console.empty()) return "";
    const size_t keep = 2000;
    return "\nfirmware console:\n" + (r_.console.size() > keep ? "..." + r_.console.substr(r_.console.size() - keep) : r_.console);
  }

  const Block* Decode(uint64_t addr, uint32_t size) {
    Block b;
    b.size = size;
    b.function = FunctionIndex(static_cast<uint32_t>(addr));
    std::vector<uint8_t> code(size);
    if (uc_mem_read(uc_, addr, code.data(), size) != UC_ERR_OK) return nullptr;
    const uint8_t* p = code.data();
    size_t left = size;
    uint64_t a = addr;
    cs_insn* insn = cs_malloc(cs_);
    bool first = true;
    while (left > 0) {
      if (!cs_disasm_iter(cs_, &p, &left, &a, insn)) {
        cs_free(insn, 1);
        error_ = Format("capstone cannot decode the instruction at 0x%08llx", static_cast<unsigned long long>(a));
        return nullptr;
      }
      const InsnTiming t = ClassifyInstruction(*insn);
      if (o_.count_every_instruction) {
        b.insns.emplace_back(static_cast<uint32_t>(insn->address), insn->detail->arm.cc != ARM_CC_AL &&
                                                                       insn->detail->arm.cc != ARM_CC_INVALID);
      }
      if (first) b.first_class = t.cls;
      first = false;
      AppendToBlock(t, &b.timing);
    }
    cs_free(insn, 1);
    blocks_.push_back(b);
    return &blocks_.back();
  }

  const Block* Lookup(uint64_t addr, uint32_t size) {
    const uint64_t slot = (addr - kFlashBase) / 2;
    if (addr >= kFlashBase && slot < code_index_.size()) {
      const uint32_t k = code_index_[slot];
      if (k != 0 && blocks_[k - 1].size == size) return &blocks_[k - 1];
      const Block* b = Decode(addr, size);
      if (b) code_index_[slot] = static_cast<uint32_t>(blocks_.size());
      return b;
    }
    auto it = other_blocks_.find(addr);
    if (it != other_blocks_.end() && blocks_[it->second].size == size) return &blocks_[it->second];
    const Block* b = Decode(addr, size);
    if (b) other_blocks_[addr] = blocks_.size() - 1;
    return b;
  }

  void Charge(int function, CostClass c, uint64_t instructions, int64_t cycles) {
    r_.instructions += instructions;
    r_.cycles += static_cast<uint64_t>(cycles);
    r_.class_instructions[static_cast<size_t>(c)] += instructions;
    r_.class_cycles[static_cast<size_t>(c)] += static_cast<uint64_t>(cycles);
    if (function >= 0) {
      profile_[static_cast<size_t>(function)].instructions += instructions;
      profile_[static_cast<size_t>(function)].cycles += static_cast<uint64_t>(cycles);
    }
  }

  // With count_every_instruction: which instructions of the block just left did the instruction hook miss?
  void CheckPreviousBlock() {
    if (prev_counted_ && prev_block_ != SIZE_MAX) {
      for (const auto& [a, conditional] : blocks_[prev_block_].insns) {
        if (std::find(seen_.begin(), seen_.end(), a) != seen_.end()) continue;
        ++(conditional ? r_.instructions_condition_failed : r_.instructions_unexplained);
      }
    }
    seen_.clear();
  }

  void Block_(uint64_t addr, uint32_t size) {
    if (o_.count_every_instruction) CheckPreviousBlock();
    const Block* b = Lookup(addr, size);
    if (!b) {
      if (error_.empty()) error_ = Format("cannot read the code block at 0x%08llx", static_cast<unsigned long long>(addr));
      uc_emu_stop(uc_);
      return;
    }
    // The previous block ended in a branch that was taken: the pipeline refills.
    const bool fell_through = addr == prev_end_;
    if (counting_ && !fell_through) {
      r_.cycles += CortexM4Timing::kBranchRefill;
      r_.class_cycles[static_cast<size_t>(CostClass::kBranch)] += CortexM4Timing::kBranchRefill;
      if (prev_function_ >= 0) profile_[static_cast<size_t>(prev_function_)].cycles += CortexM4Timing::kBranchRefill;
      ++r_.taken_branches;
    }
    if (addr == start_) {
      counting_ = true;
      window_seen_ = true;
    } else if (addr == stop_) {
      counting_ = false;
    }
    r_.program_instructions += b->timing.instructions;
    if (counting_) {
      for (size_t c = 0; c < kNumCostClasses; ++c) {
        r_.class_instructions[c] += b->timing.class_instructions[c];
        r_.class_cycles[c] += b->timing.class_cycles[c];
      }
      r_.instructions += b->timing.instructions;
      r_.cycles += b->timing.cycles;
      if (b->function >= 0) {
        profile_[static_cast<size_t>(b->function)].instructions += b->timing.instructions;
        profile_[static_cast<size_t>(b->function)].cycles += b->timing.cycles;
      }
      // A load at the end of the previous block lets this block's first load/store pipeline.
      if (fell_through && prev_last_load_ && b->timing.first_pipelinable) Charge(b->function, b->first_class, 0, -1);
    }
    prev_end_ = addr + size;
    prev_counted_ = counting_;
    prev_block_ = static_cast<size_t>(b - blocks_.data());
    prev_last_load_ = b->timing.last_load_pipelines;
    prev_function_ = b->function;
  }

  void Interrupt(uint32_t intno) {
    uint32_t pc = 0, r0 = 0, r1 = 0;
    uc_reg_read(uc_, UC_ARM_REG_PC, &pc);
    uint16_t insn = 0;
    uc_mem_read(uc_, pc & ~1u, &insn, 2);
    if (insn != kSemihostBkpt) {
      error_ = Format("unexpected exception %u at pc=0x%08x (%s)", intno, pc, FunctionAt(pc).c_str());
      uc_emu_stop(uc_);
      return;
    }
    uc_reg_read(uc_, UC_ARM_REG_R0, &r0);
    uc_reg_read(uc_, UC_ARM_REG_R1, &r1);
    int32_t ret = 0;
    switch (r0) {
      case 0x01: {  // SYS_OPEN {name, mode, length}
        uint32_t a[3];
        uc_mem_read(uc_, r1, a, sizeof a);
        std::string name(std::min<uint32_t>(a[2], 256), '\0');
        uc_mem_read(uc_, a[0], name.data(), name.size());
        ret = name == ":tt" ? kConsoleHandle : (name == "input.bin" && a[1] < 4 ? kInputHandle : -1);
        break;
      }
      case 0x02: ret = 0; break;  // SYS_CLOSE
      case 0x03: {                // SYS_WRITEC
        char c = 0;
        uc_mem_read(uc_, r1, &c, 1);
        r_.console += c;
        break;
      }
      case 0x04: {  // SYS_WRITE0
        for (uint32_t a = r1; r_.console.size() < (64u << 20); ++a) {
          char c = 0;
          if (uc_mem_read(uc_, a, &c, 1) != UC_ERR_OK || c == 0) break;
          r_.console += c;
        }
        break;
      }
      case 0x05: {  // SYS_WRITE {handle, data, length}: returns the bytes not written
        uint32_t a[3];
        uc_mem_read(uc_, r1, a, sizeof a);
        std::string s(std::min<uint32_t>(a[2], 1u << 20), '\0');
        uc_mem_read(uc_, a[1], s.data(), s.size());
        r_.console += s;
        ret = static_cast<int32_t>(a[2] - s.size());
        break;
      }
      case 0x06: {  // SYS_READ {handle, buffer, length}: returns the bytes not read
        uint32_t a[3];
        uc_mem_read(uc_, r1, a, sizeof a);
        if (a[0] != static_cast<uint32_t>(kInputHandle)) {
          ret = static_cast<int32_t>(a[2]);
          break;
        }
        const size_t n = std::min<size_t>(a[2], input_.size() - input_pos_);
        if (n > 0 && uc_mem_write(uc_, a[1], input_.data() + input_pos_, n) != UC_ERR_OK) {
          error_ = Format("SYS_READ into unmapped memory at 0x%08x", a[1]);
          uc_emu_stop(uc_);
          return;
        }
        input_pos_ += n;
        ret = static_cast<int32_t>(a[2] - n);
        break;
      }
      case 0x09: ret = 0; break;                                          // SYS_ISTTY
      case 0x0C: ret = static_cast<int32_t>(input_.size()); break;        // SYS_FLEN
      case 0x18:                                                          // SYS_EXIT
      case 0x20:                                                          // SYS_EXIT_EXTENDED
        exited_ = true;
        if (r0 == 0x20) {
          uint32_t a[2];
          uc_mem_read(uc_, r1, a, sizeof a);
          r1 = a[0] == 0x20026u && a[1] == 0 ? 0x20026u : 0x20023u;
        }
        exit_reason_ = r1;
        uc_emu_stop(uc_);
        return;
      default:
        error_ = Format("unsupported semihosting operation 0x%x at pc=0x%08x", r0, pc);
        uc_emu_stop(uc_);
        return;
    }
    uc_reg_write(uc_, UC_ARM_REG_R0, &ret);
    pc = (pc + 2) | 1u;  // resume after the BKPT, in Thumb state
    uc_reg_write(uc_, UC_ARM_REG_PC, &pc);
  }

  void Divide(const DivideSite& d) {
    if (!counting_) return;
    uint32_t n = 0, m = 0;
    uc_reg_read(uc_, static_cast<int>(d.rn), &n);
    uc_reg_read(uc_, static_cast<int>(d.rm), &m);
    const int64_t extra = static_cast<int64_t>(DivideCycles(n, m, d.is_signed)) - CortexM4Timing::kDivideMin;
    if (extra > 0) Charge(d.function, CostClass::kDivide, 0, extra);
  }

  static void OnBlock(uc_engine*, uint64_t addr, uint32_t size, void* self) {
    static_cast<Emulation*>(self)->Block_(addr, size);
  }
  static void OnInterrupt(uc_engine*, uint32_t intno, void* self) { static_cast<Emulation*>(self)->Interrupt(intno); }
  static void OnInstruction(uc_engine*, uint64_t addr, uint32_t, void* self) {
    auto* e = static_cast<Emulation*>(self);
    if (!e->counting_) return;
    ++e->r_.instructions_counted_one_by_one;
    e->seen_.push_back(static_cast<uint32_t>(addr));
  }
  static void OnDivide(uc_engine*, uint64_t, uint32_t, void* site) {
    const auto* d = static_cast<const DivideSite*>(site);
    d->owner->Divide(*d);
  }

  const Elf32Image& elf_;
  const std::vector<uint8_t>& input_;
  const EmulatorOptions& o_;
  uc_engine* uc_ = nullptr;
  csh cs_ = 0;
  uint32_t start_ = 0, stop_ = 0;
  std::vector<Function> functions_;
  std::vector<FunctionProfile> profile_;
  std::vector<std::unique_ptr<DivideSite>> divides_;
  std::vector<Block> blocks_;
  std::vector<uint32_t> code_index_;  // flash halfword -> 1 + index into blocks_ (0: not decoded)
  std::unordered_map<uint64_t, size_t> other_blocks_;
  EmulationResult r_;
  size_t input_pos_ = 0;
  bool counting_ = false, window_seen_ = false, exited_ = false, prev_last_load_ = false;
  uint64_t prev_end_ = 0;
  bool prev_counted_ = false;
  size_t prev_block_ = SIZE_MAX;
  std::vector<uint32_t> seen_;
  int prev_function_ = -1;
  uint32_t exit_reason_ = 0;
  std::string error_;
};

}  // namespace

Result<EmulationResult> EmulateCortexM4(const Elf32Image& elf, const std::vector<uint8_t>& input,
                                        const EmulatorOptions& options) {
  Emulation e(elf, input, options);
  return e.Run();
}

}  // namespace eb
