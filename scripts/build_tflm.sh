#!/usr/bin/env bash
# Builds TensorFlow Lite Micro + CMSIS-NN as a Cortex-M4F static library, the Cortex-M4 peer of `bench`:
#   build/peers/tflm/src/                 the sources, unpacked from ../shared/peers/tflm-cmsisnn-src.tar.gz
#   build/peers/tflm/libtflm_cmsisnn.a    every file of the archive's source lists, compiled
#   build/peers/tflm/FLAGS.txt            the compiler, flags and include folders used
# The flags are the ones the archive's PROVENANCE.txt states, with -O2 for every file (its first variant),
# and the -mcpu/-mfpu/-mfloat-abi of edgebench's own firmware (CortexM4CompileFlags), so both engines are
# built alike. Idempotent: a second run with the same archive and flags does nothing.
# A fresh build compiles 266 files. Parsing schema_generated.h costs each C++ file about 5 s, so it is
# precompiled once (obj/tflm_pch.h.gch, pre-included into every C++ file; the objects' code is the same).
# With ccache installed the compilers go through it, so a rebuild from scratch is quick.
# Environment: EB_TFLM_TARBALL (the archive), EB_TFLM_OUT (the output folder), EB_TFLM_JOBS (default nproc),
# EB_TFLM_CCACHE=0 (no ccache).
set -euo pipefail
cd "$(dirname "$0")/.."

TARBALL=${EB_TFLM_TARBALL:-../shared/peers/tflm-cmsisnn-src.tar.gz}
OUT=${EB_TFLM_OUT:-build/peers/tflm}
JOBS=${EB_TFLM_JOBS:-$(nproc)}
CC=arm-none-eabi-gcc
CXX=arm-none-eabi-g++
AR=arm-none-eabi-ar
LAUNCHER=""
if [ "${EB_TFLM_CCACHE:-1}" != 0 ] && command -v ccache >/dev/null 2>&1; then LAUNCHER="ccache "; fi

fail() { echo "build_tflm: error: $*" >&2; exit 1; }

[ -f "$TARBALL" ] || fail "$TARBALL not found (the TFLite Micro + CMSIS-NN sources; see ../shared/README.md)"
for tool in "$CC" "$CXX" "$AR"; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "$tool not found; install Debian's gcc-arm-none-eabi, libnewlib-arm-none-eabi and libstdc++-arm-none-eabi-newlib (scripts/setup.sh does)"
done
# TFLM includes <cstdint>, <new>, <type_traits>...: the C++ headers come from a separate package.
echo '#include <new>' | "$CXX" -x c++ -fsyntax-only - 2>/dev/null ||
  fail "$CXX has no C++ standard headers; install Debian's libstdc++-arm-none-eabi-newlib"

ARCH_FLAGS="-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard"
COMMON_FLAGS="$ARCH_FLAGS -mlittle-endian -O2 -fno-unwind-tables -fno-asynchronous-unwind-tables \
-ffunction-sections -fdata-sections -fmessage-length=0 -fomit-frame-pointer -funsigned-char \
-DTF_LITE_STATIC_MEMORY -DTF_LITE_DISABLE_X86_NEON -DTF_LITE_MCU_DEBUG_LOG -DCMSIS_NN -DCPU_M4=1 -DARMCM4 \
-DARM_NN_ENABLE_F16=0 -DARM_NN_ENABLE_F32=0 -DNDEBUG -DTF_LITE_STRIP_ERROR_STRINGS"
CXX_FLAGS="-std=c++17 -fno-rtti -fno-exceptions -fno-threadsafe-statics"
C_FLAGS="-std=c17"
INCLUDES="-Itflite-micro -I. -Igemmlowp -Iflatbuffers/include -Iruy -Icmsis_nn -Icmsis_nn/Include"

flags_text() {
  cat <<EOF
# TensorFlow Lite Micro + CMSIS-NN for the Cortex-M4F, built by scripts/build_tflm.sh
archive: $(basename "$TARBALL") sha256 $1
compiler: $("$CXX" --version | head -1)
all files: $COMMON_FLAGS
C++ files: $CXX_FLAGS
# C++ files were compiled with schema_generated.h precompiled and pre-included (-include obj/tflm_pch.h)
C files: $C_FLAGS
includes (relative to src/): $INCLUDES
EOF
}

start=$(date +%s%N)
sha=$(sha256sum "$TARBALL" | cut -d' ' -f1)
wanted=$(flags_text "$sha")
if [ -f "$OUT/libtflm_cmsisnn.a" ] && [ -f "$OUT/FLAGS.txt" ] && [ "$(cat "$OUT/FLAGS.txt")" = "$wanted" ]; then
  echo "build_tflm: $OUT/libtflm_cmsisnn.a is up to date"
  exit 0
fi

# Other flags than last time: every object is stale.
if [ -f "$OUT/FLAGS.txt" ]; then rm -rf "$OUT/obj" "$OUT/FLAGS.txt"; fi

# Unpack once per archive: the stamp holds the archive's sha256.
if [ "$(cat "$OUT/src/.unpacked" 2>/dev/null)" != "$sha" ]; then
  rm -rf "$OUT/src" "$OUT/obj"
  mkdir -p "$OUT/src"
  tar -xzf "$TARBALL" -C "$OUT/src" --strip-components=1
  [ -f "$OUT/src/tflm_sources.txt" ] && [ -f "$OUT/src/cmsis_nn_sources.txt" ] ||
    fail "$TARBALL has no tflm_sources.txt / cmsis_nn_sources.txt at its top"
  echo "$sha" >"$OUT/src/.unpacked"
fi

# A generated Makefile: one object per listed source, compiled in parallel, make's dependency files
# rebuilding what changed.
mk="$OUT/obj/Makefile"
mkdir -p "$OUT/obj"
echo '#include "tensorflow/compiler/mlir/lite/schema/schema_generated.h"' >"$OUT/obj/tflm_pch.h"
{
  echo "SRC := $(realpath "$OUT/src")"
  echo "COMMON := $COMMON_FLAGS"
  echo "INCLUDES := $INCLUDES"
  # Rooted patterns: a pattern without a slash would match file names only, not their folders.
  # The precompiled schema header: built first, with exactly the C++ files' flags (GCC refuses it otherwise).
  echo "tflm_pch.h.gch: tflm_pch.h"
  printf '\t@cd $(SRC) && %s $(COMMON) %s $(INCLUDES) -x c++-header $(CURDIR)/tflm_pch.h -o $(CURDIR)/$@\n' "$CXX" "$CXX_FLAGS"
  for root in tflite-micro cmsis_nn; do
    echo "$root/%.o: \$(SRC)/$root/%.cc | tflm_pch.h.gch"
    printf '\t@mkdir -p $(dir $@)\n\t@cd $(SRC) && %s $(COMMON) %s $(INCLUDES) -Winvalid-pch -include $(CURDIR)/tflm_pch.h -MMD -MP -MF $(CURDIR)/$@.d -c $< -o $(CURDIR)/$@\n' "$LAUNCHER$CXX" "$CXX_FLAGS"
    echo "$root/%.o: \$(SRC)/$root/%.c"
    printf '\t@mkdir -p $(dir $@)\n\t@cd $(SRC) && %s $(COMMON) %s $(INCLUDES) -MMD -MP -MF $(CURDIR)/$@.d -c $< -o $(CURDIR)/$@\n' "$LAUNCHER$CC" "$C_FLAGS"
  done
  printf 'OBJS :='
  sed -e '/^[[:space:]]*$/d' -e 's|^|tflite-micro/|' -e 's|\.cc*$|.o|' -e 's|^| |' "$OUT/src/tflm_sources.txt" | tr -d '\n'
  sed -e '/^[[:space:]]*$/d' -e 's|\.cc*$|.o|' -e 's|^| |' "$OUT/src/cmsis_nn_sources.txt" | tr -d '\n'
  echo
  echo '../libtflm_cmsisnn.a: $(OBJS)'
  printf '\t@rm -f $@\n\t@%s rcs $@ $(OBJS)\n' "$AR"
  echo '-include $(OBJS:=.d)'
} >"$mk"
n=$(grep -c . "$OUT/src/tflm_sources.txt" "$OUT/src/cmsis_nn_sources.txt" | awk -F: '{s += $2} END {print s}')
echo "build_tflm: compiling $n TFLite Micro + CMSIS-NN sources with $JOBS jobs${LAUNCHER:+ (ccache)} into $OUT/libtflm_cmsisnn.a"
# ccache caches compilations that use a precompiled header only with this sloppiness.
CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime \
  make -s -C "$OUT/obj" -f Makefile -j"$JOBS" ../libtflm_cmsisnn.a || fail "compiling TFLite Micro failed (see above)"
rm -f "$OUT/obj/tflm_pch.h.gch"  # 250 MB, needed only while compiling
echo "$wanted" >"$OUT/FLAGS.txt"
echo "build_tflm: done in $(( ($(date +%s%N) - start) / 1000000000 )) s"
