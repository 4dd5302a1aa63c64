#include "datasets/idx.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "core/file_util.h"
#include "core/strings.h"

namespace eb {
namespace {

constexpr uint8_t kIdxUnsignedByte = 0x08;
constexpr int64_t kIdxMaxHeaderBytes = 4 + 4 * 255;  // magic, then up to 255 dimensions

std::vector<std::string> DigitNames() { return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}; }

std::vector<std::string> FashionNames() {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
}

// "<dir>/<base>.gz" when present, else "<dir>/<base>"; an error names both.
Result<std::string> FindIdxFile(const std::string& dir, const std::string& base) {
  namespace fs = std::filesystem;
  for (const std::string& name : {base + ".gz", base}) {
    const std::string path = (fs::path(dir) / name).string();
    if (fs::is_regular_file(path)) return path;
  }
  return Status::Error(Format("%s: has neither %s.gz nor %s (the IDX files of MNIST's original release)",
                              dir.c_str(), base.c_str(), base.c_str()));
}

// zlib's message without the "<path>: " it prefixes.
std::string GzError(gzFile f, const std::string& path, int* code) {
  int err = Z_OK;
  std::string msg = gzerror(f, &err);
  if (code) *code = err;
  if (msg.rfind(path + ": ", 0) == 0) msg.erase(0, path.size() + 2);
  return msg;
}

}  // namespace

namespace {

// Up to `limit` bytes of a file, inflated when gzip-compressed, into out; *more says whether it holds more.
// Reads in chunks as they inflate, so a file far larger than the limit (or a gzip bomb) costs limit + 1 bytes.
Status ReadGzipUpTo(const std::string& path, int64_t limit, std::vector<uint8_t>* out, bool* more) {
  if (!std::filesystem::is_regular_file(path)) return Status::Error(path + ": no such file");
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return Status::Error(path + ": cannot open the file");
  out->clear();
  constexpr int64_t kChunk = int64_t{1} << 20;
  for (;;) {
    const size_t old = out->size();
    const int64_t want = std::min(kChunk, limit + 1 - static_cast<int64_t>(old));
    if (want <= 0) break;
    out->resize(old + static_cast<size_t>(want));
    const int n = gzread(f, out->data() + old, static_cast<unsigned>(want));
    if (n < 0) {
      const std::string msg = GzError(f, path, nullptr);
      gzclose(f);
      return Status::Error(path + ": cannot decompress: " + msg);
    }
    out->resize(old + static_cast<size_t>(n));
    if (n == 0) break;
  }
  *more = static_cast<int64_t>(out->size()) > limit;
  if (*more) {
    out->resize(static_cast<size_t>(limit));
    gzclose(f);
    return Status::Ok();
  }
  // A gzip stream cut short reads as a clean end on some zlib versions; gzerror still reports it.
  int err = Z_OK;
  const std::string msg = GzError(f, path, &err);
  gzclose(f);
  if (err != Z_OK && err != Z_STREAM_END) return Status::Error(path + ": cannot decompress: " + msg);
  return Status::Ok();
}

}  // namespace

Result<std::vector<uint8_t>> ReadMaybeGzip(const std::string& path, int64_t max_bytes) {
  std::vector<uint8_t> out;
  bool more = false;
  EB_RETURN_IF_ERROR(ReadGzipUpTo(path, max_bytes, &out, &more));
  if (more) {
    return Status::Error(Format("%s: holds more than %lld bytes (uncompressed), but it may hold at most %lld",
                                path.c_str(), static_cast<long long>(max_bytes), static_cast<long long>(max_bytes)));
  }
  return out;
}

Result<IdxArray> ParseIdx(std::vector<uint8_t> bytes, const std::string& name) {
  if (bytes.size() < 4) {
    return Status::Error(Format("%s: %zu bytes is too short for an IDX header (4 bytes of magic number)",
                                name.c_str(), bytes.size()));
  }
  if (bytes[0] != 0 || bytes[1] != 0) {
    return Status::Error(Format("%s: bad IDX magic number %02x %02x %02x %02x (an IDX file starts with 00 00)",
                                name.c_str(), bytes[0], bytes[1], bytes[2], bytes[3]));
  }
  if (bytes[2] != kIdxUnsignedByte) {
    return Status::Error(Format("%s: IDX element type 0x%02x is not supported (only 0x08, unsigned byte)",
                                name.c_str(), bytes[2]));
  }
  const size_t rank = bytes[3];
  if (rank == 0) return Status::Error(name + ": IDX rank is 0 (no dimensions)");
  const size_t header = 4 + 4 * rank;
  if (bytes.size() < header) {
    return Status::Error(Format("%s: truncated: the IDX header of rank %zu needs %zu bytes, the file has %zu",
                                name.c_str(), rank, header, bytes.size()));
  }
  IdxArray a;
  int64_t count = 1;
  const uint8_t* p = bytes.data() + 4;
  for (size_t i = 0; i < rank; ++i, p += 4) {
    const int64_t d = (int64_t{p[0]} << 24) | (int64_t{p[1]} << 16) | (int64_t{p[2]} << 8) | int64_t{p[3]};
    a.dims.push_back(d);
    // Dimensions are below 2^32; saturate rather than overflow (the size check below then fails).
    count = (d != 0 && count > INT64_MAX / d) ? INT64_MAX : count * d;
  }
  const size_t body = bytes.size() - header;
  if (count > static_cast<int64_t>(body)) {
    return Status::Error(Format("%s: truncated: the header says %s = %lld bytes of data, the file has %zu",
                                name.c_str(), ShapeString(a.dims).c_str(), static_cast<long long>(count), body));
  }
  if (count < static_cast<int64_t>(body)) {
    return Status::Error(Format("%s: %zu unexpected bytes after the %lld bytes of data that the header %s describes",
                                name.c_str(), body - static_cast<size_t>(count), static_cast<long long>(count),
                                ShapeString(a.dims).c_str()));
  }
  // Drop the header in place: MNIST's training images are 47 MB, so no second copy.
  bytes.erase(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(header));
  a.data = std::move(bytes);
  return a;
}

Result<IdxArray> ReadIdx(const std::string& path) {
  // The header first: it says how many bytes the file may hold, which then bounds the whole read.
  std::vector<uint8_t> head;
  bool more = false;
  EB_RETURN_IF_ERROR(ReadGzipUpTo(path, kIdxMaxHeaderBytes, &head, &more));
  // A small file, or one whose magic number ParseIdx refuses anyway, needs no second read.
  if (!more || head[0] != 0 || head[1] != 0 || head[2] != kIdxUnsignedByte || head[3] == 0) {
    return ParseIdx(std::move(head), path);
  }
  const int64_t header = 4 + 4 * int64_t{head[3]};
  int64_t count = 1;
  for (int64_t i = 0; i < head[3]; ++i) {
    const uint8_t* p = head.data() + 4 + 4 * i;
    const int64_t d = (int64_t{p[0]} << 24) | (int64_t{p[1]} << 16) | (int64_t{p[2]} << 8) | int64_t{p[3]};
    count = d != 0 && count > kMaxFileBytes / d ? kMaxFileBytes : count * d;
  }
  const int64_t limit = std::min(kMaxFileBytes, header + count);
  std::vector<uint8_t> bytes;
  EB_RETURN_IF_ERROR(ReadGzipUpTo(path, limit, &bytes, &more));
  if (more) {
    return Status::Error(Format("%s: holds more than the %lld bytes (uncompressed) that its IDX header describes",
                                path.c_str(), static_cast<long long>(limit)));
  }
  return ParseIdx(std::move(bytes), path);
}

Result<Dataset> DatasetFromIdxFiles(const std::string& images_path, const std::string& labels_path,
                                    std::vector<std::string> class_names) {
  auto images = ReadIdx(images_path);
  if (!images.ok()) return images.status();
  auto labels = ReadIdx(labels_path);
  if (!labels.ok()) return labels.status();
  const auto& idims = images->dims;
  const auto& ldims = labels->dims;
  if (idims.size() != 3) {
    return Status::Error(Format("%s: an image file has 3 dimensions [N,rows,cols], this one %s", images_path.c_str(),
                                ShapeString(idims).c_str()));
  }
  if (ldims.size() != 1) {
    return Status::Error(Format("%s: a label file has 1 dimension [N], this one %s", labels_path.c_str(),
                                ShapeString(ldims).c_str()));
  }
  if (idims[0] != ldims[0]) {
    return Status::Error(Format("%s holds %lld images but %s holds %lld labels", images_path.c_str(),
                                static_cast<long long>(idims[0]), labels_path.c_str(),
                                static_cast<long long>(ldims[0])));
  }
  if (idims[1] <= 0 || idims[2] <= 0 || idims[1] > 65535 || idims[2] > 65535) {
    return Status::Error(Format("%s: image size %lldx%lld is not supported", images_path.c_str(),
                                static_cast<long long>(idims[1]), static_cast<long long>(idims[2])));
  }
  const std::vector<uint8_t>& lab = labels->data;
  for (size_t i = 0; i < lab.size(); ++i) {
    if (lab[i] >= class_names.size()) {
      return Status::Error(Format("%s: label %d of image %zu is not a class (0..%zu)", labels_path.c_str(), lab[i], i,
                                  class_names.size() - 1));
    }
  }
  Dataset ds;
  ds.source = images_path + " + " + labels_path;
  ds.height = static_cast<int>(idims[1]);
  ds.width = static_cast<int>(idims[2]);
  ds.channels = 1;
  ds.class_names = std::move(class_names);
  ds.pixels = std::move(images->data);
  ds.labels = std::move(labels->data);
  return ds;
}

Result<Dataset> LoadMnistDir(const std::string& dir, Split split, const std::string& kind) {
  if (!std::filesystem::is_directory(dir)) return Status::Error(dir + ": no such directory");
  const std::string prefix = split == Split::kTest ? "t10k" : "train";
  auto images = FindIdxFile(dir, prefix + "-images-idx3-ubyte");
  if (!images.ok()) return images.status();
  auto labels = FindIdxFile(dir, prefix + "-labels-idx1-ubyte");
  if (!labels.ok()) return labels.status();
  auto ds = DatasetFromIdxFiles(images.value(), labels.value(), kind == "fashion-mnist" ? FashionNames() : DigitNames());
  if (!ds.ok()) return ds.status();
  ds->kind = kind;
  ds->split = split;
  return ds;
}

}  // namespace eb
