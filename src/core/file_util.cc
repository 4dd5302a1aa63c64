#include "core/file_util.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace eb {

Result<std::vector<uint8_t>> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open the file");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Error(path + ": read error");
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
