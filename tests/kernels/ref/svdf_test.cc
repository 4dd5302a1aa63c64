// SVDF: a hand-worked float32 case over three calls (the state shifts one slot per call), and int8 with an
// int16 and an int8 state on random sizes against a formula written from the layer's definition: each filter's
// memory holds its last memory_size projections (oldest first; reset values before the first call).
#include "svdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <random>
#include <vector>

#include "quant.h"

namespace {

TEST(SvdfF32, StateShiftsOneSlotPerCall) {
  // batch 1, input 2, 2 filters of rank 1 (2 units), memory 2; feature rows (1, 0) and (1, 1);
  // time weights: filter 0 (0.5 old, 1 new), filter 1 (2 old, -1 new); bias (10, 20); no activation.
  eb_svdf_params p{};
  p.batch = 1, p.input_size = 2, p.num_filters = 2, p.num_units = 2, p.rank = 1, p.memory_size = 2;
  p.act_min = -1e30f, p.act_max = 1e30f;
  const float wf[4] = {1, 0, 1, 1}, wt[4] = {0.5f, 1, 2, -1}, bias[2] = {10, 20};
  std::vector<float> state(4, 0.0f), scratch(2), out(2);
  const float x1[2] = {3, 4}, x2[2] = {-1, 2}, x3[2] = {0, 0};
  // Call 1: projections (3, 7); memories (0,3) and (0,7): out 10 + 3 = 13, 20 - 7 = 13.
  eb_svdf_f32(&p, x1, wf, wt, bias, state.data(), out.data(), scratch.data());
  EXPECT_EQ(out, (std::vector<float>{13, 13}));
  // Call 2: projections (-1, 1); memories (3,-1), (7,1): 10 + 1.5 - 1 = 10.5; 20 + 14 - 1 = 33.
  eb_svdf_f32(&p, x2, wf, wt, bias, state.data(), out.data(), scratch.data());
  EXPECT_EQ(out, (std::vector<float>{10.5f, 33}));
  EXPECT_EQ(state, (std::vector<float>{3, -1, 7, 1}));
  // Call 3 with a RELU6-like clamp: memories (-1,0), (1,0): 10 - 0.5 = 9.5 -> 6; 20 + 2 = 22 -> 6.
  p.act_min = 0, p.act_max = 6;
  eb_svdf_f32(&p, x3, wf, wt, bias, state.data(), out.data(), scratch.data());
  EXPECT_EQ(out, (std::vector<float>{6, 6}));
}

template <class T>
void CheckInt8(std::mt19937& rng, int calls) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  eb_svdf_params p{};
  p.batch = uni(1, 3), p.input_size = uni(1, 40), p.rank = uni(1, 3), p.num_units = uni(1, 6), p.memory_size = uni(1, 9);
  p.num_filters = p.num_units * p.rank;
  const int tmin = std::numeric_limits<T>::min(), tmax = std::numeric_limits<T>::max();
  p.input_zp = uni(-20, 20), p.output_zp = uni(-20, 20), p.state_zp = sizeof(T) == 1 ? uni(-10, 10) : 0;
  eb_svdf_s8_prepare(&p, 0.02f, 0.01f * uni(1, 9), sizeof(T) == 1 ? 0.05f : 0.0005f, 0.003f * uni(1, 5), 0.1f);
  const int nf = p.num_filters, mem = p.memory_size;
  std::vector<int8_t> wf(static_cast<size_t>(nf * p.input_size)), x(static_cast<size_t>(p.batch * p.input_size));
  std::vector<T> wt(static_cast<size_t>(nf * mem));
  std::vector<int32_t> bias(static_cast<size_t>(p.num_units));
  for (auto& v : wf) v = static_cast<int8_t>(uni(-127, 127));
  for (auto& v : wt) v = static_cast<T>(sizeof(T) == 1 ? uni(-127, 127) : uni(-2000, 2000));  // sums stay in int32
  for (auto& v : bias) v = uni(-5000, 5000);
  // Reset: int8 state holds its zero point, int16 holds 0.
  std::vector<T> state(static_cast<size_t>(p.batch * nf * mem), static_cast<T>(sizeof(T) == 1 ? p.state_zp : 0));
  std::vector<int32_t> scratch(static_cast<size_t>(eb_svdf_scratch_bytes(&p, 0) / 4));
  std::vector<int8_t> out(static_cast<size_t>(p.batch * p.num_units));
  // The formula's own memory: per batch and filter, the last `mem` stored projections.
  std::vector<std::deque<int32_t>> hist(static_cast<size_t>(p.batch * nf),
                                        std::deque<int32_t>(static_cast<size_t>(mem), sizeof(T) == 1 ? p.state_zp : 0));
  for (int call = 0; call < calls; ++call) {
    for (auto& v : x) v = static_cast<int8_t>(uni(-128, 127));
    if constexpr (sizeof(T) == 2) eb_svdf_s8_s16state(&p, x.data(), wf.data(), wt.data(), bias.data(), state.data(), out.data(), scratch.data());
    else eb_svdf_s8_s8state(&p, x.data(), wf.data(), wt.data(), bias.data(), state.data(), out.data(), scratch.data());
    for (int b = 0; b < p.batch; ++b) {
      for (int f = 0; f < nf; ++f) {
        int32_t dot = 0;
        for (int k = 0; k < p.input_size; ++k) dot += wf[f * p.input_size + k] * (x[b * p.input_size + k] - p.input_zp);
        const int32_t v = std::clamp(eb_multiply_by_quantized_multiplier(dot, p.mult1, p.shift1), tmin, tmax);
        auto& h = hist[static_cast<size_t>(b * nf + f)];
        h.pop_front();
        h.push_back(static_cast<T>(v + p.state_zp));
      }
      for (int u = 0; u < p.num_units; ++u) {
        int32_t acc = bias[static_cast<size_t>(u)];
        for (int r = 0; r < p.rank; ++r) {
          const int f = u * p.rank + r;
          for (int j = 0; j < mem; ++j) acc += wt[f * mem + j] * (hist[static_cast<size_t>(b * nf + f)][static_cast<size_t>(j)] - p.state_zp);
        }
        const int32_t want = std::clamp(eb_multiply_by_quantized_multiplier(acc, p.mult2, p.shift2) + p.output_zp, -128, 127);
        ASSERT_EQ(out[static_cast<size_t>(b * p.num_units + u)], want) << "call " << call << " batch " << b << " unit " << u;
      }
    }
  }
}

TEST(SvdfS8, Int16StateMatchesTheFormulaOverCalls) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) CheckInt8<int16_t>(rng, 12);
}

TEST(SvdfS8, Int8StateWithAZeroPointMatchesTheFormulaOverCalls) {
  std::mt19937 rng(8);
  for (int trial = 0; trial < 40; ++trial) CheckInt8<int8_t>(rng, 12);
}

TEST(SvdfS8, MultipliersComeFromFloat32Products) {
  eb_svdf_params p{};
  eb_svdf_s8_prepare(&p, 0.02f, 0.03f, 0.0005f, 0.007f, 0.1f);
  int32_t m = 0, s = 0;
  eb_quantize_multiplier(static_cast<double>(0.02f * 0.03f / 0.0005f), &m, &s);
  EXPECT_EQ(p.mult1, m);
  EXPECT_EQ(p.shift1, s);
  eb_quantize_multiplier(static_cast<double>(0.0005f * 0.007f / 0.1f), &m, &s);
  EXPECT_EQ(p.mult2, m);
  EXPECT_EQ(p.shift2, s);
}

}  // namespace
