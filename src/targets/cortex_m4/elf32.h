// A minimal reader of 32-bit little-endian Arm ELF executables: loadable segments, section sizes and the
// symbol table, which is all the emulator and the memory report need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

struct Elf32Segment {
  uint32_t vaddr = 0, paddr = 0;  // run address and load address (they differ for .data)
  uint32_t memsz = 0;
  std::vector<uint8_t> data;      // filesz bytes
};

struct Elf32Section {
  std::string name;
  uint32_t type = 0, flags = 0, addr = 0, size = 0;
};

struct Elf32Symbol {
  std::string name;
  uint32_t value = 0, size = 0;
  uint8_t type = 0;  // STT_FUNC = 2, STT_OBJECT = 1
};

// Sizes as `arm-none-eabi-size` (Berkeley format) counts them.
struct Elf32Sizes {
  uint64_t text = 0;  // allocated, read-only: code, constants, vector table
  uint64_t data = 0;  // allocated, writable, with contents (copied from flash at start-up)
  uint64_t bss = 0;   // allocated, writable, zero-filled or uninitialised (incl. arena and stack)
};

struct Elf32Image {
  uint32_t entry = 0;
  std::vector<Elf32Segment> segments;  // PT_LOAD only
  std::vector<Elf32Section> sections;
  std::vector<Elf32Symbol> symbols;

  // The value of a symbol (a function's address has the Thumb bit set), if present.
  std::optional<uint32_t> Symbol(const std::string& name) const;
  const Elf32Symbol* FindSymbol(const std::string& name) const;
  Elf32Sizes Sizes() const;
};

// Parses and bounds-checks an ELF32 little-endian ARM executable; `what` names it in errors.
Result<Elf32Image> ParseElf32(const std::vector<uint8_t>& bytes, const std::string& what);

}  // namespace eb
