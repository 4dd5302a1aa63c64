// UNIDIRECTIONAL_SEQUENCE_LSTM prepare: float32, or int8 activations with an int16 cell state (TFLM's integer
// LSTM: gates in Q3.12 / Q0.15, per-tensor weights, int32 biases). The hidden and cell states (inputs 18, 19)
// are variable tensors. Peepholes, projection, layer norm and CIFG (no input gate) are refused, as TFLM does.
#include <cmath>

#include "runtime/ops/op_util.h"
#include "runtime/ops/registry.h"
#include "unidirectional_sequence_lstm.h"
#include "quant.h"

namespace eb {
namespace {

constexpr int kInputs = 24;
constexpr float kGateInputScale = 1.0f / 4096;     // Q3.12, the input of the gate non-linearities
constexpr float kGateOutputScale = 1.0f / 32768;   // Q0.15, their output

// TFLM's per-tensor FC multiplier: the scale product is formed in float32 first.
void FcMultiplier(float in_scale, float w_scale, int32_t* mult, int32_t* shift) {
  eb_quantize_multiplier(static_cast<double>(in_scale * w_scale) / static_cast<double>(kGateInputScale), mult, shift);
}

// TFLM's inter-gate MUL multiplier: the product in double.
void MulMultiplier(float a, float b, float out, int32_t* mult, int32_t* shift) {
  eb_quantize_multiplier(static_cast<double>(a) * static_cast<double>(b) / static_cast<double>(out), mult, shift);
}

}  // namespace

Status PrepareUnidirectionalSequenceLstm(OpContext& ctx) {
  // Most of the 24 inputs are optional, so the arity is checked by hand.
  if (ctx.num_inputs() != kInputs || ctx.num_outputs() != 1) {
    return ctx.Error(Format("expected %d inputs and 1 output, found %zu and %zu", kInputs, ctx.num_inputs(),
                            ctx.num_outputs()));
  }
  for (int k : {9, 10, 11, 16, 17, 20, 21, 22, 23}) {
    if (ctx.has_input(static_cast<size_t>(k))) {
      return ctx.Error(Format("input %d is given; peepholes, projection and layer norm are not supported", k));
    }
  }
  for (int k : {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 18, 19}) {
    if (!ctx.has_input(static_cast<size_t>(k))) {
      return ctx.Error(Format("input %d is required (an LSTM without an input gate is not supported)", k));
    }
  }
  const Tensor& in = ctx.input(0);
  const Tensor& hidden = ctx.input(18);
  const Tensor& cell = ctx.input(19);
  const Tensor& out = ctx.output();
  EB_RETURN_IF_ERROR(ctx.ExpectRank(in, 3, "input"));
  eb_lstm_params p{};
  p.time_major = ctx.attrs().time_major ? 1 : 0;
  p.batch = in.shape[p.time_major ? 1 : 0];
  p.time_steps = in.shape[p.time_major ? 0 : 1];
  p.input_size = in.shape[2];
  p.state_size = ctx.input(2).shape.empty() ? 0 : ctx.input(2).shape[0];
  p.cell_clip = ctx.attrs().cell_clip;
  // TFLite files can only name TANH for the cell gate (its activation enum has no logistic); TFLM asserts on
  // anything else.
  if (ctx.attrs().activation != Activation::kTanh) return ctx.Error("the cell gate's activation must be TANH");
  p.cell_tanh = 1;
  for (int k = 1; k <= 8; ++k) {
    const std::vector<int32_t> want = {p.state_size, k <= 4 ? p.input_size : p.state_size};
    if (ctx.input(static_cast<size_t>(k)).shape != want) {
      return ctx.Error(Format("weights (input %d) %s should be %s", k, ShapeString(ctx.input(static_cast<size_t>(k)).shape).c_str(),
                              ShapeString(want).c_str()));
    }
  }
  for (int k = 12; k <= 15; ++k) {
    if (ctx.input(static_cast<size_t>(k)).shape != std::vector<int32_t>{p.state_size}) {
      return ctx.Error(Format("bias (input %d) %s should be [%d]", k,
                              ShapeString(ctx.input(static_cast<size_t>(k)).shape).c_str(), p.state_size));
    }
  }
  for (const Tensor* s : {&hidden, &cell}) {
    if (!s->is_variable) return ctx.Error(Format("state '%s' is not a variable tensor", s->name.c_str()));
    if (s->num_elements() != static_cast<int64_t>(p.batch) * p.state_size) {
      return ctx.Error(Format("state '%s' %s should hold %d x %d values", s->name.c_str(), ShapeString(s->shape).c_str(),
                              p.batch, p.state_size));
    }
  }
  const std::vector<int32_t> want_out = {in.shape[0], in.shape[1], p.state_size};
  EB_RETURN_IF_ERROR(ctx.ExpectOutputShape(want_out));
  const bool is_float = in.dtype == DType::kF32;
  const CallArg scratch = ctx.CallScratch(eb_lstm_scratch_bytes(&p, is_float ? 1 : 0));
  if (is_float) {
    for (int k = 1; k < kInputs; ++k) {
      if (ctx.has_input(static_cast<size_t>(k))) {
        EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.input(static_cast<size_t>(k)), DType::kF32, Format("input %d", k).c_str()));
      }
    }
    EB_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kF32, "output"));
    ctx.Call(EB_KERNEL(eb_unidirectional_sequence_lstm_f32), p, {ctx.Inputs(), ctx.Out(), scratch});
    return Status::Ok();
  }
  if (in.dtype != DType::kI8) {
    return ctx.Error(Format("input type %s is not supported (float32, or int8 with an int16 cell state)",
                            std::string(DTypeName(in.dtype)).c_str()));
  }
  for (int k = 1; k <= 8; ++k) {
    const Tensor& w = ctx.input(static_cast<size_t>(k));
    EB_RETURN_IF_ERROR(ctx.ExpectType(w, DType::kI8, "weights"));
    EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(w, "weights"));
  }
  for (int k = 12; k <= 15; ++k) EB_RETURN_IF_ERROR(ctx.ExpectType(ctx.input(static_cast<size_t>(k)), DType::kI32, "bias"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(hidden, DType::kI8, "hidden state"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(cell, DType::kI16, "cell state"));
  EB_RETURN_IF_ERROR(ctx.ExpectType(out, DType::kI8, "output"));
  for (const auto& [t, role] : {std::pair{&in, "input"}, {&hidden, "hidden state"}, {&cell, "cell state"}}) {
    EB_RETURN_IF_ERROR(ctx.ExpectPerTensorQuant(*t, role));
  }
  p.input_zp = static_cast<int32_t>(in.quant.zero_point[0]);
  p.hidden_zp = static_cast<int32_t>(hidden.quant.zero_point[0]);
  for (int g = 0; g < EB_LSTM_GATES; ++g) {
    FcMultiplier(in.quant.scale[0], ctx.input(static_cast<size_t>(1 + g)).quant.scale[0], &p.in_mult[g], &p.in_shift[g]);
    FcMultiplier(hidden.quant.scale[0], ctx.input(static_cast<size_t>(5 + g)).quant.scale[0], &p.rec_mult[g],
                 &p.rec_shift[g]);
  }
  const float cell_scale = cell.quant.scale[0];
  MulMultiplier(kGateOutputScale, cell_scale, cell_scale, &p.forget_mult, &p.forget_shift);
  MulMultiplier(kGateOutputScale, kGateOutputScale, cell_scale, &p.input_mult, &p.input_shift);
  MulMultiplier(kGateOutputScale, kGateOutputScale, hidden.quant.scale[0], &p.output_mult, &p.output_shift);
  // TFLM reads the cell scale's power of two (rounded log2, in float) to feed tanh(c).
  const int power = static_cast<int>(std::round(std::log(cell_scale) * (1.0f / std::log(2.0f))));
  int32_t shift = (15 + power) - 3;
  p.tanh_mult = 3;
  if (shift < 0) {
    shift = -shift;
  } else {
    p.tanh_mult = 3 << shift;
    shift = 0;
  }
  p.tanh_left_shift = shift;
  if (p.cell_clip > 0) {
    const double q = std::min(std::max(static_cast<double>(p.cell_clip) / static_cast<double>(cell_scale), -32768.0), 32767.0);
    p.quantized_cell_clip = static_cast<int16_t>(q);
  }
  ctx.Call(EB_KERNEL(eb_unidirectional_sequence_lstm_s8), p, {ctx.Inputs(), ctx.Out(), scratch});
  return Status::Ok();
}

}  // namespace eb
