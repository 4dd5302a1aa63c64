#include "report/json_report.h"

namespace eb {
namespace {

constexpr const char* kSchema = "edgebench-bench/1";

nlohmann::json StatsJson(const std::optional<LatencyStats>& s) {
  if (!s) return nullptr;
  nlohmann::json j = {{"n", s->n}, {"median", s->median}, {"p90", s->p90}, {"p99", s->p99}, {"min", s->min},
                      {"max", s->max}, {"mean", s->mean}, {"stdev", s->stdev}};
  if (!s->round_medians.empty()) j["round_medians"] = s->round_medians;
  return j;
}

std::optional<LatencyStats> StatsFromJson(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  LatencyStats s;
  s.n = j.at("n").get<size_t>();
  s.median = j.at("median").get<double>();
  s.p90 = j.at("p90").get<double>();
  s.p99 = j.at("p99").get<double>();
  s.min = j.at("min").get<double>();
  s.max = j.at("max").get<double>();
  s.mean = j.at("mean").get<double>();
  s.stdev = j.at("stdev").get<double>();
  if (j.contains("round_medians")) s.round_medians = j.at("round_medians").get<std::vector<double>>();
  return s;
}

template <class T>
nlohmann::json Optional(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json BenchRunToJson(const BenchRun& run) {
  nlohmann::json rows = nlohmann::json::array();
  for (const BenchRow& r : run.rows) {
    rows.push_back({{"model", r.model}, {"variant", r.variant}, {"engine", r.engine}, {"hardware", r.hardware},
                    {"data_type", r.data_type}, {"threads", r.threads}, {"batch1_us", StatsJson(r.batch1_us)},
                    {"batch32_us", StatsJson(r.batch32_us)}, {"model_bytes", r.model_bytes},
                    {"weight_bytes", r.weight_bytes}, {"arena_bytes", r.arena_bytes},
                    {"accuracy", Optional(r.accuracy)}, {"accuracy_samples", r.accuracy_samples},
                    {"accuracy_delta", Optional(r.accuracy_delta)}, {"note", r.note}});
    if (!r.profile.empty()) {
      nlohmann::json layers = nlohmann::json::array();
      for (const LayerTime& l : r.profile) {
        layers.push_back({{"op", l.op}, {"operator", l.op_name}, {"kernel", l.kernel}, {"median_us", l.us}});
      }
      rows.back()["profile"] = layers;
    }
    if (r.flash_bytes || r.ram_bytes || r.cycles) {
      rows.back()["firmware"] = {{"flash_bytes", r.flash_bytes}, {"ram_bytes", r.ram_bytes},
                                 {"cycles", Optional(r.cycles)}, {"instructions", Optional(r.instructions)}};
    }
  }
  return {{"schema", kSchema}, {"suite", run.suite}, {"date", run.date}, {"machine", run.machine},
          {"edgebench_kernels", run.edgebench_kernels},
          {"cpu_flags", run.cpu_flags}, {"edgebench_version", run.edgebench_version}, {"samples", run.samples}, {"rounds", run.rounds},
          {"rows", rows}};
}

Result<BenchRun> BenchRunFromJson(const nlohmann::json& j, const std::string& origin) {
  try {
    if (j.value("schema", "") != kSchema) {
      return Status::Error(origin + ": not an edgebench result file (schema '" + j.value("schema", "") +
                           "', expected '" + kSchema + "')");
    }
    BenchRun run;
    run.suite = j.at("suite").get<std::string>();
    run.date = j.at("date").get<std::string>();
    run.machine = j.at("machine").get<std::string>();
    run.edgebench_kernels = j.value("edgebench_kernels", std::string());
    run.cpu_flags = j.at("cpu_flags").get<std::vector<std::string>>();
    run.edgebench_version = j.at("edgebench_version").get<std::string>();
    run.samples = j.at("samples").get<int>();
    run.rounds = j.value("rounds", 1);
    for (const auto& r : j.at("rows")) {
      BenchRow row;
      row.model = r.at("model").get<std::string>();
      row.variant = r.at("variant").get<std::string>();
      row.engine = r.at("engine").get<std::string>();
      row.hardware = r.at("hardware").get<std::string>();
      row.data_type = r.at("data_type").get<std::string>();
      row.threads = r.at("threads").get<int>();
      row.batch1_us = StatsFromJson(r.at("batch1_us"));
      row.batch32_us = StatsFromJson(r.at("batch32_us"));
      row.model_bytes = r.at("model_bytes").get<int64_t>();
      row.weight_bytes = r.at("weight_bytes").get<int64_t>();
      row.arena_bytes = r.at("arena_bytes").get<int64_t>();
      if (!r.at("accuracy").is_null()) row.accuracy = r.at("accuracy").get<double>();
      row.accuracy_samples = r.at("accuracy_samples").get<int>();
      if (!r.at("accuracy_delta").is_null()) row.accuracy_delta = r.at("accuracy_delta").get<double>();
      row.note = r.at("note").get<std::string>();
      if (r.contains("profile")) {  // edgebench host rows of a --profile run
        for (const auto& l : r.at("profile")) {
          row.profile.push_back(LayerTime{l.at("op").get<int>(), l.at("operator").get<std::string>(),
                                          l.at("kernel").get<std::string>(), l.at("median_us").get<double>()});
        }
      }
      if (r.contains("firmware")) {  // target rows only
        const auto& f = r.at("firmware");
        row.flash_bytes = f.at("flash_bytes").get<int64_t>();
        row.ram_bytes = f.at("ram_bytes").get<int64_t>();
        if (!f.at("cycles").is_null()) row.cycles = f.at("cycles").get<int64_t>();
        if (!f.at("instructions").is_null()) row.instructions = f.at("instructions").get<int64_t>();
      }
      run.rows.push_back(std::move(row));
    }
    return run;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(origin + ": malformed result file: " + e.what());
  }
}

}  // namespace eb
