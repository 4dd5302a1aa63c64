#include "bench/peer_outputs.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "bench/litert_peer.h"
#include "bench/onnxruntime_peer.h"
#include "bench/pytorch_peer.h"
#include "core/strings.h"

namespace eb {
namespace {

size_t ElementBytes(const std::string& dtype) {
  if (dtype == "float32") return 4;
  if (dtype == "int8" || dtype == "uint8") return 1;
  return 0;
}

}  // namespace

Result<PeerOutputs> RunPeerOutputs(const std::string& engine, const std::string& peer_dir, const std::string& model,
                                   const std::string& inputs_path) {
  namespace fs = std::filesystem;
  std::string out_path = (fs::temp_directory_path() / "edgebench-peer-outputs-XXXXXX").string();
  const int fd = mkstemp(out_path.data());
  if (fd < 0) return Status::Error("cannot create a temporary file for the " + engine + " peer's outputs");
  close(fd);
  struct Remove {
    std::string path;
    ~Remove() {
      std::error_code ec;
      fs::remove(path, ec);
    }
  } remove{out_path};

  PeerRequest req;
  req.model = model;
  req.inputs = inputs_path;
  req.all_outputs = out_path;
  Result<PeerTiming> t = Status::Error("unknown peer engine '" + engine + "' (onnxruntime, pytorch or litert)");
  if (engine == "onnxruntime") t = RunOnnxRuntimePeer(peer_dir, req);
  if (engine == "pytorch") t = RunPyTorchPeer(peer_dir, req);
  if (engine == "litert") t = RunLiteRtPeer(peer_dir, req);
  if (!t.ok()) return t.status();

  PeerOutputs out;
  out.runtime = t->runtime;
  out.dtype = t->output_type;
  const size_t elem = ElementBytes(out.dtype);
  if (elem == 0) {
    return Status::Error(Format("the %s peer's output 0 is of type '%s'; float32, int8 or uint8 expected",
                                engine.c_str(), out.dtype.c_str()));
  }
  out.values_per_output = 1;
  for (int64_t d : t->output_shape) out.values_per_output *= static_cast<size_t>(std::max<int64_t>(d, 0));
  std::error_code ec;
  const uintmax_t have = fs::file_size(out_path, ec);
  if (ec || out.values_per_output == 0) {
    return Status::Error("the " + engine + " peer wrote no outputs to " + out_path);
  }
  const size_t per_output = out.values_per_output * elem;
  if (have % per_output != 0) {
    return Status::Error(Format("the %s peer's outputs are %ju bytes, not a whole number of %zu-byte outputs",
                                engine.c_str(), have, per_output));
  }
  out.count = static_cast<size_t>(have / per_output);
  out.bytes.resize(static_cast<size_t>(have));
  std::ifstream f(out_path, std::ios::binary);
  if (!f.read(reinterpret_cast<char*>(out.bytes.data()), static_cast<std::streamsize>(out.bytes.size()))) {
    return Status::Error("cannot read the " + engine + " peer's outputs from " + out_path);
  }
  return out;
}

Result<std::vector<uint8_t>> Top1Labels(const PeerOutputs& o) {
  if (o.values_per_output == 0 || o.values_per_output > 256) {
    return Status::Error(Format("top-1 labels need 1 to 256 classes, the peer's output has %zu values",
                                o.values_per_output));
  }
  const size_t elem = ElementBytes(o.dtype);
  if (elem == 0 || o.bytes.size() != o.count * o.values_per_output * elem) {
    return Status::Error("the peer's outputs do not hold " + std::to_string(o.count) + " " + o.dtype + " outputs");
  }
  std::vector<uint8_t> labels(o.count);
  for (size_t i = 0; i < o.count; ++i) {
    const uint8_t* p = o.bytes.data() + i * o.values_per_output * elem;
    auto value = [&](size_t k) -> double {
      if (o.dtype == "float32") {
        float v;
        std::memcpy(&v, p + 4 * k, 4);
        return v;
      }
      return o.dtype == "int8" ? static_cast<double>(static_cast<int8_t>(p[k])) : static_cast<double>(p[k]);
    };
    size_t best = 0;
    for (size_t k = 1; k < o.values_per_output; ++k) {
      if (value(k) > value(best)) best = k;
    }
    labels[i] = static_cast<uint8_t>(best);
  }
  return labels;
}

Result<OutputDifference> CompareQuantizedOutputs(const PeerOutputs& peer, std::span<const uint8_t> reference) {
  if (peer.dtype != "int8" && peer.dtype != "uint8") {
    return Status::Error("the peer's outputs are " + peer.dtype + ", not int8 or uint8");
  }
  if (reference.size() != peer.bytes.size()) {
    return Status::Error(Format("the peer wrote %zu output bytes, the reference holds %zu", peer.bytes.size(),
                                reference.size()));
  }
  OutputDifference d;
  d.values = reference.size();
  const bool is_signed = peer.dtype == "int8";
  for (size_t i = 0; i < peer.count; ++i) {
    bool differs = false;
    for (size_t k = 0; k < peer.values_per_output; ++k) {
      const size_t at = i * peer.values_per_output + k;
      const int a = is_signed ? static_cast<int8_t>(peer.bytes[at]) : peer.bytes[at];
      const int b = is_signed ? static_cast<int8_t>(reference[at]) : reference[at];
      if (a == b) continue;
      differs = true;
      ++d.differing_values;
      d.max_step = std::max(d.max_step, std::abs(a - b));
    }
    if (differs) ++d.differing_outputs;
  }
  return d;
}

double LabelAgreement(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  const size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0.0;
  size_t same = 0;
  for (size_t i = 0; i < n; ++i) same += a[i] == b[i] ? 1 : 0;
  return static_cast<double>(same) / static_cast<double>(n);
}

}  // namespace eb
