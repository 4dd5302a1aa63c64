#!/usr/bin/env bash
# Runs the whole test suite twice: the Release build (build/) and an AddressSanitizer +
# UndefinedBehaviorSanitizer build (build-asan/, clang's, which also builds the libFuzzer harnesses); then a
# short libFuzzer run of both importers. Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
# Both builds' firmware tests take the Cortex-M4 kernel objects from one cache (tests/test_main.cc), so the
# sanitizer run compiles none of them again.
export EB_CACHE_DIR="${EB_CACHE_DIR:-$PWD/build/test-object-cache}"

cmake --build build
# EB_FULL_EVAL=1: the Release run also scores whole test sets (about 40 s per model); the sanitizer run does not.
# EB_FULL_TESTS=1: the Release run also builds and emulates Cortex-M4 firmware for every int8 model.
(cd build && EB_FULL_EVAL=1 EB_FULL_TESTS=1 ctest --output-on-failure -j "$jobs")

# The sanitizer build (build-asan/): ASan + UBSan over the whole test suite. With clang that can build libFuzzer
# harnesses it is also the fuzz build (tests/fuzz, the library instrumented for coverage at -O1), so one build
# serves both; otherwise gcc, and the fuzz smoke is skipped.
fuzz_probe=$(mktemp -d)
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' >"$fuzz_probe/p.cc"
fuzz=0
if command -v clang++ >/dev/null 2>&1 && clang++ -fsanitize=fuzzer "$fuzz_probe/p.cc" -o "$fuzz_probe/p" 2>/dev/null; then
  fuzz=1
fi
rm -rf "$fuzz_probe"
# 32 GoogleTest shards per test binary, not a process per test: a sanitizer binary is slow to start.
asan_flags=(-DCMAKE_BUILD_TYPE=Debug -DEB_SANITIZE=ON -DEB_TEST_SHARDS=32)
if [ "$fuzz" = 1 ]; then
  # Line tables are all a sanitizer report needs (file:line in every frame); full -g costs about 12 % more
  # compile time.
  asan_flags+=(-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DEB_FUZZ=ON
               -DCMAKE_C_FLAGS_DEBUG=-gline-tables-only -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only)
  # A build-asan/ configured with gcc by an older test.sh cannot switch compilers in place.
  if [ -f build-asan/CMakeCache.txt ] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' build-asan/CMakeCache.txt; then
    rm -rf build-asan
  fi
  echo "test: sanitizer build (clang, ASan + UBSan, libFuzzer harnesses) in build-asan/"
else
  echo "test: sanitizer build (ASan + UBSan) in build-asan/"
fi
cmake -S . -B build-asan -G Ninja "${asan_flags[@]}" >/dev/null
cmake --build build-asan
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")

# Coverage-guided fuzzing smoke (tests/fuzz): both importer harnesses, each for a fixed number of runs over its
# seeds and the regression inputs.
if [ "$fuzz" = 1 ]; then
  echo "test: fuzz smoke (libFuzzer, ASan + UBSan) from build-asan/"
  tests/fuzz/smoke.sh build-asan
  fuzz_done="and the fuzz smoke"
else
  echo "test: skipped the fuzz smoke: clang++ cannot build libFuzzer harnesses (scripts/setup.sh installs clang)"
  fuzz_done="fuzz smoke skipped"
fi
echo "test: all passed (Release and ASan+UBSan, $fuzz_done)"
