// Cortex-M4 firmware from generated C: the project folder (model, kernels, harness, linker script,
// Makefile), the memory budget check, and the build with Debian's arm-none-eabi-gcc + newlib.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codegen/c_emitter.h"
#include "core/status.h"
#include "targets/cortex_m4/elf32.h"

namespace eb {

struct CortexM4Config {
  int64_t flash_bytes = 1024 * 1024;  // STM32F405/F407: 1 MB of flash at 0x08000000
  int64_t ram_bytes = 192 * 1024;     // contiguous SRAM at 0x20000000 (STM32F42x: 192 KB; F405: 128 KB)
  int64_t stack_bytes = 8 * 1024;
  std::string opt = "-O2";
  bool dsp = true;                    // false adds -DEB_NO_DSP: reference C kernels only
  std::string cc = "arm-none-eabi-gcc";
};

// The compiler and linker flags, one list used by both BuildFirmware and the generated Makefile.
std::vector<std::string> CortexM4CompileFlags(const CortexM4Config& c);
std::vector<std::string> CortexM4LinkFlags(const CortexM4Config& c);

// Checks that the model can fit before anything is compiled: constants within flash, arena + stack +
// the harness's small needs within RAM. The error names both sizes and the limit.
Status CheckCortexM4Budget(int64_t arena_bytes, int64_t constant_bytes, const CortexM4Config& c,
                           const std::string& model_name);

// Writes the whole firmware project: WriteCProject's files, firmware/ (startup, semihosting, timing,
// harness, linker script) and a Makefile with the same flags BuildFirmware uses.
Status WriteFirmwareProject(const GeneratedModel& m, const std::string& dir, const CortexM4Config& c);

struct FirmwareImage {
  std::string elf_path;
  Elf32Sizes sizes;         // text / data / bss, as arm-none-eabi-size reports them
  uint64_t flash_bytes() const { return sizes.text + sizes.data; }
  uint64_t ram_bytes() const { return sizes.data + sizes.bss; }  // includes the arena and the stack
  std::string compile_log;
};

// Compiles <dir> (as WriteFirmwareProject left it) into <dir>/firmware.elf: the kernels into <dir>/obj/ through
// the object cache (object_cache.h; EB_CACHE_DIR), then model.c, the objects and the harness in one link. The
// image is the one the generated Makefile's single command gives. compile_log holds the compilers' output.
Result<FirmwareImage> BuildFirmware(const std::string& dir, const CortexM4Config& c);

}  // namespace eb
