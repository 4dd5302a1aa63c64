#include "eval/accuracy.h"

#include <chrono>

#include "core/strings.h"

namespace eb {
namespace {

template <class T>
size_t ArgMaxOf(const uint8_t* data, int64_t n) {
  const T* v = reinterpret_cast<const T*>(data);
  size_t best = 0;
  for (int64_t i = 1; i < n; ++i) {
    if (v[i] > v[best]) best = static_cast<size_t>(i);  // strict: the first maximum wins
  }
  return best;
}

}  // namespace

int64_t EvalResult::class_images(int label) const {
  int64_t n = 0;
  for (int p = 0; p < num_classes; ++p) n += count(label, p);
  return n;
}

double EvalResult::class_accuracy(int label) const {
  const int64_t n = class_images(label);
  return n ? static_cast<double>(count(label, label)) / static_cast<double>(n) : 0.0;
}

size_t ArgMax(const Tensor& t, const uint8_t* data) {
  const int64_t n = t.num_elements();
  switch (t.dtype) {
    case DType::kF32: return ArgMaxOf<float>(data, n);
    case DType::kI8: return ArgMaxOf<int8_t>(data, n);
    case DType::kU8: return ArgMaxOf<uint8_t>(data, n);
    case DType::kI16: return ArgMaxOf<int16_t>(data, n);
    case DType::kI32: return ArgMaxOf<int32_t>(data, n);
    default: return 0;  // refused by Evaluate before any run
  }
}

Result<EvalResult> Evaluate(Runtime& rt, const Dataset& ds, const Preprocess& pp, const EvalOptions& options) {
  const Graph& g = rt.graph();
  if (g.inputs.size() != 1) {
    return Status::Error(Format("%s: the model has %zu inputs; evaluating on images needs exactly one",
                                g.name.c_str(), g.inputs.size()));
  }
  if (g.outputs.empty()) return Status::Error(g.name + ": the model has no output");
  auto filler = InputFiller::Create(rt.input_tensor(0), pp, ds.height, ds.width, ds.channels);
  if (!filler.ok()) return filler.status().With(g.name + ": ");
  const Tensor& out = rt.output_tensor(0);
  if (out.num_elements() != ds.num_classes()) {
    return Status::Error(Format("%s: output 0 '%s' %s holds %lld values, but %s has %d classes", g.name.c_str(),
                                out.name.c_str(), ShapeString(out.shape).c_str(),
                                static_cast<long long>(out.num_elements()), ds.kind.c_str(), ds.num_classes()));
  }
  switch (out.dtype) {
    case DType::kF32: case DType::kI8: case DType::kU8: case DType::kI16: case DType::kI32: break;
    default:
      return Status::Error(Format("%s: output 0 '%s' is %s; argmax needs float32 or an integer type",
                                  g.name.c_str(), out.name.c_str(), std::string(DTypeName(out.dtype)).c_str()));
  }

  EvalResult r;
  r.num_classes = ds.num_classes();
  r.images = options.limit ? std::min(options.limit, ds.size()) : ds.size();
  r.predictions.resize(r.images);
  r.confusion.assign(static_cast<size_t>(r.num_classes) * static_cast<size_t>(r.num_classes), 0);
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < r.images; ++i) {
    filler->Fill(ds.image(i), rt.input(0));
    rt.Invoke();
    const size_t pred = ArgMax(out, rt.output(0));
    const uint8_t label = ds.labels[i];
    r.predictions[i] = static_cast<uint8_t>(pred);
    r.correct += pred == label;
    ++r.confusion[label * static_cast<size_t>(r.num_classes) + pred];
    if (options.progress) options.progress(i + 1, r.images);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace eb
