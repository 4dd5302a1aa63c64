#!/usr/bin/env bash
# Runs the whole test suite twice: the Release build (build/) and an AddressSanitizer +
# UndefinedBehaviorSanitizer build (build-asan/). Expects scripts/setup.sh to have run.
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
echo "test: all passed (Release and ASan+UBSan)"
