// PAD: hand-worked 2-D and NHWC cases (pad value = zero point, or 0.0f), pattern fills for 2- and 8-byte
// elements, and a naive index-mapping pad on seeded random ranks 1..6.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "pad.h"

namespace {

eb_pad_params Params(std::vector<int32_t> dims, std::vector<int32_t> before, std::vector<int32_t> after,
                     int elem_size, const void *value) {
  eb_pad_params p{};
  p.rank = static_cast<int32_t>(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) {
    p.in_dims[d] = dims[d];
    p.before[d] = before[d];
    p.after[d] = after[d];
  }
  p.elem_size = elem_size;
  std::memcpy(p.pad_value, value, elem_size);
  return p;
}

}  // namespace

TEST(Pad, Int8WithZeroPoint) {
  // [2,3] padded one row before and two columns after with the zero point -5.
  const int8_t zp = -5;
  const std::vector<int8_t> in = {1, 2, 3, 4, 5, 6};
  eb_pad_params p = Params({2, 3}, {1, 0}, {0, 2}, 1, &zp);
  std::vector<int8_t> out(15);
  eb_pad(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-5, -5, -5, -5, -5,  //
                                      1, 2, 3, -5, -5,     //
                                      4, 5, 6, -5, -5}));
}

TEST(Pad, FloatNhwcSpatialBorder) {
  // 1x2x2x2 -> 1x4x3x2: H padded 1/1, W padded 0/1; channels untouched.
  const float zero = 0.0f;
  const std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8};
  eb_pad_params p = Params({1, 2, 2, 2}, {0, 1, 0, 0}, {0, 1, 1, 0}, 4, &zero);
  std::vector<float> out(24, -1.0f);
  eb_pad(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0, 0, 0, 0, 0, 0,  //
                                     1, 2, 3, 4, 0, 0,  //
                                     5, 6, 7, 8, 0, 0,  //
                                     0, 0, 0, 0, 0, 0}));
}

TEST(Pad, Int16AndInt64ValuesFillWholeElements) {
  const int16_t v16 = -2;  // 0xFFFE: byte order matters
  const std::vector<int16_t> in16 = {7, 8};
  eb_pad_params p = Params({2}, {3}, {2}, 2, &v16);
  std::vector<int16_t> out16(7);
  eb_pad(&p, in16.data(), out16.data());
  EXPECT_EQ(out16, (std::vector<int16_t>{-2, -2, -2, 7, 8, -2, -2}));

  const int64_t v64 = 0x0102030405060708LL;
  const std::vector<int64_t> in64 = {-1};
  p = Params({1, 1}, {1, 2}, {0, 0}, 8, &v64);
  std::vector<int64_t> out64(6);
  eb_pad(&p, in64.data(), out64.data());
  EXPECT_EQ(out64, (std::vector<int64_t>{v64, v64, v64, v64, v64, -1}));
}

TEST(Pad, MatchesNaivePadOnRandomShapes) {
  std::mt19937 rng(99);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int sizes[] = {1, 2, 4, 8};
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = uni(1, EB_MAX_DIMS);
    const int es = sizes[uni(0, 3)];
    std::vector<int32_t> dims(rank), before(rank), after(rank), out_dims(rank);
    size_t n_in = 1, n_out = 1;
    for (int d = 0; d < rank; ++d) {
      dims[d] = uni(1, rank > 4 ? 3 : 5);
      before[d] = uni(0, 2);
      after[d] = uni(0, 2);
      out_dims[d] = before[d] + dims[d] + after[d];
      n_in *= dims[d];
      n_out *= out_dims[d];
    }
    uint8_t value[8];
    for (int b = 0; b < 8; ++b) value[b] = static_cast<uint8_t>(0xF0 + b);
    std::vector<uint8_t> in(n_in * es), out(n_out * es, 0);
    for (auto &b : in) b = static_cast<uint8_t>(uni(0, 0xEF));  // never a pad byte
    eb_pad_params p = Params(dims, before, after, es, value);
    eb_pad(&p, in.data(), out.data());
    for (size_t o = 0; o < n_out; ++o) {
      size_t rem = o, src = 0, src_stride = 1;
      bool inside = true;
      for (int d = rank - 1; d >= 0; --d) {
        const int c = static_cast<int>(rem % out_dims[d]) - before[d];
        rem /= out_dims[d];
        if (c < 0 || c >= dims[d]) inside = false;
        else src += c * src_stride;
        src_stride *= dims[d];
      }
      const uint8_t *want = inside ? &in[src * es] : value;
      ASSERT_EQ(std::memcmp(&out[o * es], want, es), 0) << "trial " << trial << " element " << o;
    }
  }
}
