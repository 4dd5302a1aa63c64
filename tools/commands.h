// The edgebench CLI's verbs. Each Add* registers a subcommand and its flags; the CLI stays thin and
// calls into the library.
#pragma once

#include <CLI/CLI.hpp>

namespace eb::cli {

void AddInfo(CLI::App& app);
void AddRun(CLI::App& app);
void AddEval(CLI::App& app);
void AddBench(CLI::App& app);  // also registers `compare`
void AddCodegen(CLI::App& app);
void AddFirmware(CLI::App& app);
void AddConvert(CLI::App& app);

// Exit codes: 0 success, 1 a failed operation (bad model, bad input); bad usage gets CLI11's own non-zero codes.
constexpr int kExitFailure = 1;

}  // namespace eb::cli
