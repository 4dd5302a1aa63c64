// edgebench: read, optimise, run, generate code for and benchmark neural networks at the edge.
#include <string>
#include <cstdio>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"edgebench: inference engine, optimiser and honest benchmarks for edge neural networks.\n"
               "Reads .tflite models; see `edgebench <verb> --help` for each verb."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("edgebench ") + EB_VERSION);
  eb::cli::AddInfo(app);
  eb::cli::AddRun(app);
  eb::cli::AddEval(app);
  eb::cli::AddBench(app);
  eb::cli::AddCodegen(app);
  eb::cli::AddFirmware(app);
  eb::cli::AddConvert(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
