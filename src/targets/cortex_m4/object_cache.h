// A ccache-like store of compiled kernel objects for firmware builds. Every firmware project holds the same
// ~110 kernel sources (codegen embeds src/kernels/{common,ref,arm}), so compiling them for every model is
// almost all of a build's time. An object is stored under the XXH3-128 hash of everything that decides its
// bytes: the compiler (its name and `--version`), the flags in order, the source's path and bytes, and every
// header a kernel can include (kernels/*.h; the kernels include nothing else of the project, which
// tests/targets/cortex_m4/object_cache_test.cc checks). Objects are published by rename, so processes that
// share the folder never see half-written files. Only kernels go through it: model.c and the firmware harness
// include model.h and are compiled with every build.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace eb {

// The folder EB_CACHE_DIR names (empty or "off": no cache), else $XDG_CACHE_HOME/edgebench/objects, else
// $HOME/.cache/edgebench/objects; empty (no cache) when none of them is set.
std::string ObjectCacheDirFromEnv();

// The same choice from given values (nullptr: the variable is not set).
std::string ObjectCacheDir(const char* eb_cache_dir, const char* xdg_cache_home, const char* home);

// What every object of one build depends on besides its own source.
struct ObjectKeyContext {
  std::string compiler;                                      // the compiler's name + its `--version` output
  std::vector<std::string> flags;                            // compile flags, in order
  std::vector<std::pair<std::string, std::string>> headers;  // (name, bytes) of each kernels/*.h, by name
  std::string debug_dir;  // the project folder when a -g flag puts it into the object (DW_AT_comp_dir)
};

// Reads the context for compiling the kernels of project folder `dir` with `cc` and `flags`. Fails when
// `cc --version` cannot be run or a header cannot be read (the build then compiles without the cache).
Result<ObjectKeyContext> MakeObjectKeyContext(const std::string& dir, const std::string& cc,
                                              const std::vector<std::string>& flags);

// 32 lowercase hex digits: XXH3-128 over the context, `source_path` (relative to the project, e.g.
// "kernels/add.c", since it is in the object's .file symbol) and the source's bytes.
std::string ObjectKey(const ObjectKeyContext& ctx, std::string_view source_path, std::string_view source_bytes);

struct ObjectBuild {
  std::vector<std::string> objects;  // "obj/<stem>.o" relative to the project, in the order of the sources
  int hits = 0;                      // objects copied from the cache
  int compiled = 0;                  // objects compiled (misses, or every one without a cache)
  bool cached = false;               // false: no cache folder, it could not be created, or no compiler identity
  std::string log;                   // the compiler's output of the compiles that ran (hits replay nothing)
};

// Compiles each of `sources` (relative to `dir`, e.g. "kernels/add.c") with `cc flags -c SRC -o obj/<stem>.o`
// in `dir`, taking objects from `cache_dir` when it holds them and publishing the ones it compiles there.
// An empty `cache_dir`, or one that cannot be created or written, means compiling without the cache. Misses
// are compiled in parallel, up to one process per hardware thread. A failed compile is an error holding the
// compiler's output of every source that failed (each message names its file).
Result<ObjectBuild> CompileObjects(const std::string& dir, const std::string& cc, const std::vector<std::string>& flags,
                                   const std::vector<std::string>& sources, const std::string& cache_dir);

}  // namespace eb
