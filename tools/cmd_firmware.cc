// `edgebench firmware MODEL --input FILE`: the model as Cortex-M4 firmware, run in the emulator: outputs
// (checked against the host engine), executed instructions, estimated cycles and time, flash, RAM, stack.
#include <cstdio>
#include <random>

#include "cli_util.h"
#include "commands.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "importers/load_model.h"
#include "runtime/mcu_select.h"
#include "runtime/runtime.h"
#include "targets/cortex_m4/firmware_run.h"

namespace eb::cli {
namespace {

constexpr int64_t kQemuRamKb = 128;  // netduinoplus2 (STM32F405): 128 KB of SRAM at 0x20000000

struct FirmwareOptionsCli {
  std::string model, input, output, keep_dir, optimize = "speed";
  int64_t seed = -1;
  double clock_mhz = 168;
  int64_t flash_kb = 1024, ram_kb = 192, stack_kb = 8;
  int profile = 8;
  bool no_dsp = false, qemu = false, json = false;
  InputShapes shapes;
};

std::vector<uint8_t> RandomInput(const Runtime& rt, int64_t seed) {
  std::mt19937 rng(static_cast<uint32_t>(seed));
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < rt.graph().inputs.size(); ++i) {
    const Tensor& t = rt.input_tensor(i);
    if (t.dtype == DType::kF32) {
      std::uniform_real_distribution<float> d(-1.0f, 1.0f);
      for (int64_t k = 0; k < t.num_elements(); ++k) {
        const float v = d(rng);
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes.insert(bytes.end(), p, p + sizeof v);
      }
    } else {
      std::uniform_int_distribution<int> d(0, 255);
      for (int64_t k = 0; k < t.num_bytes(); ++k) bytes.push_back(static_cast<uint8_t>(d(rng)));
    }
  }
  return bytes;
}

std::string Pct(uint64_t part, uint64_t whole) { return whole ? Format("%.1f %%", 100.0 * part / whole) : "-"; }
std::string N(uint64_t v) { return WithThousands(static_cast<int64_t>(v)); }

void RunFirmware(const FirmwareOptionsCli& o) {
  if (o.input.empty() == (o.seed < 0)) Fail(Status::Error("give exactly one of --input FILE and --random SEED"));
  // The target's kernels match the build: --no-dsp prepares the portable variants, which the firmware compiles
  // with -DEB_NO_DSP. The layouts fit the flash (speed) or keep int8 filters everywhere (size).
  const McuOptions mcu{.dsp = !o.no_dsp, .optimize = Check(ParseMcuOptimize(o.optimize)), .flash_bytes = o.flash_kb * 1024};
  auto rt = Check(Runtime::Create(Load(o.model, o.shapes), {KernelTarget::CortexM4(mcu)}));
  int64_t in_bytes = 0;
  for (size_t i = 0; i < rt->graph().inputs.size(); ++i) in_bytes += rt->input_tensor(i).num_bytes();
  // Read with the model's size as the bound: a larger file (or /dev/zero) is refused before it is read.
  const std::vector<uint8_t> input = o.input.empty() ? RandomInput(*rt, o.seed)
                                                     : Check(ReadFileBytes(o.input, in_bytes, "the model's inputs need"));
  FirmwareRunOptions fo;
  fo.config.flash_bytes = o.flash_kb * 1024;
  fo.config.ram_bytes = (o.qemu ? std::min(o.ram_kb, kQemuRamKb) : o.ram_kb) * 1024;
  fo.config.stack_bytes = o.stack_kb * 1024;
  fo.config.dsp = !o.no_dsp;
  fo.clock_mhz = o.clock_mhz;
  fo.work_dir = o.keep_dir;
  fo.qemu = o.qemu;
  const FirmwareRun run = Check(RunOnCortexM4(*rt, input, fo));
  const EmulationResult& e = run.emulation;
  const std::optional<HarnessReport>& qemu = run.qemu;

  if (!o.output.empty()) {
    Status s = WriteFileAtomically(o.output, run.outputs().data(), run.outputs().size());
    if (!s.ok()) Fail(s);
  }
  if (o.json) {
    nlohmann::json j = {
        {"model", o.model},
        {"target", "cortex-m4"},
        {"compiler", "arm-none-eabi-gcc " + fo.config.opt},
        {"dsp", fo.config.dsp},
        {"optimize", o.optimize},
        {"estimated_flash_bytes", rt->mcu_flash().total()},
        {"outputs_match_host", run.matches_host()},
        {"instructions", e.instructions},
        {"cycles", e.cycles},
        {"clock_mhz", o.clock_mhz},
        {"micros", run.micros()},
        {"taken_branches", e.taken_branches},
        {"flash_bytes", run.image.flash_bytes()},
        {"ram_bytes", run.image.ram_bytes()},
        {"text_bytes", run.image.sizes.text},
        {"data_bytes", run.image.sizes.data},
        {"bss_bytes", run.image.sizes.bss},
        {"arena_bytes", run.model.arena_bytes},
        {"stack_reserved_bytes", fo.config.stack_bytes},
        {"stack_used_bytes", e.harness.stack_bytes},
        {"flash_limit_bytes", fo.config.flash_bytes},
        {"ram_limit_bytes", fo.config.ram_bytes},
    };
    nlohmann::json classes = nlohmann::json::object();
    for (size_t c = 0; c < kNumCostClasses; ++c) {
      if (e.class_instructions[c] == 0 && e.class_cycles[c] == 0) continue;
      classes[std::string(CostClassName(static_cast<CostClass>(c)))] = {{"instructions", e.class_instructions[c]},
                                                                        {"cycles", e.class_cycles[c]}};
    }
    j["classes"] = classes;
    nlohmann::json fns = nlohmann::json::array();
    for (const FunctionProfile& f : e.functions) fns.push_back({{"name", f.name}, {"instructions", f.instructions}, {"cycles", f.cycles}});
    j["functions"] = fns;
    if (qemu) j["qemu_outputs_match"] = qemu->outputs == run.outputs();
    std::printf("%s\n", j.dump(1).c_str());
  } else {
    std::printf("Model        %s\n", o.model.c_str());
    std::printf("Target       Cortex-M4F, STM32F4 memory map (flash %s KB at 0x08000000, RAM %s KB at 0x20000000); "
                "arm-none-eabi-gcc %s, %s\n", N(static_cast<uint64_t>(o.flash_kb)).c_str(),
                N(static_cast<uint64_t>(fo.config.ram_bytes / 1024)).c_str(), fo.config.opt.c_str(),
                fo.config.dsp ? "DSP (SMLAD) kernels" : "reference kernels only");
    std::printf("Layouts      %s\n",
                McuLayoutSummary(mcu, rt->mcu_candidates(), rt->mcu_choice(), rt->mcu_flash()).c_str());
    std::printf("Outputs      %s (%zu bytes):", run.matches_host() ? "identical to the host engine" : "DIFFER from the host engine",
                run.outputs().size());
    for (size_t i = 0; i < std::min<size_t>(run.outputs().size(), 32); ++i) std::printf(" %02x", run.outputs()[i]);
    std::printf("%s\n", run.outputs().size() > 32 ? " ..." : "");
    std::printf("Instructions %s executed between eb_bench_start() and eb_bench_stop() (exact)\n", N(e.instructions).c_str());
    std::printf("Cycles       %s (estimate: Cortex-M4 timing table, docs/cortex-m4-cycle-model.md)\n", N(e.cycles).c_str());
    if (run.micros() >= 1000) {
      std::printf("Time         %.2f ms at %g MHz\n", run.micros() / 1000, o.clock_mhz);
    } else {
      std::printf("Time         %.1f us at %g MHz\n", run.micros(), o.clock_mhz);
    }
    std::printf("Flash        %s bytes (text %s + data %s), %s of %s\n", N(run.image.flash_bytes()).c_str(),
                N(run.image.sizes.text).c_str(), N(run.image.sizes.data).c_str(),
                Pct(run.image.flash_bytes(), static_cast<uint64_t>(fo.config.flash_bytes)).c_str(),
                N(static_cast<uint64_t>(fo.config.flash_bytes)).c_str());
    std::printf("RAM          %s bytes (data %s + bss %s: arena %s, stack %s, harness), %s of %s\n",
                N(run.image.ram_bytes()).c_str(), N(run.image.sizes.data).c_str(), N(run.image.sizes.bss).c_str(),
                N(static_cast<uint64_t>(run.model.arena_bytes)).c_str(), N(static_cast<uint64_t>(fo.config.stack_bytes)).c_str(),
                Pct(run.image.ram_bytes(), static_cast<uint64_t>(fo.config.ram_bytes)).c_str(),
                N(static_cast<uint64_t>(fo.config.ram_bytes)).c_str());
    std::printf("Stack        %s bytes used (high-water mark of the painted stack)\n",
                N(static_cast<uint64_t>(std::max<int64_t>(e.harness.stack_bytes, 0))).c_str());
    std::printf("By class     ");
    bool first = true;
    for (size_t c = 0; c < kNumCostClasses; ++c) {
      if (e.class_cycles[c] == 0) continue;
      std::printf("%s%s %s", first ? "" : ", ", std::string(CostClassName(static_cast<CostClass>(c))).c_str(),
                  Pct(e.class_cycles[c], e.cycles).c_str());
      first = false;
    }
    std::printf(" of cycles\n");
    if (o.profile > 0) {
      std::printf("Functions    by cycles          instructions        cycles   share\n");
      for (size_t i = 0; i < e.functions.size() && i < static_cast<size_t>(o.profile); ++i) {
        const FunctionProfile& f = e.functions[i];
        std::printf("  %-28s %16s %13s %7s\n", f.name.c_str(), N(f.instructions).c_str(), N(f.cycles).c_str(),
                    Pct(f.cycles, e.cycles).c_str());
      }
    }
    if (qemu) {
      std::printf("qemu         %s under qemu-system-arm -M netduinoplus2 (stack %lld bytes)\n",
                  qemu->outputs == run.outputs() ? "identical outputs" : "DIFFERENT outputs",
                  static_cast<long long>(qemu->stack_bytes));
    }
    if (!o.keep_dir.empty()) std::printf("Project      %s (firmware.elf, Makefile)\n", o.keep_dir.c_str());
  }
  if (!run.matches_host()) Fail(Status::Error("the firmware's outputs differ from the host engine's"));
  if (qemu && qemu->outputs != run.outputs()) Fail(Status::Error("qemu-system-arm and the emulator disagree"));
}

}  // namespace

void AddFirmware(CLI::App& app) {
  auto o = std::make_shared<FirmwareOptionsCli>();
  CLI::App* cmd = app.add_subcommand(
      "firmware", "Build the model as Cortex-M4 firmware (codegen + arm-none-eabi-gcc) and run it in the emulator: "
                  "outputs checked against the host engine, exact instruction count between eb_bench_start() and "
                  "eb_bench_stop(), estimated cycles and time, flash, RAM and stack.");
  o->shapes.Add(cmd);
  cmd->add_option("model", o->model, "Model file (.tflite)")->required();
  cmd->add_option("--input,-i", o->input, "File with the raw input bytes (all inputs, concatenated)");
  cmd->add_option("--random", o->seed, "Use seeded pseudo-random inputs instead of a file")->check(CLI::NonNegativeNumber);
  cmd->add_option("--output,-o", o->output, "Write the firmware's raw output bytes to this file");
  cmd->add_option("--clock-mhz", o->clock_mhz, "Core clock for the time estimate (default 168, an STM32F4)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--flash-kb", o->flash_kb, "Flash size in KB (default 1024); the firmware must fit it")
      ->check(CLI::PositiveNumber);
  AddMcuOptimizeOption(cmd, o->optimize);
  cmd->add_option("--ram-kb", o->ram_kb, "RAM size in KB (default 192; --qemu caps it at 128)")->check(CLI::PositiveNumber);
  cmd->add_option("--stack-kb", o->stack_kb, "Stack reserved in RAM in KB (default 8)")->check(CLI::PositiveNumber);
  cmd->add_option("--keep", o->keep_dir, "Write the firmware project (and firmware.elf) to this folder and keep it");
  cmd->add_option("--profile", o->profile, "Show the N most expensive functions (default 8; 0 hides them)");
  cmd->add_flag("--no-dsp", o->no_dsp, "Reference C kernels only (no SMLAD paths)");
  cmd->add_flag("--qemu", o->qemu, "Also run the same ELF under qemu-system-arm -M netduinoplus2 and compare");
  cmd->add_flag("--json", o->json, "Print the results as JSON");
  cmd->callback([o] { RunFirmware(*o); });
}

}  // namespace eb::cli
