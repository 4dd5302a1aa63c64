// The compiled-object cache of firmware builds: where it lives, what its key covers, hits that give the bytes
// a compile gives, and builds that go on without it (EB_CACHE_DIR=off, a folder that cannot be made). Also the
// key's premise: an embedded kernel includes only kernels/ headers and system headers, never model.h or the
// harness's. The compile tests use a two-file project (tens of milliseconds), not the real kernels.
#include "targets/cortex_m4/object_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <regex>
#include <set>

#include "codegen/c_project.h"
#include "core/file_util.h"
#include "core/subprocess.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"
#include "targets/cortex_m4/firmware_build.h"

namespace eb {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kFlags = {"-mcpu=cortex-m4", "-mthumb", "-O2", "-I.", "-Ikernels"};
const std::vector<std::string> kSources = {"kernels/add.c", "kernels/mul.c"};

bool HaveArmGcc() { return ProgramExists("arm-none-eabi-gcc"); }

void WriteText(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// A project with two kernels and the header they share, as WriteCProject lays them out.
void WriteTinyProject(const std::string& dir, const std::string& header = "#define EB_SCALE 3\n") {
  WriteText(dir + "/kernels/scale.h", header);
  WriteText(dir + "/kernels/add.c", "#include \"scale.h\"\nint eb_add(int a, int b) { return EB_SCALE * (a + b); }\n");
  WriteText(dir + "/kernels/mul.c", "#include \"scale.h\"\nint eb_mul(int a, int b) { return EB_SCALE * a * b; }\n");
}

std::vector<std::string> Files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// Sets (or unsets, with nullptr) an environment variable for one test and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedEnv() { old_ ? setenv(name_.c_str(), old_->c_str(), 1) : unsetenv(name_.c_str()); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

TEST(ObjectCache, FolderComesFromTheEnvironment) {
  EXPECT_EQ(ObjectCacheDir("/c", "/x", "/h"), "/c");
  EXPECT_EQ(ObjectCacheDir("off", "/x", "/h"), "");
  EXPECT_EQ(ObjectCacheDir("", "/x", "/h"), "");
  EXPECT_EQ(ObjectCacheDir(nullptr, "/x", "/h"), "/x/edgebench/objects");
  EXPECT_EQ(ObjectCacheDir(nullptr, "", "/h"), "/h/.cache/edgebench/objects");
  EXPECT_EQ(ObjectCacheDir(nullptr, nullptr, "/h"), "/h/.cache/edgebench/objects");
  EXPECT_EQ(ObjectCacheDir(nullptr, nullptr, nullptr), "");
  ScopedEnv eb("EB_CACHE_DIR", nullptr), xdg("XDG_CACHE_HOME", "/xdg"), home("HOME", "/home/u");
  EXPECT_EQ(ObjectCacheDirFromEnv(), "/xdg/edgebench/objects");
}

ObjectKeyContext Context() {
  return {.compiler = "arm-none-eabi-gcc\narm-none-eabi-gcc (15:12.2.rel1-1) 12.2.1 20221205\n",
          .flags = {"-O2", "-mthumb"},
          .headers = {{"quant.h", "int q;\n"}, {"scale.h", "#define S 3\n"}},
          .debug_dir = ""};
}

// The key's layout is pinned: changing what goes into it must bump kKeyVersion (object_cache.cc) and this value,
// so that no object compiled under the old layout is taken for a new one. The value is also what one-shot
// XXH3_128bits gives over the fields, each after its length as a little-endian uint64 (checked with a C program).
TEST(ObjectCache, KeyIsXxh3OverEverythingThatDecidesTheObject) {
  const ObjectKeyContext base = Context();
  const std::string key = ObjectKey(base, "kernels/add.c", "int a;\n");
  EXPECT_EQ(key, "7e9b95919e7c0f940a14457fbd89077e");
  EXPECT_EQ(ObjectKey(Context(), "kernels/add.c", "int a;\n"), key);

  std::set<std::string> keys = {key};
  auto differs = [&](const ObjectKeyContext& c, std::string_view path, std::string_view bytes, const char* what) {
    EXPECT_TRUE(keys.insert(ObjectKey(c, path, bytes)).second) << what;
  };
  ObjectKeyContext c = base;
  c.flags = {"-Os", "-mthumb"};
  differs(c, "kernels/add.c", "int a;\n", "a flag's value");
  c.flags = {"-mthumb", "-O2"};
  differs(c, "kernels/add.c", "int a;\n", "the flags' order");
  c.flags = {"-O2 -mthumb"};
  differs(c, "kernels/add.c", "int a;\n", "one flag instead of two");
  c.flags = {"-O2", "-mthumb", "-DEB_NO_DSP"};
  differs(c, "kernels/add.c", "int a;\n", "one more flag");
  differs(base, "kernels/add.c", "int a; \n", "the source's bytes");
  differs(base, "kernels/sub.c", "int a;\n", "the source's path");
  c = base;
  c.headers[1].second = "#define S 4\n";
  differs(c, "kernels/add.c", "int a;\n", "a header's bytes");
  c = base;
  c.headers[1].first = "scale2.h";
  differs(c, "kernels/add.c", "int a;\n", "a header's name");
  c = base;
  c.headers.pop_back();
  differs(c, "kernels/add.c", "int a;\n", "a header fewer");
  c = base;
  c.compiler = "arm-none-eabi-gcc\narm-none-eabi-gcc 13.2.1\n";
  differs(c, "kernels/add.c", "int a;\n", "the compiler");
  c = base;
  c.debug_dir = "/tmp/p";
  differs(c, "kernels/add.c", "int a;\n", "the folder of a -g build");
}

TEST(ObjectCache, ContextReadsTheCompilerAndEveryKernelsHeaderByName) {
  if (!HaveArmGcc()) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir dir;
  WriteTinyProject(dir.path());
  WriteText(dir.file("kernels/act.h"), "int act;\n");
  WriteText(dir.file("model.h"), "int model;\n");  // not a kernels header: not in the key
  auto ctx = MakeObjectKeyContext(dir.path(), "arm-none-eabi-gcc", kFlags);
  ASSERT_TRUE(ctx.ok()) << ctx.status().message();
  EXPECT_TRUE(ctx->compiler.starts_with("arm-none-eabi-gcc\narm-none-eabi-gcc ")) << ctx->compiler;
  EXPECT_EQ(ctx->flags, kFlags);
  using Headers = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(ctx->headers, (Headers{{"act.h", "int act;\n"}, {"scale.h", "#define EB_SCALE 3\n"}}));
  EXPECT_EQ(ctx->debug_dir, "");
  auto debug = MakeObjectKeyContext(dir.path(), "arm-none-eabi-gcc", {"-O2", "-g"});
  ASSERT_TRUE(debug.ok());
  EXPECT_EQ(debug->debug_dir, fs::absolute(dir.path()).lexically_normal().string());
  auto no_debug = MakeObjectKeyContext(dir.path(), "arm-none-eabi-gcc", {"-g", "-g0"});
  ASSERT_TRUE(no_debug.ok());
  EXPECT_EQ(no_debug->debug_dir, "");
  EXPECT_FALSE(MakeObjectKeyContext(dir.path(), "no-such-compiler-eb", kFlags).ok());
}

// A miss compiles and publishes; the same sources in another project are hits with the very bytes a compile
// without the cache gives; a changed header misses again.
TEST(ObjectCache, HitsGiveTheBytesOfACompile) {
  if (!HaveArmGcc()) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir root;
  const std::string cache = root.file("cache"), a = root.file("a"), b = root.file("b"), plain = root.file("plain");
  for (const std::string& d : {a, b, plain}) WriteTinyProject(d);

  auto cold = CompileObjects(a, "arm-none-eabi-gcc", kFlags, kSources, cache);
  ASSERT_TRUE(cold.ok()) << cold.status().message();
  EXPECT_EQ(cold->objects, (std::vector<std::string>{"obj/add.o", "obj/mul.o"}));
  EXPECT_TRUE(cold->cached);
  EXPECT_EQ(cold->hits, 0);
  EXPECT_EQ(cold->compiled, 2);
  // Exactly the two published objects, under their keys; no temporary file is left behind.
  auto ctx = MakeObjectKeyContext(a, "arm-none-eabi-gcc", kFlags);
  ASSERT_TRUE(ctx.ok());
  std::vector<std::string> expected;
  for (const std::string& s : kSources) {
    const auto text = test::ReadBytes(a + "/" + s);
    expected.push_back(ObjectKey(*ctx, s, std::string(text.begin(), text.end())) + ".o");
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Files(cache), expected);

  auto warm = CompileObjects(b, "arm-none-eabi-gcc", kFlags, kSources, cache);
  ASSERT_TRUE(warm.ok()) << warm.status().message();
  EXPECT_EQ(warm->hits, 2);
  EXPECT_EQ(warm->compiled, 0);
  EXPECT_EQ(warm->log, "");
  auto uncached = CompileObjects(plain, "arm-none-eabi-gcc", kFlags, kSources, "");
  ASSERT_TRUE(uncached.ok()) << uncached.status().message();
  EXPECT_FALSE(uncached->cached);
  EXPECT_EQ(uncached->compiled, 2);
  for (const std::string& o : cold->objects) {
    SCOPED_TRACE(o);
    const std::vector<uint8_t> compiled = test::ReadBytes(plain + "/" + o);
    EXPECT_GT(compiled.size(), 100u);
    EXPECT_EQ(test::ReadBytes(a + "/" + o), compiled);
    EXPECT_EQ(test::ReadBytes(b + "/" + o), compiled);
  }

  WriteTinyProject(b, "#define EB_SCALE 5\n");
  auto changed = CompileObjects(b, "arm-none-eabi-gcc", kFlags, kSources, cache);
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_EQ(changed->hits, 0);
  EXPECT_EQ(changed->compiled, 2);
  EXPECT_NE(test::ReadBytes(b + "/obj/add.o"), test::ReadBytes(a + "/obj/add.o"));
  EXPECT_EQ(Files(cache).size(), 4u);
}

TEST(ObjectCache, OffCompilesWithoutWritingACache) {
  if (!HaveArmGcc()) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir root;
  const std::string project = root.file("p");
  WriteTinyProject(project);
  ScopedEnv eb("EB_CACHE_DIR", "off"), xdg("XDG_CACHE_HOME", root.file("xdg").c_str()),
      home("HOME", root.file("home").c_str());
  EXPECT_EQ(ObjectCacheDirFromEnv(), "");
  auto build = CompileObjects(project, "arm-none-eabi-gcc", kFlags, kSources, ObjectCacheDirFromEnv());
  ASSERT_TRUE(build.ok()) << build.status().message();
  EXPECT_FALSE(build->cached);
  EXPECT_EQ(build->compiled, 2);
  EXPECT_EQ(Files(project + "/obj"), (std::vector<std::string>{"add.o", "mul.o"}));
  EXPECT_EQ(Files(root.path()), std::vector<std::string>{"p"});  // neither $XDG_CACHE_HOME nor $HOME was written
}

// A cache folder that cannot be made (its parent is a file, which stops root too) or written: the build goes on
// without it.
TEST(ObjectCache, AnUnusableFolderStillBuilds) {
  if (!HaveArmGcc()) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir root;
  const std::string project = root.file("p");
  WriteTinyProject(project);
  WriteText(root.file("file"), "x");
  auto build = CompileObjects(project, "arm-none-eabi-gcc", kFlags, kSources, root.file("file/objects"));
  ASSERT_TRUE(build.ok()) << build.status().message();
  EXPECT_FALSE(build->cached);
  EXPECT_EQ(build->compiled, 2);
  EXPECT_EQ(Files(project + "/obj"), (std::vector<std::string>{"add.o", "mul.o"}));
  if (geteuid() == 0) return;  // root writes into a read-only folder anyway
  fs::create_directories(root.file("ro"));
  chmod(root.file("ro").c_str(), 0555);
  auto ro = CompileObjects(project, "arm-none-eabi-gcc", kFlags, kSources, root.file("ro"));
  ASSERT_TRUE(ro.ok()) << ro.status().message();
  EXPECT_FALSE(ro->cached);
  EXPECT_EQ(ro->compiled, 2);
  EXPECT_EQ(Files(root.file("ro")), std::vector<std::string>{});
  chmod(root.file("ro").c_str(), 0755);
}

// A kernel that does not compile: the error holds the compiler's message naming the file, and nothing of it is
// published; BuildFirmware puts the project folder in front.
TEST(ObjectCache, CompileErrorsNameTheFileAndAreNotCached) {
  if (!HaveArmGcc()) GTEST_SKIP() << "arm-none-eabi-gcc is not installed";
  test::TempDir root;
  const std::string project = root.file("p"), cache = root.file("cache");
  WriteTinyProject(project);
  WriteText(project + "/kernels/mul.c", "int eb_mul(int a, int b) { return a * b }\n");
  auto build = CompileObjects(project, "arm-none-eabi-gcc", kFlags, kSources, cache);
  ASSERT_FALSE(build.ok());
  EXPECT_NE(build.status().message().find("kernels/mul.c:1:"), std::string::npos) << build.status().message();
  EXPECT_NE(build.status().message().find("error: expected ';'"), std::string::npos) << build.status().message();
  EXPECT_EQ(Files(cache).size(), 1u);  // add.o only

  WriteText(project + "/model.c", "");
  ScopedEnv env("EB_CACHE_DIR", cache.c_str());
  auto fw = BuildFirmware(project, CortexM4Config{});
  ASSERT_FALSE(fw.ok());
  EXPECT_TRUE(fw.status().message().starts_with(project + ": building the firmware failed:\nkernels/mul.c:"))
      << fw.status().message();
  EXPECT_EQ(Files(cache).size(), 2u);  // add.o under the firmware's flags as well; never mul.o
}

// The key hashes kernels/*.h as the only project headers an object depends on. That holds while every embedded
// kernel file includes, with "", only files in kernels/ (looked up first, next to the including file), and, with
// <>, nothing the project's -I. and -Ifirmware would find (model.h, the harness's headers).
TEST(ObjectCache, KernelsIncludeOnlyKernelsAndSystemHeaders) {
  test::TempDir dir;
  ASSERT_TRUE(WriteFirmwareProject(GeneratedModel{}, dir.path(), CortexM4Config{}).ok());
  ASSERT_TRUE(fs::exists(dir.file("model.h")));
  ASSERT_TRUE(fs::exists(dir.file("firmware/semihost.h")));
  const std::regex include(R"(^\s*#\s*include(_next)?\b\s*(.*?)\s*(//.*|/\*.*)?$)");
  const std::regex quoted(R"re("([^"/\\]+)")re"), angled(R"(<([^>]+)>)");
  int files = 0, includes = 0;
  for (const std::string& name : Files(dir.file("kernels"))) {
    SCOPED_TRACE(name);
    ++files;
    std::ifstream in(dir.file("kernels/" + name));
    int line_no = 0;
    for (std::string line; std::getline(in, line);) {
      ++line_no;
      std::smatch m, what;
      if (!std::regex_match(line, m, include)) continue;
      ++includes;
      const std::string target = m[2];
      if (std::regex_match(target, what, quoted)) {
        EXPECT_TRUE(fs::is_regular_file(dir.file("kernels/" + what[1].str())))
            << "line " << line_no << " includes " << target << ", which is not in kernels/";
      } else if (std::regex_match(target, what, angled)) {
        const std::string h = what[1];
        EXPECT_FALSE(fs::exists(dir.file(h)) || fs::exists(dir.file("firmware/" + h)))
            << "line " << line_no << " includes " << target << ", a project file outside kernels/";
      } else {
        ADD_FAILURE() << "line " << line_no << ": an include the test cannot check: " << line;
      }
    }
  }
  EXPECT_GT(files, 100);
  EXPECT_GT(includes, 100);
}

}  // namespace
}  // namespace eb
