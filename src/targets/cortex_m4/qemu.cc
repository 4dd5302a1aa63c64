#include "targets/cortex_m4/qemu.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "core/file_util.h"
#include "core/subprocess.h"

namespace eb {

bool HaveQemuArm() { return ProgramExists("qemu-system-arm"); }

Result<HarnessReport> RunInQemu(const std::string& elf_path, const std::vector<uint8_t>& input, double timeout_seconds) {
  if (!HaveQemuArm()) return Status::Error("qemu-system-arm was not found (Debian package qemu-system-arm)");
  namespace fs = std::filesystem;
  std::error_code ec;
  static std::atomic<int> counter{0};
  const fs::path dir = fs::temp_directory_path() / ("edgebench_qemu_" + std::to_string(getpid()) + "_" +
                                                    std::to_string(counter++));
  fs::create_directories(dir, ec);
  if (ec) return Status::Error(dir.string() + ": " + ec.message());
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{dir};
  EB_RETURN_IF_ERROR(WriteFileAtomically((dir / "input.bin").string(), input.data(), input.size()));
  const std::string elf = fs::absolute(elf_path).string();
  auto run = RunProcess({"qemu-system-arm", "-M", "netduinoplus2", "-nographic", "-monitor", "none", "-serial", "null",
                         "-semihosting-config", "enable=on,target=native", "-kernel", elf},
                        dir.string(), timeout_seconds);
  if (!run.ok()) return run.status();
  if (run->timed_out) return Status::Error("qemu-system-arm did not finish within the timeout:\n" + run->output);
  auto report = ParseHarnessOutput(run->output);
  if (!report.ok()) return report.status();
  if (run->exit_code != 0 || !report->errors.empty()) {
    return Status::Error("the firmware failed under qemu-system-arm (exit " + std::to_string(run->exit_code) + "):\n" +
                         run->output);
  }
  return report;
}

}  // namespace eb
