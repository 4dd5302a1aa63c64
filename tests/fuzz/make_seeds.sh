#!/usr/bin/env bash
# Assembles the fuzzers' seed corpora: OUT/tflite from every shared .tflite model, OUT/onnx from every
# shared and in-tree .onnx model plus the ONNX backend node tests of Debian's libonnx-testdata.
# Usage: make_seeds.sh OUT SHARED_DIR [MODELS_DIR]. Idempotent (copies only what changed).
set -euo pipefail
out=$1 shared=$2 models=${3:-}
mkdir -p "$out/tflite" "$out/onnx"

# Copies every file under ROOT ending in EXT into DEST, named after its path below ROOT (a/b.onnx -> a_b.onnx).
collect() {  # collect ROOT EXT DEST
  find "$1" -name "*$2" -type f -print0 2>/dev/null | while IFS= read -r -d '' f; do
    local rel=${f#"$1"/}
    cp -u "$f" "$3/${rel//\//_}"
  done
}

collect "$shared/models" .tflite "$out/tflite"
collect "$shared/models" .onnx "$out/onnx"
[ -n "$models" ] && collect "$models" .onnx "$out/onnx"
if dpkg -L libonnx-testdata >/dev/null 2>&1; then
  dpkg -L libonnx-testdata | grep '/model\.onnx$' | while IFS= read -r f; do
    # .../data/node/test_abs/model.onnx -> node_test_abs.onnx
    name=$(basename "$(dirname "$(dirname "$f")")")_$(basename "$(dirname "$f")").onnx
    cp -u "$f" "$out/onnx/$name"
  done
else
  echo "make_seeds: libonnx-testdata is not installed; the ONNX corpus has only the models" >&2
fi
echo "make_seeds: $(ls "$out/tflite" | wc -l) TFLite and $(ls "$out/onnx" | wc -l) ONNX seeds in $out"
