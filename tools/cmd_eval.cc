// `edgebench eval MODEL --dataset SPEC`: top-1 accuracy, per-class accuracy and the confusion matrix.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli_util.h"
#include "commands.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "eval/accuracy.h"
#include "importers/load_model.h"
#include "runtime/runtime.h"

namespace eb::cli {
namespace {

struct EvalCliOptions {
  std::string model, dataset, split, predictions;
  size_t limit = 0;
  bool json = false, quiet = false;
  PreprocessFlags preprocess;
  EngineFlags engine;
  PreprocessOverrides overrides;  // from `preprocess`, once parsed
  InputShapes shapes;
};

// Progress on stderr: a line rewritten in place on a terminal, otherwise one line per 10 %.
std::function<void(size_t, size_t)> MakeProgress() {
  const bool tty = isatty(fileno(stderr)) != 0;
  auto last = std::make_shared<int>(tty ? -1 : 0);  // a log needs no "0 %" line
  return [tty, last](size_t done, size_t total) {
    const int pct = static_cast<int>(done * 100 / total);
    const int step = tty ? pct : pct / 10 * 10;
    if (step == *last) return;
    *last = step;
    if (tty) {
      std::fprintf(stderr, "\reval: %zu/%zu images (%d%%)%s", done, total, pct, done == total ? "\n" : "");
    } else {
      std::fprintf(stderr, "eval: %zu/%zu images (%d%%)\n", done, total, pct);
    }
    std::fflush(stderr);
  };
}

nlohmann::json ResultJson(const EvalCliOptions& o, const Dataset& ds, const ResolvedPreprocess& pp,
                          const EvalResult& r) {
  nlohmann::json j;
  j["model"] = o.model;
  j["dataset"] = {{"kind", ds.kind}, {"split", SplitName(ds.split)}, {"source", ds.source},
                  {"images", ds.size()}, {"shape", {ds.height, ds.width, ds.channels}}};
  j["preprocess"] = nlohmann::json::parse(PreprocessToJson(pp.pp));
  j["preprocess_origin"] = pp.origin;
  j["images"] = r.images;
  j["correct"] = r.correct;
  j["top1"] = r.top1();
  nlohmann::json classes = nlohmann::json::array();
  for (int c = 0; c < r.num_classes; ++c) {
    classes.push_back({{"label", c}, {"name", ds.class_names[static_cast<size_t>(c)]}, {"images", r.class_images(c)},
                       {"correct", r.count(c, c)}, {"accuracy", r.class_accuracy(c)}});
  }
  j["per_class"] = classes;
  nlohmann::json m = nlohmann::json::array();
  for (int c = 0; c < r.num_classes; ++c) {
    std::vector<int64_t> row;
    for (int p = 0; p < r.num_classes; ++p) row.push_back(r.count(c, p));
    m.push_back(row);
  }
  j["confusion"] = m;  // rows: true label, columns: prediction
  j["seconds"] = r.seconds;
  return j;
}

void PrintResult(const EvalCliOptions& o, const Dataset& ds, const Runtime& rt, InputFiller::Layout layout,
                 const ResolvedPreprocess& pp, const EvalResult& r) {
  std::printf("Model      %s\n", o.model.c_str());
  std::printf("Dataset    %s %s, %s images %dx%dx%d (%s)\n", ds.kind.c_str(), SplitName(ds.split),
              WithThousands(static_cast<int64_t>(ds.size())).c_str(), ds.height, ds.width, ds.channels,
              ds.source.c_str());
  std::printf("Input      '%s' %s, %s\n", rt.input_tensor(0).name.c_str(), DescribeTensor(rt.input_tensor(0)).c_str(),
              LayoutName(layout));
  std::printf("Preprocess %s (%s)\n", DescribePreprocess(pp.pp).c_str(), pp.origin.c_str());
  std::printf("Top-1      %.2f %% (%s of %s)\n", 100.0 * r.top1(), WithThousands(static_cast<int64_t>(r.correct)).c_str(),
              WithThousands(static_cast<int64_t>(r.images)).c_str());
  std::printf("Per class  %-14s %8s %8s %9s\n", "", "images", "correct", "accuracy");
  for (int c = 0; c < r.num_classes; ++c) {
    std::printf("  %2d %-20s %8lld %8lld %7.2f %%\n", c, ds.class_names[static_cast<size_t>(c)].c_str(),
                static_cast<long long>(r.class_images(c)), static_cast<long long>(r.count(c, c)),
                100.0 * r.class_accuracy(c));
  }
  std::printf("Confusion  (rows: true label, columns: predicted label)\n      ");
  for (int p = 0; p < r.num_classes; ++p) std::printf(" %5d", p);
  std::printf("\n");
  for (int c = 0; c < r.num_classes; ++c) {
    std::printf("  %2d  ", c);
    for (int p = 0; p < r.num_classes; ++p) std::printf(" %5lld", static_cast<long long>(r.count(c, p)));
    std::printf("\n");
  }
  const int threads = rt.options().threads;
  std::printf("Time       %.2f s (%.3f ms per image, %d thread%s, %s)\n", r.seconds,
              r.images ? 1000.0 * r.seconds / static_cast<double>(r.images) : 0.0, threads, threads == 1 ? "" : "s",
              rt.options().target.Describe().c_str());
}

void RunEval(EvalCliOptions& o) {
  DatasetSpec spec = Check(ParseDatasetSpec(o.dataset));
  if (!o.split.empty()) {
    const Split s = Check(ParseSplit(o.split));
    if (spec.split && *spec.split != s) {
      Fail(Status::Error(Format("--split %s contradicts the dataset '%s'", o.split.c_str(), o.dataset.c_str())));
    }
    spec.split = s;
  }
  auto rt = Check(Runtime::Create(Load(o.model, o.shapes), o.engine.options()));
  const ResolvedPreprocess pp = Check(ResolvePreprocess(rt->graph(), o.overrides));
  const Dataset ds = Check(LoadDataset(spec));
  if (rt->graph().inputs.size() != 1) Fail(Status::Error(o.model + ": eval needs a model with exactly one input"));
  auto filler = InputFiller::Create(rt->input_tensor(0), pp.pp, ds.height, ds.width, ds.channels);
  if (!filler.ok()) Fail(filler.status().With(o.model + ": "));
  EvalOptions eo;
  eo.limit = o.limit;
  if (!o.quiet) eo.progress = MakeProgress();
  const EvalResult r = Check(Evaluate(*rt, ds, pp.pp, eo));
  if (!o.predictions.empty()) {
    const Status s = WriteFileAtomically(o.predictions, r.predictions.data(), r.predictions.size());
    if (!s.ok()) Fail(s);
  }
  if (o.json) {
    std::cout << ResultJson(o, ds, pp, r).dump(2) << "\n";
  } else {
    PrintResult(o, ds, *rt, filler->layout(), pp, r);
    if (!o.predictions.empty()) {
      std::printf("Wrote %zu predictions (one uint8 class per image) to %s\n", r.predictions.size(),
                  o.predictions.c_str());
    }
  }
}

}  // namespace

void AddEval(CLI::App& app) {
  auto o = std::make_shared<EvalCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Top-1 accuracy of a classifier on a labelled image dataset, with per-class accuracy and the "
              "confusion matrix. The prediction is the argmax of output 0.");
  o->shapes.Add(cmd);
  cmd->add_option("model", o->model, "Model file (.tflite)")->required();
  cmd->add_option("--dataset,-d", o->dataset, std::string("Dataset: ") + DatasetSpecHelp())->required();
  cmd->add_option("--split", o->split, "test (default) or train")->check(CLI::IsMember({"test", "train"}));
  cmd->add_option("--limit,-n", o->limit, "Evaluate only the first N images (0 = all)");
  cmd->add_flag("--json", o->json, "Print JSON instead of text");
  cmd->add_flag("--quiet,-q", o->quiet, "No progress on stderr");
  o->engine.Add(cmd);
  cmd->add_option("--predictions", o->predictions, "Write one uint8 predicted class per image to this file");
  o->preprocess.Add(cmd);
  cmd->callback([o] {
    o->overrides = o->preprocess.overrides();
    RunEval(*o);
  });
}

}  // namespace eb::cli
