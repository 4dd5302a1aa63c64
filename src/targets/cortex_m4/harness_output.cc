#include "targets/cortex_m4/harness_output.h"

#include <charconv>
#include <sstream>

namespace eb {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool ParseInt(const std::string& s, int64_t* v) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

Result<HarnessReport> ParseHarnessOutput(const std::string& console) {
  HarnessReport r;
  std::istringstream in(console);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("EB_OUTPUT ", 0) == 0) {
      const std::string hex = line.substr(10);
      if (hex.size() % 2 != 0) return Status::Error("firmware console: odd number of hex digits in '" + line + "'");
      for (size_t i = 0; i < hex.size(); i += 2) {
        const int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
        if (hi < 0 || lo < 0) return Status::Error("firmware console: bad hex in '" + line + "'");
        r.outputs.push_back(static_cast<uint8_t>(hi * 16 + lo));
      }
    } else if (line.rfind("EB_CYCLES ", 0) == 0) {
      if (!ParseInt(line.substr(10), &r.dwt_cycles)) return Status::Error("firmware console: bad line '" + line + "'");
    } else if (line.rfind("EB_STACK ", 0) == 0) {
      if (!ParseInt(line.substr(9), &r.stack_bytes)) return Status::Error("firmware console: bad line '" + line + "'");
    } else if (line.rfind("EB_ERROR", 0) == 0 || line.rfind("EB_FAULT", 0) == 0) {
      r.errors.push_back(line);
    }
  }
  return r;
}

}  // namespace eb
