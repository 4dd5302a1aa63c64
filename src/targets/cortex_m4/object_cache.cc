#include "targets/cortex_m4/object_cache.h"

#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/file_util.h"
#include "core/strings.h"
#include "core/subprocess.h"

namespace eb {
namespace {

namespace fs = std::filesystem;

// Bumped when the key's layout or what goes into it changes, so old entries are never taken for new ones.
constexpr std::string_view kKeyVersion = "edgebench-object-v1";

// Each field is hashed with its length first, so ("ab", "c") and ("a", "bc") differ.
void HashField(XXH3_state_t* s, std::string_view v) {
  const uint64_t n = v.size();
  XXH3_128bits_update(s, &n, sizeof n);
  XXH3_128bits_update(s, v.data(), v.size());
}

Result<std::string> ReadText(const std::string& path) {
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  return std::string(bytes->begin(), bytes->end());
}

// `cc --version` once per compiler name and process: every build of a test binary or a bench run asks again.
Result<std::string> CompilerIdentity(const std::string& cc) {
  static std::mutex mu;
  static std::map<std::string, std::string> known;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = known.find(cc); it != known.end()) return it->second;
  auto run = RunProcess({cc, "--version"});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) return Status::Error(cc + " --version failed:\n" + run->output);
  return known[cc] = cc + "\n" + run->output;
}

// -g puts the compile's working folder into the object, so the folder becomes part of the key.
bool PutsFolderInObject(const std::vector<std::string>& flags) {
  bool debug = false;
  for (const std::string& f : flags) {
    if (f.starts_with("-g")) debug = f != "-g0";  // the last -g flag wins, as with gcc
  }
  return debug;
}

std::string ObjectPath(const std::string& source) { return "obj/" + fs::path(source).stem().string() + ".o"; }

// A name no other thread or process publishing into the same folder uses.
std::string TempName(const std::string& cache_dir, const std::string& key) {
  static std::atomic<uint64_t> counter{0};
  return Format("%s/%s.o.tmp.%lld.%llu", cache_dir.c_str(), key.c_str(), static_cast<long long>(getpid()),
                static_cast<unsigned long long>(counter++));
}

// Copies `object` into the cache under `key`: to a temporary name first, then renamed, so a reader finds the
// whole file or none. Failing (a read-only or full disk) only means the next build compiles it again.
void Publish(const std::string& object, const std::string& cache_dir, const std::string& key) {
  const std::string tmp = TempName(cache_dir, key);
  std::error_code ec;
  fs::copy_file(object, tmp, fs::copy_options::overwrite_existing, ec);
  if (!ec) fs::rename(tmp, cache_dir + "/" + key + ".o", ec);
  if (ec) fs::remove(tmp, ec);
}

// The folder exists (or was made) and a file can be created in it.
bool UsableCacheDir(const std::string& cache_dir) {
  if (cache_dir.empty()) return false;
  std::error_code ec;
  fs::create_directories(cache_dir, ec);
  return !ec && fs::is_directory(cache_dir, ec) && access(cache_dir.c_str(), W_OK | X_OK) == 0;
}

// One compile per miss. RunProcess is safe to call from several threads: each call has its own pipe
// (O_CLOEXEC, so no other child inherits it), the child changes folder via posix_spawn's file actions rather
// than chdir(), and it waits for its own pid only.
std::vector<Result<ProcessResult>> CompileAll(const std::string& dir, const std::vector<std::vector<std::string>>& argvs) {
  std::vector<std::optional<Result<ProcessResult>>> results(argvs.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < argvs.size(); i = next++) results[i] = RunProcess(argvs[i], dir);
  };
  const size_t n = std::min<size_t>(argvs.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (size_t t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  std::vector<Result<ProcessResult>> out;
  for (auto& r : results) out.push_back(std::move(*r));
  return out;
}

}  // namespace

std::string ObjectCacheDir(const char* eb_cache_dir, const char* xdg_cache_home, const char* home) {
  if (eb_cache_dir) {
    const std::string v = eb_cache_dir;
    return v == "off" ? std::string() : v;
  }
  if (xdg_cache_home && *xdg_cache_home) return std::string(xdg_cache_home) + "/edgebench/objects";
  if (home && *home) return std::string(home) + "/.cache/edgebench/objects";
  return {};
}

std::string ObjectCacheDirFromEnv() {
  return ObjectCacheDir(std::getenv("EB_CACHE_DIR"), std::getenv("XDG_CACHE_HOME"), std::getenv("HOME"));
}

Result<ObjectKeyContext> MakeObjectKeyContext(const std::string& dir, const std::string& cc,
                                              const std::vector<std::string>& flags) {
  ObjectKeyContext ctx;
  auto id = CompilerIdentity(cc);
  if (!id.ok()) return id.status();
  ctx.compiler = std::move(*id);
  ctx.flags = flags;
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir + "/kernels", ec)) {
    if (e.path().extension() == ".h") names.push_back(e.path().filename().string());
  }
  if (ec) return Status::Error(dir + "/kernels: " + ec.message());
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    auto text = ReadText(dir + "/kernels/" + name);
    if (!text.ok()) return text.status();
    ctx.headers.emplace_back(name, std::move(*text));
  }
  if (PutsFolderInObject(flags)) ctx.debug_dir = fs::absolute(dir).lexically_normal().string();
  return ctx;
}

std::string ObjectKey(const ObjectKeyContext& ctx, std::string_view source_path, std::string_view source_bytes) {
  XXH3_state_t* s = XXH3_createState();
  XXH3_128bits_reset(s);
  HashField(s, kKeyVersion);
  HashField(s, ctx.compiler);
  HashField(s, std::to_string(ctx.flags.size()));
  for (const std::string& f : ctx.flags) HashField(s, f);
  HashField(s, ctx.debug_dir);
  HashField(s, std::to_string(ctx.headers.size()));
  for (const auto& [name, bytes] : ctx.headers) {
    HashField(s, name);
    HashField(s, bytes);
  }
  HashField(s, source_path);
  HashField(s, source_bytes);
  const XXH128_hash_t h = XXH3_128bits_digest(s);
  XXH3_freeState(s);
  return Format("%016llx%016llx", static_cast<unsigned long long>(h.high64), static_cast<unsigned long long>(h.low64));
}

Result<ObjectBuild> CompileObjects(const std::string& dir, const std::string& cc, const std::vector<std::string>& flags,
                                   const std::vector<std::string>& sources, const std::string& cache_dir) {
  ObjectBuild build;
  std::error_code ec;
  fs::create_directories(dir + "/obj", ec);
  if (ec) return Status::Error(dir + "/obj: cannot create the folder: " + ec.message());
  std::optional<ObjectKeyContext> ctx;
  if (UsableCacheDir(cache_dir)) {
    // Without the compiler's identity or the headers there is no sound key: compile everything.
    if (auto c = MakeObjectKeyContext(dir, cc, flags); c.ok()) ctx = std::move(*c);
  }
  build.cached = ctx.has_value();

  std::vector<std::string> keys(sources.size());
  std::vector<size_t> misses;
  for (size_t i = 0; i < sources.size(); ++i) {
    build.objects.push_back(ObjectPath(sources[i]));
    if (ctx) {
      auto text = ReadText(dir + "/" + sources[i]);
      if (!text.ok()) return text.status();
      keys[i] = ObjectKey(*ctx, sources[i], *text);
      fs::copy_file(cache_dir + "/" + keys[i] + ".o", dir + "/" + build.objects[i],
                    fs::copy_options::overwrite_existing, ec);
      if (!ec) {
        ++build.hits;
        continue;
      }
    }
    misses.push_back(i);
  }

  std::vector<std::vector<std::string>> argvs;
  for (size_t i : misses) {
    std::vector<std::string> argv = {cc};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {"-c", sources[i], "-o", build.objects[i]});
    argvs.push_back(std::move(argv));
  }
  std::vector<Result<ProcessResult>> runs = CompileAll(dir, argvs);
  std::string failures;
  for (size_t m = 0; m < misses.size(); ++m) {
    Result<ProcessResult>& run = runs[m];
    if (!run.ok()) return run.status();
    build.log += run->output;
    if (run->exit_code != 0) {
      failures += run->output.empty() ? sources[misses[m]] + ": the compiler failed with no output\n" : run->output;
      continue;
    }
    ++build.compiled;
    if (ctx) Publish(dir + "/" + build.objects[misses[m]], cache_dir, keys[misses[m]]);
  }
  if (!failures.empty()) return Status::Error(failures);
  return build;
}

}  // namespace eb
