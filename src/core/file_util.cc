#include "core/file_util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/strings.h"

namespace eb {

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path, int64_t max_bytes, const std::string& limit) {
  const std::string why = limit.empty() ? "it may hold at most" : limit;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > static_cast<uintmax_t>(max_bytes)) {
      return Status::Error(Format("%s: holds %ju bytes, but %s %lld", path.c_str(), static_cast<uintmax_t>(size),
                                  why.c_str(), static_cast<long long>(max_bytes)));
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open the file");
  // Chunks as they arrive, never more than one byte past the limit: /dev/zero is refused, not exhausted.
  constexpr int64_t kChunk = int64_t{1} << 20;
  std::vector<uint8_t> bytes;
  while (in && static_cast<int64_t>(bytes.size()) <= max_bytes) {
    const size_t old = bytes.size();
    const int64_t want = std::min(kChunk, max_bytes + 1 - static_cast<int64_t>(old));
    bytes.resize(old + static_cast<size_t>(want));
    in.read(reinterpret_cast<char*>(bytes.data() + old), static_cast<std::streamsize>(want));
    bytes.resize(old + static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::Error(path + ": read error");
  if (static_cast<int64_t>(bytes.size()) > max_bytes) {
    return Status::Error(Format("%s: holds more than %lld bytes, but %s %lld", path.c_str(),
                                static_cast<long long>(max_bytes), why.c_str(), static_cast<long long>(max_bytes)));
  }
  return bytes;
}

Status WriteFileAtomically(const std::string& path, const uint8_t* data, size_t size) {
  const std::string tmp = path + ".partial";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Status::Error(path + ": cannot create the output file");
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    f.close();
    if (!f) {
      std::filesystem::remove(tmp);
      return Status::Error(path + ": write failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return Status::Error(path + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace eb
