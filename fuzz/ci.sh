#!/usr/bin/env bash
# CI's fuzz step: every target under AFL++ for REFLOW_FUZZ_CI_SECONDS (default 55) seconds, two at a time (2 cores),
# from one instrumented build. Prints PASS/FAIL per target (a target fails on any crash or hang, or when AFL could not
# run it) and ends with "fuzz targets passed: N, failed: M", which .ci/run adds to its closing line. Exit 1 on a failure.
# Uses the Release build CI has already made (fuzz/Reflow.Fuzz is in the solution); builds it when it is missing.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=${REFLOW_FUZZ_CI_SECONDS:-55}
targets=(fbp reflow-json noflo-json toml message-binary message-frame tagged-json fbp-protocol remote-edge-frame)
out="$repo/fuzz/.out/ci"
rm -rf "$out"
mkdir -p "$out"

if ! bash "$repo/fuzz/afl-deps.sh"; then
    echo "fuzz targets passed: 0, failed: ${#targets[@]}"
    exit 1
fi

build_args=(--no-build)
[ -f "$repo/fuzz/Reflow.Fuzz/bin/Release/net10.0/Reflow.Fuzz.dll" ] || build_args=()
if ! bin=$(bash "$repo/fuzz/build.sh" "${build_args[@]}" "$out/bin"); then
    echo "fuzz targets passed: 0, failed: ${#targets[@]}"
    exit 1
fi

export REFLOW_FUZZ_BIN="$bin"
# One line per target in its own log; the runs' own output is printed in target order once all are done.
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c \
    'bash "$0/fuzz/run.sh" {} "$1" --report "$2/{}.report" > "$2/{}.log" 2>&1; echo $? > "$2/{}.rc"' "$repo" "$seconds" "$out"

passed=0 failed=0
for t in "${targets[@]}"; do
    cat "$out/$t.log"
    if [ "$(cat "$out/$t.rc" 2>/dev/null)" = 0 ]; then
        passed=$((passed + 1)); echo "PASS fuzz $t"
    else
        failed=$((failed + 1)); echo "FAIL fuzz $t (exit code $(cat "$out/$t.rc" 2>/dev/null || echo none); see $out/$t.log and fuzz/findings/$t)" >&2
    fi
done
echo "fuzz targets passed: $passed, failed: $failed"
[ "$failed" -eq 0 ]
