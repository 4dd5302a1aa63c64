#include "targets/cortex_m4/elf32.h"

#include <cstring>

#include "core/strings.h"

namespace eb {
namespace {

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kShtSymtab = 2, kShtNobits = 8;
constexpr uint32_t kShfWrite = 1, kShfAlloc = 2;
constexpr uint16_t kEmArm = 40;

class Reader {
 public:
  explicit Reader(const std::vector<uint8_t>& b) : b_(b) {}
  bool Has(uint64_t off, uint64_t n) const { return off <= b_.size() && n <= b_.size() - off; }
  uint32_t U32(uint64_t off) const {
    uint32_t v;
    std::memcpy(&v, b_.data() + off, 4);
    return v;
  }
  uint16_t U16(uint64_t off) const {
    uint16_t v;
    std::memcpy(&v, b_.data() + off, 2);
    return v;
  }
  std::string Str(uint64_t table_off, uint64_t table_size, uint32_t index) const {
    if (index >= table_size) return {};
    const char* s = reinterpret_cast<const char*>(b_.data() + table_off + index);
    return std::string(s, strnlen(s, table_size - index));
  }
  const std::vector<uint8_t>& bytes() const { return b_; }

 private:
  const std::vector<uint8_t>& b_;
};

}  // namespace

std::optional<uint32_t> Elf32Image::Symbol(const std::string& name) const {
  const Elf32Symbol* s = FindSymbol(name);
  if (!s) return std::nullopt;
  return s->value;
}

const Elf32Symbol* Elf32Image::FindSymbol(const std::string& name) const {
  for (const Elf32Symbol& s : symbols) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Elf32Sizes Elf32Image::Sizes() const {
  Elf32Sizes z;
  for (const Elf32Section& s : sections) {
    if (!(s.flags & kShfAlloc)) continue;
    if (s.type == kShtNobits) z.bss += s.size;
    else if (s.flags & kShfWrite) z.data += s.size;
    else z.text += s.size;
  }
  return z;
}

Result<Elf32Image> ParseElf32(const std::vector<uint8_t>& bytes, const std::string& what) {
  const Reader r(bytes);
  auto bad = [&](const std::string& why) { return Status::Error(what + ": not a usable ARM ELF32 file: " + why); };
  if (!r.Has(0, 52) || std::memcmp(bytes.data(), "\x7f" "ELF", 4) != 0) return bad("no ELF header");
  if (bytes[4] != 1 || bytes[5] != 1) return bad("not 32-bit little-endian");
  if (r.U16(18) != kEmArm) return bad(Format("machine %u is not ARM", r.U16(18)));
  Elf32Image img;
  img.entry = r.U32(24);
  const uint32_t phoff = r.U32(28), shoff = r.U32(32);
  const uint16_t phentsize = r.U16(42), phnum = r.U16(44), shentsize = r.U16(46), shnum = r.U16(48),
                 shstrndx = r.U16(50);
  if (phnum && (phentsize < 32 || !r.Has(phoff, uint64_t{phentsize} * phnum))) return bad("program headers out of bounds");
  for (uint32_t i = 0; i < phnum; ++i) {
    const uint64_t h = phoff + uint64_t{i} * phentsize;
    if (r.U32(h) != kPtLoad) continue;
    const uint32_t off = r.U32(h + 4), filesz = r.U32(h + 16);
    if (!r.Has(off, filesz)) return bad(Format("segment %u out of bounds", i));
    Elf32Segment s;
    s.vaddr = r.U32(h + 8);
    s.paddr = r.U32(h + 12);
    s.memsz = r.U32(h + 20);
    s.data.assign(bytes.begin() + off, bytes.begin() + off + filesz);
    img.segments.push_back(std::move(s));
  }
  if (shnum && (shentsize < 40 || !r.Has(shoff, uint64_t{shentsize} * shnum))) return bad("section headers out of bounds");
  auto section = [&](uint32_t i) { return shoff + uint64_t{i} * shentsize; };
  uint64_t names_off = 0, names_size = 0;
  if (shstrndx < shnum) {
    names_off = r.U32(section(shstrndx) + 16);
    names_size = r.U32(section(shstrndx) + 20);
    if (!r.Has(names_off, names_size)) return bad("section names out of bounds");
  }
  for (uint32_t i = 0; i < shnum; ++i) {
    const uint64_t h = section(i);
    Elf32Section s;
    s.name = r.Str(names_off, names_size, r.U32(h));
    s.type = r.U32(h + 4);
    s.flags = r.U32(h + 8);
    s.addr = r.U32(h + 12);
    s.size = r.U32(h + 20);
    img.sections.push_back(s);
    if (s.type != kShtSymtab) continue;
    const uint32_t off = r.U32(h + 16), link = r.U32(h + 24), entsize = r.U32(h + 36);
    if (entsize < 16 || !r.Has(off, s.size) || link >= shnum) return bad("symbol table out of bounds");
    const uint32_t str_off = r.U32(section(link) + 16), str_size = r.U32(section(link) + 20);
    if (!r.Has(str_off, str_size)) return bad("symbol names out of bounds");
    for (uint64_t e = off; e + entsize <= uint64_t{off} + s.size; e += entsize) {
      Elf32Symbol sym;
      sym.name = r.Str(str_off, str_size, r.U32(e));
      sym.value = r.U32(e + 4);
      sym.size = r.U32(e + 8);
      sym.type = bytes[e + 12] & 0xf;
      if (!sym.name.empty()) img.symbols.push_back(std::move(sym));
    }
  }
  return img;
}

}  // namespace eb
