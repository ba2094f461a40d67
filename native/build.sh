#!/usr/bin/env bash
# Builds the native ABI and its hosts, and runs their tests:
#   1. publishes src/Reflow.Native with NativeAOT as native/out/lib/libreflow.so (+ native/out/include/reflow.h);
#   2. each host (one function per host below): configures, builds and runs its tests.
# Prints "PASS <part>" or "FAIL <part>" per part (each CTest test is a part), then "native passed: N, failed: M".
# Usage: native/build.sh [--no-publish]   (--no-publish: use the libreflow.so already in native/out/lib)
# Needs the .NET SDK (with clang or gcc for NativeAOT's link), cmake and a C compiler.
set -uo pipefail
native=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$native")
out="$native/out"
logs="$out/logs"
mkdir -p "$logs"
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

publish_library() {
  if dotnet publish "$repo/src/Reflow.Native" -c Release -r linux-x64 -o "$out/lib" -nologo > "$logs/publish.log" 2>&1 \
      && [ -f "$out/lib/libreflow.so" ]; then
    mkdir -p "$out/include"
    cp "$native/include/reflow.h" "$out/include/"
    pass "libreflow.so published with NativeAOT ($(du -h "$out/lib/libreflow.so" | cut -f1))"
    return 0
  fi
  fail "libreflow.so publish (see $logs/publish.log)"
  tail -n 20 "$logs/publish.log"
  return 1
}

# Runs the CTest tests of a configured build folder: one PASS/FAIL line per test.
run_ctest() { # <name> <build dir>
  local name=$1 build=$2
  (cd "$build" && timeout 600 ctest --output-on-failure) > "$logs/$name-ctest.log" 2>&1
  local results
  results=$(sed -n 's/^ *[0-9]*\/[0-9]* Test *#[0-9]*: \([^ ]*\) \.*[* ]*\([A-Za-z]*\).*$/\1 \2/p' "$logs/$name-ctest.log")
  if [ -z "$results" ]; then
    fail "$name: ctest ran no test (see $logs/$name-ctest.log)"
    return
  fi
  while read -r test outcome; do
    if [ "$outcome" = "Passed" ]; then pass "$name: $test"; else fail "$name: $test (see $logs/$name-ctest.log)"; fi
  done <<<"$results"
}

host_c() {
  local build="$out/build/c"
  if cmake -S "$native/examples/c" -B "$build" -DREFLOW_LIB_DIR="$out/lib" > "$logs/c-build.log" 2>&1 \
      && cmake --build "$build" >> "$logs/c-build.log" 2>&1; then
    pass "c: host and tests build"
    run_ctest c "$build"
  else
    fail "c: build (see $logs/c-build.log)"
    tail -n 20 "$logs/c-build.log"
  fi
}

# Hosts in other languages add a function here and a line below.

if [ "${1:-}" = "--no-publish" ] && [ -f "$out/lib/libreflow.so" ]; then
  echo "using $out/lib/libreflow.so as it is"
  published=0
else
  publish_library
  published=$?
fi
if [ "$published" -eq 0 ]; then
  host_c
fi

echo "native passed: $passed, failed: $failed"
[ "$failed" -eq 0 ]
