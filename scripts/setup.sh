#!/usr/bin/env bash
# Installs every dependency edgebench needs (Debian 12 packages) and builds it into build/.
# Non-interactive and idempotent: run it again after pulling.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  cmake ninja-build g++ pkg-config
  clang libclang-rt-14-dev
  libgtest-dev libbenchmark-dev
  libflatbuffers-dev flatbuffers-compiler
  nlohmann-json3-dev libcli11-dev zlib1g-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  libonnx-testdata dataset-fashion-mnist
  python3-pil
  python3-torch python3-onnx python3-numpy
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib libunicorn-dev libcapstone-dev qemu-system-arm
  libxxhash-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

echo "setup: building (Release) into build/"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build

# The CIFAR-10 test copy in the official binary format: `eval` and the tests read build/data/cifar10.
# Debian's python3-pil belongs to /usr/bin/python3 (another python3 may come first on PATH).
if [ -f scripts/cifar10_to_bin.py ] && [ ! -f build/data/cifar10/test_batch.bin ]; then
  echo "setup: converting the CIFAR-10 JPEG copy into build/data/cifar10 (official binary format)"
  /usr/bin/python3 scripts/cifar10_to_bin.py --out build/data/cifar10
fi
# Peer runtimes measured in the same run as edgebench. A peer that cannot be installed is skipped by
# `bench` with a note, so a failure here is reported but not fatal.
if command -v npm >/dev/null 2>&1; then
  echo "setup: installing the ONNX Runtime peer (npm onnxruntime-node, CPU library bundled)"
  # The package's post-install step tries to download GPU files; the CPU library needs none of it.
  (cd peers/onnxruntime && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error) ||
    echo "setup: warning: onnxruntime-node did not install; benchmarks will skip that peer"
  if [ -f peers/litert/package-lock.json ]; then
    echo "setup: installing the TensorFlow Lite peer (npm @litertjs/core, WebAssembly + XNNPACK)"
    (cd peers/litert && npm ci --no-audit --no-fund --loglevel=error) ||
      echo "setup: warning: @litertjs/core did not install; benchmarks will skip the LiteRT peer"
  fi
else
  echo "setup: note: npm not found; benchmarks will skip the ONNX Runtime and LiteRT peers"
fi
# TensorFlow Lite Micro + CMSIS-NN as a Cortex-M4F static library (build/peers/tflm), from the sources in
# ../shared/peers: the Cortex-M4 peer of `bench`. Skipped (with a note) when the sources are absent.
if [ -f scripts/build_tflm.sh ]; then
  bash scripts/build_tflm.sh ||
    echo "setup: warning: the TFLite Micro library did not build; benchmarks will skip that peer"
fi
echo "setup: done. The CLI is build/edgebench; run the tests with scripts/test.sh"
