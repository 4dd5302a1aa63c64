// Running external tools (the Arm cross compiler, qemu) without a shell: argv in, exit status and
// combined stdout+stderr out.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

struct ProcessResult {
  int exit_code = -1;      // the exit status; -1 when killed by a signal or the timeout
  bool timed_out = false;
  std::string output;      // stdout and stderr, interleaved as written
};

// Runs argv[0] (looked up in PATH) with `argv`, in `cwd` when not empty. A timeout > 0 kills the process
// after that many seconds. Fails only when the program cannot be started.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, const std::string& cwd = "",
                                 double timeout_seconds = 0);

// True when `program` is found in PATH (or is an executable path).
bool ProgramExists(const std::string& program);

}  // namespace eb
