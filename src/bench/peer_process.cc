#include "bench/peer_process.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace eb {

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Result<PeerTiming> RunPeerCommand(const std::string& command, const std::string& what) {
  const std::string cmd = command + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return Status::Error("cannot start " + what);
  std::string out;
  char buf[65536];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int rc = pclose(p);
  if (rc != 0) {
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    // The runner's own one-line message is the last line; earlier lines are library chatter.
    const size_t nl = out.rfind('\n');
    return Status::Error(what + " failed: " + (nl == std::string::npos ? out : out.substr(nl + 1)));
  }
  try {
    const size_t brace = out.find("{\"runtime\"");
    const auto j = nlohmann::json::parse(out.substr(brace == std::string::npos ? out.find('{') : brace));
    PeerTiming t;
    t.runtime = j.at("runtime").get<std::string>();
    t.samples_us = j.at("samples_us").get<std::vector<double>>();
    if (j.contains("overhead_us")) t.overhead_us = j.at("overhead_us").get<double>();
    if (j.contains("output")) {
      t.output_type = j.at("output").at("type").get<std::string>();
      t.output_shape = j.at("output").at("shape").get<std::vector<int64_t>>();
    }
    return t;
  } catch (const std::exception& e) {
    return Status::Error(what + " printed no result: " + e.what());
  }
}

}  // namespace eb
