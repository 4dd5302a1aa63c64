#include "targets/cortex_m4/firmware_run.h"

#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>

#include "core/file_util.h"
#include "core/strings.h"
#include "targets/cortex_m4/qemu.h"

namespace eb {
namespace {

std::vector<uint8_t> RunHost(Runtime& rt, const std::vector<uint8_t>& input) {
  size_t off = 0;
  for (size_t i = 0; i < rt.graph().inputs.size(); ++i) {
    const size_t n = static_cast<size_t>(rt.input_tensor(i).num_bytes());
    std::memcpy(rt.input(i), input.data() + off, n);
    off += n;
  }
  rt.ResetVariables();  // the firmware boots with fresh state, so the host run starts from it too
  rt.Invoke();
  std::vector<uint8_t> out;
  for (size_t i = 0; i < rt.graph().outputs.size(); ++i) {
    out.insert(out.end(), rt.output(i), rt.output(i) + rt.output_tensor(i).num_bytes());
  }
  return out;
}

}  // namespace

Result<FirmwareRun> RunOnCortexM4(Runtime& rt, const std::vector<uint8_t>& input, const FirmwareRunOptions& o) {
  int64_t in_bytes = 0;
  for (size_t i = 0; i < rt.graph().inputs.size(); ++i) in_bytes += rt.input_tensor(i).num_bytes();
  if (static_cast<int64_t>(input.size()) != in_bytes) {
    return Status::Error(Format("the input holds %zu bytes, the model's inputs need %lld", input.size(),
                                static_cast<long long>(in_bytes)));
  }
  FirmwareRun run;
  run.clock_mhz = o.clock_mhz;
  CodegenOptions co;
  co.name = o.name.empty() ? "model" : o.name;
  co.source = rt.graph().name;
  EB_RETURN_IF_ERROR(CheckCortexM4Budget(rt.plan().arena_bytes, CountConstantBytes(rt.graph(), rt.calls()), o.config,
                                         rt.graph().name));
  auto model = EmitC(rt, co);
  if (!model.ok()) return model.status();
  run.model = std::move(*model);

  namespace fs = std::filesystem;
  static std::atomic<int> counter{0};
  const bool temporary = o.work_dir.empty();
  const std::string dir = temporary ? (fs::temp_directory_path() / ("edgebench_fw_" + std::to_string(getpid()) + "_" +
                                                                    std::to_string(counter++))).string()
                                    : o.work_dir;
  struct Cleanup {
    std::string p;
    bool on;
    ~Cleanup() {
      std::error_code e;
      if (on) fs::remove_all(p, e);
    }
  } cleanup{dir, temporary};
  EB_RETURN_IF_ERROR(WriteFirmwareProject(run.model, dir, o.config));
  auto image = BuildFirmware(dir, o.config);
  if (!image.ok()) return image.status();
  run.image = std::move(*image);
  auto bytes = ReadFileBytes(run.image.elf_path);
  if (!bytes.ok()) return bytes.status();
  auto elf = ParseElf32(*bytes, run.image.elf_path);
  if (!elf.ok()) return elf.status();
  EmulatorOptions eo = o.emulator;
  eo.flash_bytes = static_cast<uint32_t>(o.config.flash_bytes);
  eo.ram_bytes = static_cast<uint32_t>(o.config.ram_bytes);
  auto emu = EmulateCortexM4(*elf, input, eo);
  if (!emu.ok()) return Status::Error(rt.graph().name + ": " + emu.status().message());
  run.emulation = std::move(*emu);
  // The harness reports how much of the painted stack was written; all of it means the stack ran past its
  // reserve into the memory below, and the outputs cannot be trusted.
  if (run.emulation.harness.stack_bytes >= o.config.stack_bytes) {
    return Status::Error(Format("%s: the firmware overflowed its %lld-byte stack reserve (all of it was used); "
                                "reserve more with --stack-kb",
                                rt.graph().name.c_str(), static_cast<long long>(o.config.stack_bytes)));
  }
  if (o.qemu) {
    auto q = RunInQemu(run.image.elf_path, input);
    if (!q.ok()) return q.status();
    run.qemu = std::move(*q);
  }
  run.host_outputs = RunHost(rt, input);
  return run;
}

}  // namespace eb
