// Runs the edgebench CLI as a user would and captures its exit status, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

namespace eb::test {

struct CliRun {
  int status = -1;
  std::string out, err;
};

inline std::string Slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Runs `edgebench <args>` (args already shell-quoted where needed) with stdin from /dev/null.
inline CliRun RunCli(const std::string& args) {
  TempDir dir;
  const std::string cmd = std::string("'") + EB_CLI_PATH + "' " + args + " >'" + dir.file("out") + "' 2>'" +
                          dir.file("err") + "' </dev/null";
  const int raw = std::system(cmd.c_str());
  CliRun r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = Slurp(dir.file("out"));
  r.err = Slurp(dir.file("err"));
  return r;
}

}  // namespace eb::test
