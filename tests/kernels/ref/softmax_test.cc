// SOFTMAX: int8 values worked by hand or produced by gemmlowp's fixedpoint.h following TFLM's reference
// kernel, int8 against double-precision softmax within 1 LSB on full int8 sweeps, and float32.
#include "softmax.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace {

eb_softmax_params Prepared(int32_t outer, int32_t depth, double beta, float in_scale) {
  eb_softmax_params p{};
  p.outer = outer;
  p.depth = depth;
  p.beta = (float)beta;
  eb_softmax_s8_prepare(&p, beta, (double)in_scale);
  return p;
}

std::vector<int8_t> Apply(const eb_softmax_params &p, const std::vector<int8_t> &in) {
  std::vector<int8_t> out(in.size());
  std::vector<int32_t> table(EB_SOFTMAX_S8_TABLE_SIZE);
  eb_softmax_s8_exp_table(&p, table.data());
  eb_softmax_s8(&p, table.data(), in.data(), out.data());
  return out;
}

TEST(SoftmaxS8, PrepareMatchesTflmScaling) {
  // beta * scale * 2^26 = 0.1 * 2^26 = 0.8 * 2^23; radius floor(31 * 2^26 / 2^23) = 248.
  const auto p = Prepared(1, 5, 1.0, 0.1f);
  EXPECT_EQ(p.in_mult, 1717986944);  // round(0.8000000119 * 2^31): 0.1f is slightly above 0.1
  EXPECT_EQ(p.in_left_shift, 23);
  EXPECT_EQ(p.diff_min, -248);
}

TEST(SoftmaxS8, EqualInputsShareProbabilityEvenly) {
  // exp(0) sums to depth exactly; 1/depth * 256 - 128.
  EXPECT_EQ(Apply(Prepared(1, 4, 1.0, 0.1f), {7, 7, 7, 7}), (std::vector<int8_t>{-64, -64, -64, -64}));
  EXPECT_EQ(Apply(Prepared(1, 2, 1.0, 0.05f), {-128, -128}), (std::vector<int8_t>{0, 0}));
  // A single entry has probability 1, i.e. 256 - 128, which saturates.
  EXPECT_EQ(Apply(Prepared(1, 1, 1.0, 0.1f), {-3}), (std::vector<int8_t>{127}));
}

TEST(SoftmaxS8, DifferencesBelowDiffMinGiveLowestOutput) {
  // Scale 1: radius floor(31 * 2^26 / 2^27) = 15, so a difference of -16 is skipped entirely.
  const auto p = Prepared(1, 3, 1.0, 1.0f);
  EXPECT_EQ(p.diff_min, -15);
  EXPECT_EQ(Apply(p, {100, 84, 100}), (std::vector<int8_t>{0, -128, 0}));
}

TEST(SoftmaxS8, TflmGoldenValues) {
  // TFLM's softmax test data 1..5 at scale 0.1, computed with gemmlowp following TFLM's reference; these
  // equal round(256 * softmax) - 128 of the float goldens 0.0117, 0.0317, 0.0861, 0.2341, 0.6364.
  const auto p = Prepared(2, 5, 1.0, 0.1f);
  EXPECT_EQ(Apply(p, {10, 20, 30, 40, 50, -128, 127, 0, 126, -1}),
            (std::vector<int8_t>{-125, -120, -106, -68, 35, -128, 6, -128, -6, -128}));
}

TEST(SoftmaxS8, WithinOneLsbOfDoubleSoftmaxOnFullSweeps) {
  for (const float scale : {0.01f, 0.0625f, 0.1f, 0.25f}) {
    for (const double beta : {1.0, 0.5}) {
      std::vector<int8_t> in(256);
      for (int i = 0; i < 256; ++i) in[i] = (int8_t)(i - 128);
      const auto p = Prepared(1, 256, beta, scale);
      const auto got = Apply(p, in);
      double sum = 0;
      for (int i = 0; i < 256; ++i) sum += std::exp(beta * scale * (i - 255));
      for (int i = 0; i < 256; ++i) {
        const double prob = std::exp(beta * scale * (i - 255)) / sum;
        const double want = std::fmin(127, std::round(prob * 256) - 128);
        EXPECT_NEAR(got[i], want, 1.0) << "scale=" << scale << " beta=" << beta << " i=" << i;
      }
    }
  }
}

TEST(SoftmaxS8, RowsAreIndependentOnRandomData) {
  std::mt19937 rng(3);
  const int depth = 10, outer = 50;
  std::vector<int8_t> in(depth * outer);
  for (auto &x : in) x = (int8_t)(rng() % 256 - 128);
  const float scale = 0.0390625f;
  const auto p = Prepared(outer, depth, 1.0, scale);
  const auto got = Apply(p, in);
  for (int r = 0; r < outer; ++r) {
    int mx = -128;
    for (int c = 0; c < depth; ++c) mx = std::max<int>(mx, in[r * depth + c]);
    double sum = 0;
    for (int c = 0; c < depth; ++c) sum += std::exp(scale * (in[r * depth + c] - mx));
    for (int c = 0; c < depth; ++c) {
      const double want = std::fmin(127, std::round(std::exp(scale * (in[r * depth + c] - mx)) / sum * 256) - 128);
      EXPECT_NEAR(got[r * depth + c], want, 1.0) << r << "," << c;
    }
  }
}

// int8 in, int16 out (scale 1/65536, zero point -32768): equal inputs give 1/depth exactly, and on random rows
// the int16 probabilities are within one int16 step of the double-precision softmax.
TEST(SoftmaxS8S16, SixteenFractionalBits) {
  auto p = Prepared(1, 4, 1.0, 0.1f);
  std::vector<int32_t> table(EB_SOFTMAX_S8_TABLE_SIZE);
  eb_softmax_s8_exp_table(&p, table.data());
  const std::vector<int8_t> even = {7, 7, 7, 7};
  std::vector<int16_t> out(4);
  eb_softmax_s8_s16(&p, table.data(), even.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{-16384, -16384, -16384, -16384}));
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> u(-128, 127);
  p = Prepared(1, 10, 1.0, 0.05f);
  eb_softmax_s8_exp_table(&p, table.data());
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<int8_t> in(10);
    for (auto& v : in) v = static_cast<int8_t>(u(rng));
    std::vector<int16_t> o(10);
    eb_softmax_s8_s16(&p, table.data(), in.data(), o.data());
    double sum = 0;
    for (int8_t v : in) sum += std::exp(0.05 * v);
    for (size_t c = 0; c < in.size(); ++c) {
      const double want = std::exp(0.05 * in[c]) / sum * 65536 - 32768;
      EXPECT_NEAR(o[c], std::min(want, 32767.0), 1.0) << "trial " << trial;
    }
  }
}

TEST(SoftmaxF32, MatchesTflmGoldenAndBeta) {
  eb_softmax_params p{};
  p.outer = 2;
  p.depth = 5;
  p.beta = 1.0f;
  const float in[] = {1, 2, 3, 4, 5, -1, -2, -3, -4, -5};
  float out[10];
  eb_softmax_f32(&p, in, out);
  const float golden[] = {0.011656231f, 0.031684921f, 0.086128544f, 0.234121657f, 0.636408647f};
  for (int i = 0; i < 5; ++i) {
    EXPECT_NEAR(out[i], golden[i], 1e-6f) << i;
    EXPECT_NEAR(out[9 - i], golden[i], 1e-6f) << i;
  }
  // beta = 2 on {0, ln 2 / 2} is softmax of {0, ln 2}: 1/3 and 2/3.
  p.outer = 1;
  p.depth = 2;
  p.beta = 2.0f;
  const float in2[] = {0.0f, 0.34657359f};
  eb_softmax_f32(&p, in2, out);
  EXPECT_NEAR(out[0], 1.0f / 3.0f, 1e-6f);
  EXPECT_NEAR(out[1], 2.0f / 3.0f, 1e-6f);
}

}  // namespace
