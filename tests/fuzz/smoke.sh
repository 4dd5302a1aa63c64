#!/usr/bin/env bash
# The CI's fuzz smoke: every regression input once, then each harness for a fixed number of runs over its
# seeds and regression inputs (deterministic: -seed=1). Any ASan or UBSan report, crash, leak or timeout
# fails it. The two harnesses run at the same time (one per core). Usage: smoke.sh BUILD_DIR [RUNS]
# (BUILD_DIR configured with -DEB_FUZZ=ON and built)
set -euo pipefail
build=$(cd "$1" && pwd)
runs_arg=${2:-}
src=$(cd "$(dirname "$0")" && pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

smoke_one() {
  local h=$1 runs bin seeds regressions work start stats
  # About 100 s each, side by side on two cores (tflite about 95 runs/s, onnx about 2,400: its inputs are small).
  if [ "$h" = tflite ]; then runs=${runs_arg:-10000}; else runs=${runs_arg:-250000}; fi
  bin=$build/tests/fuzz/eb_fuzz_$h
  seeds=$build/tests/fuzz/seeds/$h
  regressions=$src/regressions/$h
  work=$build/tests/fuzz/smoke/$h
  rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
  [ -d "$seeds" ] || { echo "smoke: $seeds is missing (build the eb_fuzz_seeds target)" >&2; return 1; }
  mapfile -t kept < <(find "$regressions" -type f 2>/dev/null | sort)
  dirs=("$work/corpus" "$seeds")
  [ -d "$regressions" ] && dirs+=("$regressions")
  start=$SECONDS
  if [ ${#kept[@]} -gt 0 ]; then
    "$bin" -artifact_prefix="$work/artifacts/" "${kept[@]}" >"$work/regressions.log" 2>&1 ||
      { tail -50 "$work/regressions.log"; echo "smoke: $h: a regression input fails again" >&2; return 1; }
  fi
  # New inputs go to the scratch corpus (first directory); the seeds and regressions are only read.
  "$bin" -seed=1 -runs="$runs" -dict="$src/$h.dict" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "${dirs[@]}" >"$work/fuzz.log" 2>&1 ||
    { tail -60 "$work/fuzz.log"; echo "smoke: $h: the fuzzer found a failure (input in $work/artifacts)" >&2; return 1; }
  stats=$(grep -E '^#[0-9]+.*(cov|DONE)' "$work/fuzz.log" | tail -1)
  echo "smoke: $h: ${#kept[@]} regression inputs and $runs runs clean in $((SECONDS - start)) s: $stats"
}

pids=()
for h in tflite onnx; do
  smoke_one "$h" &
  pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
exit "$failed"
