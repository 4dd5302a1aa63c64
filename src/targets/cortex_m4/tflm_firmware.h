// TensorFlow Lite Micro + CMSIS-NN as Cortex-M4 firmware: the peer edgebench's own firmware is compared
// with, measured the same way. Around given .tflite bytes it generates the model as a const array (flash)
// and an op resolver with exactly the model's builtin operators, compiles firmware/tflm/main.cc with the
// flags the library was built with (FLAGS.txt of scripts/build_tflm.sh), reuses edgebench's start-up,
// semihosting, timing and linker script, links libtflm_cmsisnn.a, and runs the ELF in the same emulator
// and cycle model as edgebench's firmware.
//
// The arena is the size TFLM needs: a first link with a 4 MiB arena in an enlarged memory map runs only
// AllocateTensors(), reads arena_used_bytes() and searches the smallest arena (a multiple of 16, TFLM's
// alignment, in a 16-byte-aligned buffer) AllocateTensors() accepts, which exceeds arena_used_bytes() by
// the temporary space it needs; the firmware is then linked for the real memory map with that arena, so
// its flash and RAM are what a user would ship. The probing link also gives the exact flash and RAM needs,
// so a model that does not fit is refused with its sizes before the final link.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "targets/cortex_m4/emulator.h"
#include "targets/cortex_m4/firmware_build.h"

namespace eb {

struct TflmFirmwareOptions {
  std::string tflm_dir;       // scripts/build_tflm.sh's output: libtflm_cmsisnn.a, FLAGS.txt, src/
  CortexM4Config config;      // memory map and stack as for edgebench's firmware; C files use its flags
  EmulatorOptions emulator;   // flash/RAM sizes are taken from `config`
  double clock_mhz = 168;
  std::string work_dir;       // where the project is written; empty: a temporary folder, removed afterwards
  std::string harness_dir;    // firmware/tflm of a source tree; empty: the copy embedded in this binary
  std::string name = "the model";  // names the model in messages
};

// Why RunTflmOnCortexM4 failed: the peer or the model, which a benchmark reports in a row, or the tools.
enum class TflmFailure {
  kNone,
  kLibraryMissing,  // no libtflm_cmsisnn.a / FLAGS.txt in tflm_dir
  kDoesNotFit,      // flash or RAM beyond the target's
  kRefused,         // TFLM cannot run the model (an operator it lacks, AllocateTensors or Invoke failing)
  kTool,            // the cross compiler, the emulator or the files failed
};

struct TflmFirmwareRun {
  FirmwareImage image;              // the final firmware (real memory map, exact arena)
  EmulationResult emulation;        // its run: outputs, instructions and cycles of the Invoke() window
  int64_t arena_bytes = 0;          // the arena linked in: the smallest AllocateTensors() accepts
  int64_t arena_used_bytes = 0;     // interpreter.arena_used_bytes() after AllocateTensors()
  int64_t model_bytes = 0;          // the .tflite file, in flash
  std::vector<std::string> ops;     // the builtin operators given to the resolver, "FULLY_CONNECTED"
  double clock_mhz = 168;

  const std::vector<uint8_t>& outputs() const { return emulation.harness.outputs; }
  int64_t stack_bytes() const { return emulation.harness.stack_bytes; }
  double micros() const { return static_cast<double>(emulation.cycles) / clock_mhz; }
};

// Checks that tflm_dir holds a built library; the error says how to build one.
Status CheckTflmLibrary(const std::string& tflm_dir);

// One builtin operator of a model, as TFLM's op resolver adds it.
struct TflmOp {
  int code = 0;        // the TFLite builtin code
  std::string name;    // "FULLY_CONNECTED"
  std::string method;  // the MicroMutableOpResolver method without its "Add": "FullyConnected"
};

// The .tflite file's builtin operators in the order of its operator codes, without repeats. Fails, naming
// the operator, for a custom operator or one this TFLM has no kernel for, and for bytes that are not a
// valid .tflite file.
Result<std::vector<TflmOp>> TflmModelOps(const std::vector<uint8_t>& tflite);

// Builds the TFLM firmware around `tflite` and runs it on `input` (every input tensor's bytes, in order).
// On failure, `failure` (when given) says whose fault it is.
Result<TflmFirmwareRun> RunTflmOnCortexM4(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                                          const TflmFirmwareOptions& options, TflmFailure* failure = nullptr);

}  // namespace eb
