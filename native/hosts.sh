#!/usr/bin/env bash
# Builds and runs the C++ and Rust hosts of libreflow.so (native/examples/cpp, native/examples/rust), each checked
# against its expected output:
#   cpp   CMake + CTest: the example's output, a receive that throws on every message, a missing graph
#   rust  cargo build + cargo test (the safe layer) + the host's output compared with expected.txt (offline: no crates)
# Prints "PASS <name>" / "FAIL <name>" per step and closes with "native hosts passed: N, failed: M".
# Missing tools (cmake, g++, cargo) are installed with apt-get when running as root, else named.
#
#   bash native/hosts.sh [LIB_DIR]     LIB_DIR: the folder holding libreflow.so (default native/out/lib)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib_dir="$(cd "${1:-${REFLOW_LIB_DIR:-$here/out/lib}}" 2>/dev/null && pwd)" || { echo "native/hosts.sh: no folder ${1:-$here/out/lib}" >&2; exit 1; }
[ -f "$lib_dir/libreflow.so" ] || { echo "native/hosts.sh: no libreflow.so in $lib_dir (run native/build.sh first)" >&2; exit 1; }
work="${REFLOW_HOSTS_BUILD:-$here/examples/build}"
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1" >&2; }

need() { # need COMMAND APT_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "native/hosts.sh: installing $2 (for $1)"
        apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }
    fi
    command -v "$1" >/dev/null 2>&1 || { echo "native/hosts.sh: $1 is missing (apt-get install $2)" >&2; return 1; }
}

cpp_host() {
    need cmake cmake && need g++ g++ || { fail "cpp: tools"; return; }
    local build="$work/cpp"
    if cmake -S "$here/examples/cpp" -B "$build" -DREFLOW_LIB_DIR="$lib_dir" >"$build.log" 2>&1 \
        && cmake --build "$build" >>"$build.log" 2>&1; then
        pass "cpp: build"
    else
        cat "$build.log" >&2
        fail "cpp: build"
        return
    fi
    if (cd "$build" && ctest --output-on-failure --timeout 120); then pass "cpp: ctest"; else fail "cpp: ctest"; fi
}

rust_host() {
    need cargo cargo || { fail "rust: tools"; return; }
    local crate="$here/examples/rust"
    export REFLOW_LIB_DIR="$lib_dir" CARGO_TARGET_DIR="$work/rust"
    if (cd "$crate" && cargo build --offline --quiet); then pass "rust: cargo build"; else fail "rust: cargo build"; return; fi
    if (cd "$crate" && cargo test --offline --quiet 2>&1); then pass "rust: cargo test"; else fail "rust: cargo test"; fi
    local actual
    actual="$(timeout 120 "$CARGO_TARGET_DIR/debug/reflow-rust-host" "$crate/reflow/upper.fbp")"
    if [ "$actual" = "$(cat "$crate/reflow/expected.txt")" ]; then
        pass "rust: host output"
    else
        printf 'the Rust host printed:\n%s\nexpected:\n%s\n' "$actual" "$(cat "$crate/reflow/expected.txt")" >&2
        fail "rust: host output"
    fi
}

mkdir -p "$work"
cpp_host
rust_host
echo "native hosts passed: $passed, failed: $failed"
[ "$failed" -eq 0 ]
