// PADV2 runs the PAD kernel with an explicit fill value; these cases pin the fills it is used for:
// the lowest float (ONNX max pooling with explicit pads) and a non-zero float constant.
#include <gtest/gtest.h>

#include <cfloat>
#include <cstring>
#include <vector>

#include "pad.h"

namespace {

eb_pad_params FloatParams(std::vector<int32_t> dims, std::vector<int32_t> before, std::vector<int32_t> after,
                          float value) {
  eb_pad_params p{};
  p.rank = static_cast<int32_t>(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) {
    p.in_dims[d] = dims[d];
    p.before[d] = before[d];
    p.after[d] = after[d];
  }
  p.elem_size = 4;
  std::memcpy(p.pad_value, &value, 4);
  return p;
}

}  // namespace

TEST(PadV2, LowestFloatAroundAnNhwcImage) {
  // [1,2,2,1] padded by one pixel on every side of H and W.
  const float lo = -FLT_MAX;
  const eb_pad_params p = FloatParams({1, 2, 2, 1}, {0, 1, 1, 0}, {0, 1, 1, 0}, lo);
  const std::vector<float> in = {1, 2, 3, 4};
  std::vector<float> out(16);
  eb_pad(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{lo, lo, lo, lo,  //
                                     lo, 1, 2, lo,    //
                                     lo, 3, 4, lo,    //
                                     lo, lo, lo, lo}));
}

TEST(PadV2, ConstantValueOnOneSide) {
  const eb_pad_params p = FloatParams({2, 2}, {0, 0}, {1, 1}, 2.5f);
  const std::vector<float> in = {1, 2, 3, 4};
  std::vector<float> out(9);
  eb_pad(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 2, 2.5f, 3, 4, 2.5f, 2.5f, 2.5f, 2.5f}));
}
