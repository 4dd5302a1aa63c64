// The ELF32 reader: clean errors for anything that is not a well-formed ARM executable, and symbols,
// segments and sizes of a real one.
#include "targets/cortex_m4/elf32.h"

#include <gtest/gtest.h>

#include "codegen/c_project.h"
#include "core/subprocess.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

std::vector<uint8_t> Header(uint8_t cls, uint8_t endian, uint16_t machine) {
  std::vector<uint8_t> b(52, 0);
  b[0] = 0x7f;
  b[1] = 'E';
  b[2] = 'L';
  b[3] = 'F';
  b[4] = cls;
  b[5] = endian;
  b[18] = static_cast<uint8_t>(machine);
  b[19] = static_cast<uint8_t>(machine >> 8);
  return b;
}

TEST(Elf32, RejectsWhatIsNotAnArmElf32) {
  EXPECT_EQ(ParseElf32({}, "x").status().message(), "x: not a usable ARM ELF32 file: no ELF header");
  EXPECT_EQ(ParseElf32(Header(2, 1, 40), "x").status().message(), "x: not a usable ARM ELF32 file: not 32-bit little-endian");
  EXPECT_EQ(ParseElf32(Header(1, 1, 62), "x").status().message(), "x: not a usable ARM ELF32 file: machine 62 is not ARM");
  std::vector<uint8_t> h = Header(1, 1, 40);
  h[28] = 0xf0;  // program headers far past the end
  h[42] = 32;
  h[44] = 1;
  EXPECT_EQ(ParseElf32(h, "x").status().message(), "x: not a usable ARM ELF32 file: program headers out of bounds");
  EXPECT_TRUE(ParseElf32(Header(1, 1, 40), "x").ok());  // no segments, no sections: empty but valid
}

TEST(Elf32, ReadsARealFirmwareAndSurvivesTruncation) {
  if (!ProgramExists("arm-none-eabi-gcc")) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir dir;
  ASSERT_TRUE(WriteTextFile(dir.file("f.c"), "int counter = 3; int table[100];\n"
                                             "__attribute__((noinline)) int twice(int x) { return 2 * x + counter; }\n"
                                             "void Reset_Handler(void) { table[0] = twice(table[1]); for (;;) {} }\n")
                  .ok());
  auto cc = RunProcess({"arm-none-eabi-gcc", "-mcpu=cortex-m4", "-mthumb", "-O2", "-nostartfiles", "-nostdlib",
                        "-Wl,-Ttext=0x08000000", "-Wl,-Tdata=0x20000000", "-Wl,-e,Reset_Handler", "f.c", "-o", "f.elf"},
                       dir.path());
  ASSERT_TRUE(cc.ok() && cc->exit_code == 0) << (cc.ok() ? cc->output : "");
  const std::vector<uint8_t> bytes = test::ReadBytes(dir.file("f.elf"));
  auto elf = ParseElf32(bytes, "f.elf");
  ASSERT_TRUE(elf.ok()) << elf.status().message();
  const Elf32Symbol* twice = elf->FindSymbol("twice");
  ASSERT_NE(twice, nullptr);
  EXPECT_EQ(twice->type, 2);                 // STT_FUNC
  EXPECT_EQ(twice->value & 1u, 1u);          // Thumb bit
  EXPECT_GE(twice->value, 0x08000000u);
  EXPECT_EQ(elf->entry & ~1u, *elf->Symbol("Reset_Handler") & ~1u);
  EXPECT_EQ(elf->Sizes().bss, 400u);
  EXPECT_EQ(elf->Sizes().data, 4u);
  ASSERT_FALSE(elf->segments.empty());
  for (size_t cut = 0; cut < bytes.size(); cut += 97) {
    std::vector<uint8_t> part(bytes.begin(), bytes.begin() + static_cast<long>(cut));
    (void)ParseElf32(part, "cut");  // an error or a partial image, never a crash
  }
}

}  // namespace
}  // namespace eb
