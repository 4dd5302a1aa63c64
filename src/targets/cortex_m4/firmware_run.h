// One model on the Cortex-M4 target, end to end: generate C, build the firmware, run it in the emulator
// on given input bytes, and compare its outputs with the host engine's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codegen/c_emitter.h"
#include "core/status.h"
#include "runtime/runtime.h"
#include "targets/cortex_m4/emulator.h"
#include "targets/cortex_m4/firmware_build.h"

namespace eb {

struct FirmwareRunOptions {
  CortexM4Config config;
  EmulatorOptions emulator;  // flash/RAM sizes are taken from `config`
  double clock_mhz = 168;    // STM32F4 at full speed, as in the seed study
  std::string work_dir;      // where the project is written; empty: a temporary folder, removed afterwards
  std::string name;          // C API prefix; empty: "model"
  bool qemu = false;         // also run the same ELF under qemu-system-arm (RAM must fit its 128 KB)
};

struct FirmwareRun {
  GeneratedModel model;
  FirmwareImage image;
  EmulationResult emulation;
  std::vector<uint8_t> host_outputs;  // the host engine on the same input
  std::optional<HarnessReport> qemu;  // with FirmwareRunOptions::qemu
  double clock_mhz = 168;

  const std::vector<uint8_t>& outputs() const { return emulation.harness.outputs; }
  bool matches_host() const { return outputs() == host_outputs; }
  double micros() const { return static_cast<double>(emulation.cycles) / clock_mhz; }
};

// Runs `input` (every input's bytes, concatenated) through the firmware and through `rt`.
Result<FirmwareRun> RunOnCortexM4(Runtime& rt, const std::vector<uint8_t>& input, const FirmwareRunOptions& options);

}  // namespace eb
