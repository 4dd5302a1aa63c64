// `edgebench codegen MODEL --target cortex-m4 -o DIR`: interpreter-free C99 for a model, and for the
// Cortex-M4 target a firmware project around it (optionally built with --build).
#include <cstdio>

#include "cli_util.h"
#include "codegen/c_emitter.h"
#include "codegen/c_project.h"
#include "commands.h"
#include "core/strings.h"
#include "importers/load_model.h"
#include "runtime/mcu_select.h"
#include "runtime/runtime.h"
#include "targets/cortex_m4/firmware_build.h"

namespace eb::cli {
namespace {

struct CodegenOptionsCli {
  std::string model, out_dir, target = "cortex-m4", name, optimize = "speed";
  int64_t flash_kb = 1024, ram_kb = 192, stack_kb = 8;
  bool build = false, no_dsp = false;
  InputShapes shapes;
};

void RunCodegen(const CodegenOptionsCli& o) {
  // Generated C runs what the runtime prepared for its MCU target, never a host (x86) kernel.
  // The layouts fit the target's flash (speed) or keep int8 filters everywhere (size).
  const McuOptions mcu{.dsp = !o.no_dsp, .optimize = Check(ParseMcuOptimize(o.optimize)), .flash_bytes = o.flash_kb * 1024};
  const KernelTarget target = o.target == "c" ? KernelTarget::C(mcu) : KernelTarget::CortexM4(mcu);
  auto rt = Check(Runtime::Create(Load(o.model, o.shapes), {target}));
  CodegenOptions co;
  co.name = o.name.empty() ? CIdentifierFromPath(o.model) : o.name;
  co.source = o.model;
  CortexM4Config cfg;
  cfg.flash_bytes = o.flash_kb * 1024;
  cfg.ram_bytes = o.ram_kb * 1024;
  cfg.stack_bytes = o.stack_kb * 1024;
  cfg.dsp = !o.no_dsp;
  if (o.target == "cortex-m4") {
    Status fits = CheckCortexM4Budget(rt->plan().arena_bytes, CountConstantBytes(rt->graph(), rt->calls()), cfg, o.model);
    if (!fits.ok()) Fail(fits);
  }
  const GeneratedModel m = Check(EmitC(*rt, co));
  if (o.target == "c") {
    Status s = WriteCProject(m, o.out_dir);
    if (!s.ok()) Fail(s);
  } else {
    Status s = WriteFirmwareProject(m, o.out_dir, cfg);
    if (!s.ok()) Fail(s);
  }
  std::printf("Wrote %s/model.c and model.h (%s_run, %zu kernel calls) and the C kernels in %s/kernels\n",
              o.out_dir.c_str(), co.name.c_str(), rt->calls().size(), o.out_dir.c_str());
  std::printf("Arena      %s bytes (static, the planned peak)\n", WithThousands(m.arena_bytes).c_str());
  std::printf("Constants  %s bytes (weights, biases, multipliers, params)\n", WithThousands(m.constant_bytes).c_str());
  std::printf("Layouts    %s\n",
              McuLayoutSummary(target.mcu, rt->mcu_candidates(), rt->mcu_choice(), rt->mcu_flash()).c_str());
  std::printf("Kernels   ");
  for (const std::string& k : m.kernels) std::printf(" %s", k.c_str());
  std::printf("\n");
  if (o.target == "c") return;
  std::printf("Firmware   %s/firmware (startup, semihosting harness, linker script) and %s/Makefile\n",
              o.out_dir.c_str(), o.out_dir.c_str());
  if (!o.build) return;
  const FirmwareImage img = Check(BuildFirmware(o.out_dir, cfg));
  std::printf("Built      %s\n", img.elf_path.c_str());
  std::printf("Flash      %s bytes (text %s + data %s) of %s\n", WithThousands(static_cast<int64_t>(img.flash_bytes())).c_str(),
              WithThousands(static_cast<int64_t>(img.sizes.text)).c_str(),
              WithThousands(static_cast<int64_t>(img.sizes.data)).c_str(), WithThousands(cfg.flash_bytes).c_str());
  std::printf("RAM        %s bytes (data %s + bss %s, incl. arena and %s bytes of stack) of %s\n",
              WithThousands(static_cast<int64_t>(img.ram_bytes())).c_str(),
              WithThousands(static_cast<int64_t>(img.sizes.data)).c_str(),
              WithThousands(static_cast<int64_t>(img.sizes.bss)).c_str(), WithThousands(cfg.stack_bytes).c_str(),
              WithThousands(cfg.ram_bytes).c_str());
}

}  // namespace

void AddCodegen(CLI::App& app) {
  auto o = std::make_shared<CodegenOptionsCli>();
  CLI::App* cmd = app.add_subcommand(
      "codegen", "Generate interpreter-free C99 for a model: weights as const arrays, one static arena of the "
                 "planned size, one <name>_run function calling the portable C kernels. --target cortex-m4 adds "
                 "a firmware project (startup, linker script, semihosting harness, Makefile).");
  o->shapes.Add(cmd);
  cmd->add_option("model", o->model, "Model file (.tflite)")->required();
  cmd->add_option("--output,-o", o->out_dir, "Output folder (created)")->required();
  cmd->add_option("--target", o->target, "cortex-m4 (C + firmware project) or c (portable C only)")
      ->check(CLI::IsMember({"cortex-m4", "c"}));
  cmd->add_option("--name", o->name, "Prefix of the generated API (default: the model file's name)");
  cmd->add_option("--flash-kb", o->flash_kb,
                  "Flash size of the target in KB (default 1024); the generated code, kernels and constants must fit it")
      ->check(CLI::PositiveNumber);
  AddMcuOptimizeOption(cmd, o->optimize);
  cmd->add_option("--ram-kb", o->ram_kb, "RAM size of the target in KB (default 192)")->check(CLI::PositiveNumber);
  cmd->add_option("--stack-kb", o->stack_kb, "Stack reserved in RAM in KB (default 8)")->check(CLI::PositiveNumber);
  cmd->add_flag("--build", o->build, "Also build firmware.elf with arm-none-eabi-gcc and report its memory");
  cmd->add_flag("--no-dsp", o->no_dsp, "Build with the reference C kernels only (no SMLAD paths)");
  cmd->callback([o] { RunCodegen(*o); });
}

}  // namespace eb::cli
