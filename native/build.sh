#!/usr/bin/env bash
# Builds the native ABI and its hosts, and runs their tests:
#   1. publishes src/Reflow.Native with NativeAOT as native/out/lib/libreflow.so (+ native/out/include/reflow.h);
#   2. each host (one function per host below): configures, builds and runs its tests.
# Prints "PASS <part>" or "FAIL <part>" per part (each CTest test is a part), then "native passed: N, failed: M".
# Usage: native/build.sh [--no-publish] [--static]
#   --no-publish  use the libreflow.so already in native/out/lib
#   --static      also publish libreflow.a (NativeLib=Static) and link the C example into one executable with the
#                 NativeAOT runtime's archives (another NativeAOT compile of a few minutes: not part of CI)
# Needs the .NET SDK (with clang or gcc for NativeAOT's link), cmake, a C and a C++17 compiler, and cargo (any
# Rust 1.70 or later: Debian's `cargo` package will do; nothing is downloaded).
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

# The static archive: the C example linked into one executable, no libreflow.so at run time. The runtime's archives
# come from the NativeAOT runtime package the publish restored (the version the SDK picked).
static_c() {
  local build="$out/build/c-static"
  mkdir -p "$build"
  if ! dotnet publish "$repo/src/Reflow.Native" -c Release -r linux-x64 -p:NativeLib=Static -o "$out/static" -nologo \
      > "$logs/publish-static.log" 2>&1; then
    fail "libreflow.a publish (see $logs/publish-static.log)"
    return
  fi
  local version runtime
  version=$(grep -o '"runtime.linux-x64.Microsoft.DotNet.ILCompiler/[0-9][^"]*"' "$repo/src/Reflow.Native/obj/project.assets.json" | head -1 | sed 's/.*\/\(.*\)"/\1/')
  runtime="${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.netcore.app.runtime.nativeaot.linux-x64/$version/runtimes/linux-x64/native"
  local archives=()
  for name in Runtime.WorkstationGC Runtime.VxsortEnabled eventpipe-disabled standalonegc-disabled aotminipal System.Native \
      System.IO.Compression.Native System.Globalization.Native System.Net.Security.Native \
      System.Security.Cryptography.Native.OpenSsl brotlienc brotlidec brotlicommon z; do
    archives+=("$runtime/lib$name.a")
  done
  if cc -std=c99 -O2 -I "$native/include" -DREFLOW_EXAMPLE_GRAPH="\"$native/examples/graphs/scale.fbp\"" \
        "$native/examples/c/reflow_example.c" "$native/examples/c/scale.c" "$out/static/libreflow.a" "$runtime/libbootstrapperdll.o" \
        -Wl,--start-group "${archives[@]}" -Wl,--end-group -lstdc++ -ldl -lm -lrt -lpthread -o "$build/reflow_example" \
        > "$logs/c-static-build.log" 2>&1 \
      && "$build/reflow_example" > "$build/output.txt" 2> "$logs/c-static-run.log" \
      && diff "$build/output.txt" "$native/examples/c/expected_output.txt" > "$logs/c-static-run.log" 2>&1; then
    pass "c-static: the example linked with libreflow.a prints the expected text"
  else
    fail "c-static: link or run (see $logs/c-static-build.log and $logs/c-static-run.log)"
  fi
}

# The C++ host (examples/cpp: reflow.hpp and a host using it): CMake, then its CTest tests.
host_cpp() {
  local build="$out/build/cpp"
  if cmake -S "$native/examples/cpp" -B "$build" -DREFLOW_LIB_DIR="$out/lib" > "$logs/cpp-build.log" 2>&1 \
      && cmake --build "$build" >> "$logs/cpp-build.log" 2>&1; then
    pass "cpp: host builds"
    run_ctest cpp "$build"
  else
    fail "cpp: build (see $logs/cpp-build.log)"
    tail -n 20 "$logs/cpp-build.log"
  fi
}

# The Rust host (examples/rust: reflow-sys, the safe reflow crate and its host): cargo build, cargo test, and the
# host's output compared with its expected.txt. Offline: the workspace has no dependencies.
host_rust() {
  local crate="$native/examples/rust" target="$out/build/rust"
  # rustup's cargo when it is there but not on the PATH; else Debian's package when running as root.
  if ! command -v cargo > /dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo > /dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    echo "installing cargo (apt-get) for the Rust host"
    apt-get install -y -qq cargo > "$logs/rust-install.log" 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq cargo; } >> "$logs/rust-install.log" 2>&1
  fi
  if ! command -v cargo > /dev/null 2>&1; then
    fail "rust: cargo is not installed (apt-get install cargo, or rustup)"
    return
  fi
  if (cd "$crate" && REFLOW_LIB_DIR="$out/lib" CARGO_TARGET_DIR="$target" cargo build --offline) > "$logs/rust-build.log" 2>&1; then
    pass "rust: crates and host build"
  else
    fail "rust: cargo build (see $logs/rust-build.log)"
    tail -n 20 "$logs/rust-build.log"
    return
  fi
  if (cd "$crate" && REFLOW_LIB_DIR="$out/lib" CARGO_TARGET_DIR="$target" timeout 600 cargo test --offline) > "$logs/rust-test.log" 2>&1; then
    pass "rust: cargo test ($(grep -o '[0-9]* passed' "$logs/rust-test.log" | awk '{n += $1} END {print n}') tests)"
  else
    fail "rust: cargo test (see $logs/rust-test.log)"
    grep -E '^test .*FAILED|panicked' "$logs/rust-test.log" | head -n 20
  fi
  if timeout 120 "$target/debug/reflow-rust-host" "$crate/reflow/upper.fbp" > "$logs/rust-host.out" 2>&1 \
      && diff -u "$crate/reflow/expected.txt" "$logs/rust-host.out" > "$logs/rust-host.diff"; then
    pass "rust: host prints its expected output"
  else
    fail "rust: host output (see $logs/rust-host.diff)"
    cat "$logs/rust-host.out" "$logs/rust-host.diff" | head -n 30
  fi
}

# Hosts in other languages add a function here and a line below.

publish=1 static=0
for argument in "$@"; do
  case "$argument" in
    --no-publish) publish=0 ;;
    --static) static=1 ;;
    *) echo "native/build.sh: unknown argument $argument (expected --no-publish or --static)" >&2; exit 2 ;;
  esac
done

if [ "$publish" -eq 0 ] && [ -f "$out/lib/libreflow.so" ]; then
  echo "using $out/lib/libreflow.so as it is"
  published=0
else
  publish_library
  published=$?
fi
if [ "$published" -eq 0 ]; then
  host_c
  host_cpp
  host_rust
fi
if [ "$static" -eq 1 ]; then
  static_c
fi

echo "native passed: $passed, failed: $failed"
[ "$failed" -eq 0 ]
