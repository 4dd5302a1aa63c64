// The IDX format of MNIST and Fashion-MNIST, read from gzip-compressed or plain files.
//
// An IDX file is: two zero bytes, a type byte (0x08 = unsigned byte, the only type these datasets use),
// a rank byte, `rank` big-endian uint32 dimensions, then the elements row-major. Images are
// [N, rows, cols], labels [N].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/file_util.h"
#include "core/status.h"
#include "datasets/dataset.h"

namespace eb {

struct IdxArray {
  std::vector<int64_t> dims;
  std::vector<uint8_t> data;  // product(dims) bytes
};

// Reads a whole file, inflating it when it is gzip-compressed (zlib passes plain files through). One that
// inflates to more than max_bytes is refused after max_bytes + 1 bytes, never read whole.
Result<std::vector<uint8_t>> ReadMaybeGzip(const std::string& path, int64_t max_bytes = kMaxFileBytes);

// Parses IDX bytes; `name` (the file) prefixes every error. Refuses other element types, a truncated
// body and trailing bytes.
Result<IdxArray> ParseIdx(std::vector<uint8_t> bytes, const std::string& name);
// ReadMaybeGzip + ParseIdx, bounded by the header: a file holding more than the header's dimensions describe
// is refused once one byte more has been read.
Result<IdxArray> ReadIdx(const std::string& path);

// An image file ([N, rows, cols]) and a label file ([N]) as a one-channel dataset. Checks that the counts
// agree and every label is below class_names.size().
Result<Dataset> DatasetFromIdxFiles(const std::string& images_path, const std::string& labels_path,
                                    std::vector<std::string> class_names);

// A directory with the four files of MNIST's original release ({train,t10k}-{images-idx3,labels-idx1}-ubyte,
// each either gzip-compressed with ".gz" or plain). kind is "mnist" or "fashion-mnist" (class names).
Result<Dataset> LoadMnistDir(const std::string& dir, Split split, const std::string& kind);

}  // namespace eb
