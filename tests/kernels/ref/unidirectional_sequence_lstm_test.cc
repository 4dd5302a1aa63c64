// UNIDIRECTIONAL_SEQUENCE_LSTM: the float32 kernel against the LSTM equations written out in double (batch major
// and time major, the state carried across calls), the int16 fixed-point non-linearities at known points, and
// the int8 kernel tracking the real-valued LSTM within its quantisation error. The TFLM corpus models
// (trained_lstm, trained_lstm_int8) pin bit-exactness against TFLM itself.
#include "unidirectional_sequence_lstm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "quant.h"

namespace {

struct Lstm {
  int batch, steps, in, state;
  std::vector<float> w[8], b[4];  // input weights 0-3, recurrent 4-7 (gates input, forget, cell, output)
};

Lstm Random(std::mt19937& rng, int batch, int steps, int in, int state, float scale) {
  std::uniform_real_distribution<float> u(-scale, scale);
  Lstm m{batch, steps, in, state, {}, {}};
  for (int k = 0; k < 8; ++k) {
    m.w[k].resize(static_cast<size_t>(state * (k < 4 ? in : state)));
    for (auto& v : m.w[k]) v = u(rng);
  }
  for (auto& bias : m.b) {
    bias.resize(static_cast<size_t>(state));
    for (auto& v : bias) v = u(rng);
  }
  return m;
}

// The equations, in double: batch-major input [batch][steps][in]; h, c carried in and out.
std::vector<double> Reference(const Lstm& m, const std::vector<float>& x, std::vector<double>& h, std::vector<double>& c) {
  std::vector<double> out(static_cast<size_t>(m.batch * m.steps * m.state));
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  for (int b = 0; b < m.batch; ++b) {
    for (int t = 0; t < m.steps; ++t) {
      const float* xt = &x[static_cast<size_t>((b * m.steps + t) * m.in)];
      double* hb = &h[static_cast<size_t>(b * m.state)];
      double* cb = &c[static_cast<size_t>(b * m.state)];
      std::vector<double> gate[4];
      for (int g = 0; g < 4; ++g) {
        gate[g].resize(static_cast<size_t>(m.state));
        for (int s = 0; s < m.state; ++s) {
          double v = m.b[g][static_cast<size_t>(s)];
          for (int d = 0; d < m.in; ++d) v += m.w[g][static_cast<size_t>(s * m.in + d)] * xt[d];
          for (int d = 0; d < m.state; ++d) v += m.w[4 + g][static_cast<size_t>(s * m.state + d)] * hb[d];
          gate[g][static_cast<size_t>(s)] = g == 2 ? std::tanh(v) : sig(v);
        }
      }
      for (int s = 0; s < m.state; ++s) {
        const size_t i = static_cast<size_t>(s);
        cb[s] = gate[1][i] * cb[s] + gate[0][i] * gate[2][i];
        hb[s] = gate[3][i] * std::tanh(cb[s]);
        out[static_cast<size_t>((b * m.steps + t) * m.state + s)] = hb[s];
      }
    }
  }
  return out;
}

// The kernel's 24 operand pointers.
std::vector<const void*> Operands(const Lstm& m, const void* x, const void* const* w, const void* const* b, void* h,
                                  void* c) {
  std::vector<const void*> in(24, nullptr);
  in[0] = x;
  for (int k = 0; k < 8; ++k) in[static_cast<size_t>(1 + k)] = w[k];
  for (int g = 0; g < 4; ++g) in[static_cast<size_t>(12 + g)] = b[g];
  in[18] = h;
  in[19] = c;
  (void)m;
  return in;
}

TEST(UnidirectionalSequenceLstmF32, FollowsTheEquationsAcrossCalls) {
  std::mt19937 rng(3);
  const Lstm m = Random(rng, 2, 5, 3, 4, 0.8f);
  eb_lstm_params p{};
  p.batch = m.batch, p.time_steps = m.steps, p.input_size = m.in, p.state_size = m.state, p.cell_tanh = 1;
  std::vector<float> h(static_cast<size_t>(m.batch * m.state), 0), c(h.size(), 0);
  std::vector<double> hr(h.size(), 0), cr(h.size(), 0);
  std::vector<float> scratch(static_cast<size_t>(eb_lstm_scratch_bytes(&p, 1) / 4));
  const void* w[8];
  const void* b[4];
  for (int k = 0; k < 8; ++k) w[k] = m.w[k].data();
  for (int g = 0; g < 4; ++g) b[g] = m.b[g].data();
  std::uniform_real_distribution<float> u(-1, 1);
  for (int call = 0; call < 3; ++call) {  // the state carries over
    std::vector<float> x(static_cast<size_t>(m.batch * m.steps * m.in));
    for (auto& v : x) v = u(rng);
    std::vector<float> out(static_cast<size_t>(m.batch * m.steps * m.state));
    const auto in = Operands(m, x.data(), w, b, h.data(), c.data());
    eb_unidirectional_sequence_lstm_f32(&p, in.data(), out.data(), scratch.data());
    const auto want = Reference(m, x, hr, cr);
    for (size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], want[i], 2e-6) << "call " << call << " element " << i;
  }
}

TEST(UnidirectionalSequenceLstmF32, TimeMajorStepsAllRowsTogether) {
  std::mt19937 rng(4);
  const Lstm m = Random(rng, 3, 4, 2, 3, 0.8f);
  eb_lstm_params p{};
  p.time_major = 1, p.batch = m.batch, p.time_steps = m.steps, p.input_size = m.in, p.state_size = m.state;
  p.cell_tanh = 1;
  std::vector<float> x(static_cast<size_t>(m.batch * m.steps * m.in)), x_bm(x.size());
  std::uniform_real_distribution<float> u(-1, 1);
  for (auto& v : x) v = u(rng);
  for (int t = 0; t < m.steps; ++t) {  // [time][batch][in] -> [batch][time][in] for the reference
    for (int b = 0; b < m.batch; ++b) {
      for (int d = 0; d < m.in; ++d) x_bm[static_cast<size_t>((b * m.steps + t) * m.in + d)] = x[static_cast<size_t>((t * m.batch + b) * m.in + d)];
    }
  }
  std::vector<float> h(static_cast<size_t>(m.batch * m.state), 0), c(h.size(), 0);
  std::vector<double> hr(h.size(), 0), cr(h.size(), 0);
  std::vector<float> scratch(static_cast<size_t>(eb_lstm_scratch_bytes(&p, 1) / 4)), out(static_cast<size_t>(m.batch * m.steps * m.state));
  const void* w[8];
  const void* b[4];
  for (int k = 0; k < 8; ++k) w[k] = m.w[k].data();
  for (int g = 0; g < 4; ++g) b[g] = m.b[g].data();
  const auto in = Operands(m, x.data(), w, b, h.data(), c.data());
  eb_unidirectional_sequence_lstm_f32(&p, in.data(), out.data(), scratch.data());
  const auto want = Reference(m, x_bm, hr, cr);
  for (int t = 0; t < m.steps; ++t) {
    for (int bb = 0; bb < m.batch; ++bb) {
      for (int s = 0; s < m.state; ++s) {
        EXPECT_NEAR(out[static_cast<size_t>((t * m.batch + bb) * m.state + s)],
                    want[static_cast<size_t>((bb * m.steps + t) * m.state + s)], 2e-6);
      }
    }
  }
}

TEST(UnidirectionalSequenceLstmS16, NonLinearitiesAtKnownPoints) {
  // Q3.12 in, Q0.15 out: logistic(0) = 0.5, tanh(0) = 0; at the ends of Q3.12 (x = +-8) the logistic is
  // 32768 / (1 + e^-8) = 32757.0 and its mirror 11.0, and tanh is saturated (+-32767, the scheme is symmetric).
  EXPECT_EQ(eb_lstm_logistic_s16(0), 16384);
  EXPECT_EQ(eb_lstm_tanh_s16(0, 3, 0), 0);
  EXPECT_EQ(eb_lstm_logistic_s16(32767), 32757);
  EXPECT_EQ(eb_lstm_logistic_s16(-32768), 11);
  EXPECT_EQ(eb_lstm_tanh_s16(32767, 3, 0), 32767);
  EXPECT_EQ(eb_lstm_tanh_s16(-32768, 3, 0), -32767);
  for (int x = -32768; x <= 32767; x += 97) {
    const double real = x / 4096.0;
    EXPECT_NEAR(eb_lstm_logistic_s16(static_cast<int16_t>(x)) / 32768.0, 1 / (1 + std::exp(-real)), 2e-4) << x;
    EXPECT_NEAR(eb_lstm_tanh_s16(static_cast<int16_t>(x), 3, 0) / 32768.0, std::tanh(real), 4e-4) << x;
  }
}

int8_t Q8(double v, double scale, int zp) { return static_cast<int8_t>(std::clamp(std::lround(v / scale) + zp, -128L, 127L)); }

TEST(UnidirectionalSequenceLstmS8, TracksTheRealValuedLstm) {
  std::mt19937 rng(5);
  const Lstm m = Random(rng, 2, 6, 5, 4, 0.5f);
  // Weights at 1/256 (|w| <= 0.5), input at 1/128, hidden at 1/128 with zero point 3, cell at 2^-11.
  const double ws = 1.0 / 256, xs = 1.0 / 128, hs = 1.0 / 128, cs = 1.0 / 2048;
  std::vector<int8_t> w8[8];
  std::vector<int32_t> b32[4];
  Lstm mq = m;  // the real values the quantised weights stand for
  for (int k = 0; k < 8; ++k) {
    for (size_t i = 0; i < m.w[k].size(); ++i) {
      w8[k].push_back(Q8(m.w[k][i], ws, 0));
      mq.w[k][i] = static_cast<float>(w8[k].back() * ws);
    }
  }
  for (int g = 0; g < 4; ++g) {
    for (size_t i = 0; i < m.b[g].size(); ++i) {
      b32[g].push_back(static_cast<int32_t>(std::lround(m.b[g][i] / (xs * ws))));
      mq.b[g][i] = static_cast<float>(b32[g].back() * xs * ws);
    }
  }
  eb_lstm_params p{};
  p.batch = m.batch, p.time_steps = m.steps, p.input_size = m.in, p.state_size = m.state, p.cell_tanh = 1;
  p.input_zp = -5, p.hidden_zp = 3;
  // Multipliers as the prepare computes them (a gate's FC lands in Q3.12; MULs between Q0.15 and the cell).
  for (int g = 0; g < 4; ++g) {
    eb_quantize_multiplier(xs * ws * 4096, &p.in_mult[g], &p.in_shift[g]);
    eb_quantize_multiplier(hs * ws * 4096, &p.rec_mult[g], &p.rec_shift[g]);
  }
  eb_quantize_multiplier(1.0 / 32768, &p.forget_mult, &p.forget_shift);
  eb_quantize_multiplier(1.0 / 32768 / 32768 / cs, &p.input_mult, &p.input_shift);
  eb_quantize_multiplier(1.0 / 32768 / 32768 / hs, &p.output_mult, &p.output_shift);
  p.tanh_mult = 3 << 1, p.tanh_left_shift = 0;  // cell scale 2^-11: one bit more than Q3.12
  std::vector<float> xf(static_cast<size_t>(m.batch * m.steps * m.in));
  std::vector<int8_t> x8(xf.size());
  std::uniform_real_distribution<float> u(-0.9f, 0.9f);
  for (size_t i = 0; i < xf.size(); ++i) {
    x8[i] = Q8(u(rng), xs, p.input_zp);
    xf[i] = static_cast<float>((x8[i] - p.input_zp) * xs);
  }
  std::vector<int8_t> h(static_cast<size_t>(m.batch * m.state), static_cast<int8_t>(p.hidden_zp));
  std::vector<int16_t> c(h.size(), 0), scratch(static_cast<size_t>(eb_lstm_scratch_bytes(&p, 0) / 2));
  std::vector<int8_t> out(static_cast<size_t>(m.batch * m.steps * m.state));
  const void* w[8];
  const void* b[4];
  for (int k = 0; k < 8; ++k) w[k] = w8[k].data();
  for (int g = 0; g < 4; ++g) b[g] = b32[g].data();
  const auto in = Operands(m, x8.data(), w, b, h.data(), c.data());
  eb_unidirectional_sequence_lstm_s8(&p, in.data(), out.data(), scratch.data());
  std::vector<double> hr(h.size(), 0), cr(h.size(), 0);
  const auto want = Reference(mq, xf, hr, cr);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR((out[i] - p.hidden_zp) * hs, want[i], 3 * hs) << "element " << i;
  }
}

}  // namespace
