// Seeded random values and layer geometries for the C kernel tests.
#ifndef EB_TESTS_KERNELS_KERNEL_TEST_UTIL_H
#define EB_TESTS_KERNELS_KERNEL_TEST_UTIL_H

#include <cstdint>
#include <random>
#include <vector>

#include "arm_dsp.h"
#include "conv2d.h"

namespace eb::test {

inline int Uniform(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

inline std::vector<int8_t> RandomI8(std::mt19937& rng, size_t n, int lo = -128, int hi = 127) {
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(Uniform(rng, lo, hi));
  return v;
}

struct Requant {
  std::vector<int32_t> bias, mult, shift;
};

// Per-channel requantisation. With `usual`, every channel has what converters produce for real layers (a
// right shift of at least 2 and a multiplier above 2^30), which the DSP kernels handle on a faster path;
// otherwise some channels have none, one, or a left shift, or a multiplier of exactly 2^30. Either way
// about one channel in ten is dead (multiplier 0, as converters write for all-zero weights).
inline Requant RandomRequant(std::mt19937& rng, int32_t channels, bool usual = false) {
  Requant r;
  for (int32_t c = 0; c < channels; ++c) {
    r.bias.push_back(Uniform(rng, -20000, 20000));
    const int kind = Uniform(rng, 0, 19);
    r.mult.push_back(kind == 0 ? 0 : !usual && kind == 1 ? (1 << 30) : Uniform(rng, (1 << 30) + 1, INT32_MAX));
    r.shift.push_back(usual && kind != 0 ? Uniform(rng, -12, -2) : Uniform(rng, -12, 1));
  }
  return r;
}

// A random convolution (or depthwise, with a random depth multiplier) geometry: up to 9 x 9 images, 13
// input channels, 4 x 4 filters, strides 3, dilation 2, any padding that leaves an output; random zero
// points and clamp.
inline eb_conv_params RandomConvGeometry(std::mt19937& rng, bool depthwise) {
  for (;;) {
    eb_conv_params p{};
    p.batch = Uniform(rng, 1, 2);
    p.in_h = Uniform(rng, 1, 9);
    p.in_w = Uniform(rng, 1, 9);
    p.in_c = Uniform(rng, 1, 13);
    p.depth_multiplier = depthwise ? std::vector<int>{1, 1, 2, 4, 8}[static_cast<size_t>(Uniform(rng, 0, 4))] : 1;
    p.out_c = depthwise ? p.in_c * p.depth_multiplier : Uniform(rng, 1, 9);
    p.k_h = Uniform(rng, 1, 4);
    p.k_w = Uniform(rng, 1, 4);
    p.stride_h = Uniform(rng, 1, 3);
    p.stride_w = Uniform(rng, 1, 3);
    p.dil_h = Uniform(rng, 1, 2);
    p.dil_w = Uniform(rng, 1, 2);
    p.pad_top = Uniform(rng, 0, p.k_h - 1);
    p.pad_left = Uniform(rng, 0, p.k_w - 1);
    p.out_h = (p.in_h + 2 * p.pad_top - p.dil_h * (p.k_h - 1) - 1) / p.stride_h + 1;
    p.out_w = (p.in_w + 2 * p.pad_left - p.dil_w * (p.k_w - 1) - 1) / p.stride_w + 1;
    if (p.out_h <= 0 || p.out_w <= 0) continue;
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    p.q_min = Uniform(rng, -128, 0);
    p.q_max = Uniform(rng, 0, 127);
    return p;
  }
}

// A 3x3 depthwise layer (depth multiplier 1) over h x w x c, padded symmetrically as given, the whole int8
// clamp.
inline eb_conv_params Depthwise3x3(int32_t h, int32_t w, int32_t c, int32_t stride_h, int32_t stride_w,
                                   int32_t pad_top, int32_t pad_left) {
  eb_conv_params p{};
  p.batch = 1;
  p.in_h = h;
  p.in_w = w;
  p.in_c = p.out_c = c;
  p.k_h = p.k_w = 3;
  p.stride_h = stride_h;
  p.stride_w = stride_w;
  p.dil_h = p.dil_w = 1;
  p.pad_top = pad_top;
  p.pad_left = pad_left;
  p.out_h = (h + 2 * pad_top - 3) / stride_h + 1;
  p.out_w = (w + 2 * pad_left - 3) / stride_w + 1;
  p.depth_multiplier = 1;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

// A pointwise (1x1, stride 1, unpadded) convolution, the whole int8 clamp.
inline eb_conv_params Pointwise(int32_t batch, int32_t h, int32_t w, int32_t in_c, int32_t out_c) {
  eb_conv_params p{};
  p.batch = batch;
  p.in_h = p.out_h = h;
  p.in_w = p.out_w = w;
  p.in_c = in_c;
  p.out_c = out_c;
  p.k_h = p.k_w = 1;
  p.stride_h = p.stride_w = p.dil_h = p.dil_w = 1;
  p.depth_multiplier = 1;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

// A kernel's scratch buffer of `bytes`, aligned like the planner's, its contents garbage (a kernel must not read
// what it did not write).
class Scratch {
 public:
  explicit Scratch(int64_t bytes) : words_(static_cast<size_t>(bytes + 63) / 8 + 8, 0xA5A5A5A5A5A5A5A5ull) {}
  void* data() {
    const auto at = reinterpret_cast<uintptr_t>(words_.data());
    return reinterpret_cast<void*>((at + 63) & ~uintptr_t{63});
  }

 private:
  std::vector<uint64_t> words_;
};

// The channels' eb_rq_channel constants (4 words each) as prepare gathers them, or empty where eb_rq_table
// declines (a channel without the usual requantisation, a clamp short of the int8 range).
inline std::vector<int32_t> RqTable(const int32_t* bias, const std::vector<int32_t>& mult,
                                    const std::vector<int32_t>& shift, int32_t q_min, int32_t q_max) {
  std::vector<int32_t> t(mult.size() * 4);
  if (!eb_rq_table(bias, mult.data(), shift.data(), static_cast<int32_t>(mult.size()), q_min, q_max,
                   reinterpret_cast<eb_rq_channel*>(t.data()))) {
    return {};
  }
  return t;
}

}  // namespace eb::test

#endif
