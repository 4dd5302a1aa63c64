#!/usr/bin/env bash
# Runs the whole test suite twice: the Release build (build/) and an AddressSanitizer +
# UndefinedBehaviorSanitizer build (build-asan/); then a short libFuzzer run of both importers (build-fuzz/,
# when clang can build fuzzers). Expects scripts/setup.sh to have run.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

cmake --build build
# EB_FULL_EVAL=1: the Release run also scores whole test sets (about 40 s per model); the sanitizer run does not.
# EB_FULL_TESTS=1: the Release run also builds and emulates Cortex-M4 firmware for every int8 model.
(cd build && EB_FULL_EVAL=1 EB_FULL_TESTS=1 ctest --output-on-failure -j "$jobs")

echo "test: sanitizer build (ASan + UBSan) in build-asan/"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEB_SANITIZE=ON >/dev/null
cmake --build build-asan
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")

# Coverage-guided fuzzing smoke (tests/fuzz): both importer harnesses, built with clang's libFuzzer and the
# library under ASan + UBSan, each for a fixed number of runs over its seeds and the regression inputs.
fuzz_probe=$(mktemp -d)
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' >"$fuzz_probe/p.cc"
if command -v clang++ >/dev/null 2>&1 && clang++ -fsanitize=fuzzer "$fuzz_probe/p.cc" -o "$fuzz_probe/p" 2>/dev/null; then
  echo "test: fuzz smoke (libFuzzer, ASan + UBSan) in build-fuzz/"
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DEB_FUZZ=ON -DEB_BUILD_TESTS=OFF >/dev/null
  cmake --build build-fuzz --target eb_fuzz
  tests/fuzz/smoke.sh build-fuzz
  fuzz_done="and the fuzz smoke"
else
  echo "test: skipped the fuzz smoke: clang++ cannot build libFuzzer harnesses (scripts/setup.sh installs clang)"
  fuzz_done="fuzz smoke skipped"
fi
rm -rf "$fuzz_probe"
echo "test: all passed (Release and ASan+UBSan, $fuzz_done)"
