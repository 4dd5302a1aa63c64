// Labelled image datasets held in memory: uint8 pixels, HWC per image, one label byte per image.
//
// Readers (IDX for MNIST/Fashion-MNIST, the CIFAR-10 binary format) fill a Dataset once; evaluation and
// calibration then index it without further I/O. The whole MNIST test split is 7.8 MB, CIFAR-10's 30 MB.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace eb {

enum class Split { kTest, kTrain };

// "test" / "train".
const char* SplitName(Split s);

struct Dataset {
  std::string kind;                      // "mnist", "fashion-mnist", "cifar10"
  Split split = Split::kTest;
  std::string source;                    // the file(s) it was read from, for messages and reports
  int height = 0, width = 0, channels = 0;
  std::vector<std::string> class_names;  // one per class; labels are indices into it
  std::vector<uint8_t> pixels;           // size() images of height*width*channels bytes, HWC, back to back
  std::vector<uint8_t> labels;           // one per image, each < num_classes()

  size_t size() const { return labels.size(); }
  int num_classes() const { return static_cast<int>(class_names.size()); }
  size_t image_bytes() const { return static_cast<size_t>(height) * width * channels; }
  // Pixels of image i: row-major H x W x C.
  std::span<const uint8_t> image(size_t i) const { return {pixels.data() + i * image_bytes(), image_bytes()}; }
};

}  // namespace eb
