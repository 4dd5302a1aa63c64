#include "runtime/op_context.h"

#include <algorithm>
#include <cstring>

#include "planner/planner.h"

namespace eb {

void OpContext::Emit(std::function<void()> step) {
  if (measuring()) return;
  steps_->push_back(std::move(step));
  if (calls_) {
    KernelCall undescribed;
    undescribed.op_index = index_;
    calls_->push_back(std::move(undescribed));
  }
}

void OpContext::EmitHost(const char* kernel, std::function<void()> step) {
  if (measuring()) return;
  steps_->push_back(std::move(step));
  if (calls_) {
    KernelCall call;
    call.op_index = index_;
    call.kernel = kernel;
    call.host_only = true;
    calls_->push_back(std::move(call));
  }
}

int64_t OpContext::ScratchStride(int64_t bytes_per_thread) const {
  return (bytes_per_thread + kScratchAlignment - 1) / kScratchAlignment * kScratchAlignment;
}

uint8_t* OpContext::RequestScratch(int64_t bytes_per_thread) {
  if (bytes_per_thread <= 0) return nullptr;
  const int64_t total = ScratchStride(bytes_per_thread) * threads();
  if (measuring()) {
    env_->scratch_bytes = std::max(env_->scratch_bytes, total);
    return nullptr;
  }
  return env_->scratch;
}

CallArg OpContext::CallScratch(int64_t bytes) {
  if (bytes <= 0) return CallArg::Tensor(-1);
  if (measuring()) env_->scratch_bytes = std::max(env_->scratch_bytes, ScratchStride(bytes));
  return CallArg::Scratch();
}

void OpContext::ResolveCall(KernelCall* call, void* params, void** ptrs,
                            std::vector<std::vector<const void*>>* lists) const {
  lists->reserve(call->args.size());
  for (size_t i = 0; i < call->args.size(); ++i) {
    CallArg& a = call->args[i];
    switch (a.kind) {
      case CallArg::Kind::kTensor: ptrs[i] = a.tensor < 0 ? nullptr : data_(a.tensor); break;
      case CallArg::Kind::kConstArray: ptrs[i] = a.bytes.data(); break;
      case CallArg::Kind::kScratch: ptrs[i] = env_->scratch; break;
      case CallArg::Kind::kTensorList: {
        std::vector<const void*>& list = lists->emplace_back();
        for (int t : a.tensors) list.push_back(t < 0 ? nullptr : data_(t));
        ptrs[i] = list.data();
        break;
      }
    }
  }
  for (const ParamField& f : call->fields) {
    if (!f.is_pointer) continue;
    for (auto& [name, values] : call->pointees) {
      if (name != f.name) continue;
      const int32_t* p = values.data();
      std::memcpy(static_cast<uint8_t*>(params) + f.offset, &p, sizeof p);
    }
  }
}

Status OpContext::ExpectArity(size_t min_in, size_t max_in, size_t outputs) const {
  if (op_.inputs.size() < min_in || op_.inputs.size() > max_in) {
    return Error(min_in == max_in ? Format("expected %zu inputs, found %zu", min_in, op_.inputs.size())
                                  : Format("expected %zu to %zu inputs, found %zu", min_in, max_in,
                                           op_.inputs.size()));
  }
  for (size_t k = 0; k < min_in; ++k) {
    if (op_.inputs[k] < 0) return Error(Format("required input %zu is absent", k));
  }
  if (op_.outputs.size() != outputs) {
    return Error(Format("expected %zu outputs, found %zu", outputs, op_.outputs.size()));
  }
  return Status::Ok();
}

Status OpContext::ExpectType(const Tensor& t, DType want, const char* role) const {
  if (t.dtype == want) return Status::Ok();
  return Error(Format("%s '%s' is %s, expected %s", role, t.name.c_str(), std::string(DTypeName(t.dtype)).c_str(),
                      std::string(DTypeName(want)).c_str()));
}

Status OpContext::ExpectOutputShape(const std::vector<int32_t>& want, size_t k) const {
  const Tensor& t = output(k);
  if (t.shape == want) return Status::Ok();
  return Error(Format("output '%s' has shape %s, but the inputs give %s", t.name.c_str(),
                      ShapeString(t.shape).c_str(), ShapeString(want).c_str()));
}

Status OpContext::ExpectRank(const Tensor& t, size_t rank, const char* role) const {
  if (t.shape.size() == rank) return Status::Ok();
  return Error(Format("%s '%s' has shape %s, expected rank %zu", role, t.name.c_str(), ShapeString(t.shape).c_str(),
                      rank));
}

Status OpContext::ExpectPerTensorQuant(const Tensor& t, const char* role) const {
  if (t.quant.scale.size() == 1 && t.quant.scale[0] > 0) return Status::Ok();
  return Error(Format("%s '%s' of type %s needs one positive quantisation scale, found %zu", role, t.name.c_str(),
                      std::string(DTypeName(t.dtype)).c_str(), t.quant.scale.size()));
}

}  // namespace eb
