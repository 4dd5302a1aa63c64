// Small string helpers for messages and reports.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace eb {

// "[1,96,96,3]"
template <class T>
std::string ShapeString(const std::vector<T>& dims) {
  std::ostringstream s;
  s << '[';
  for (size_t i = 0; i < dims.size(); ++i) s << (i ? "," : "") << dims[i];
  s << ']';
  return s.str();
}

// printf-style formatting into a std::string.
std::string Format(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// 1234567 -> "1,234,567"
std::string WithThousands(int64_t v);

}  // namespace eb
