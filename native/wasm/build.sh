#!/usr/bin/env bash
# Builds every WebAssembly plugin from source into OUT (default native/wasm/out): one OUT/<name>.wasm per
#   plugins/*.wat                    with wabt's wat2wasm
#   plugins/*.c                      with clang (--target=wasm32, freestanding, -I include) and wasm-ld
#   assemblyscript/plugins/*.ts      with the AssemblyScript compiler pinned in assemblyscript/package-lock.json
# Only what changed is rebuilt (the output older than its source, a header or this script). Missing tools are
# installed when running as root (apt-get: wabt clang-14 lld-14; npm ci for AssemblyScript), else named.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

fail() { echo "native/wasm/build.sh: $*" >&2; exit 1; }

have() { command -v "$1" >/dev/null 2>&1; }

# The LLVM 14 tools live in /usr/lib/llvm-14/bin on Debian and Ubuntu (wasm-ld only as wasm-ld-14 on the PATH).
find_tools() {
    wat2wasm="$(command -v wat2wasm || true)"
    clang="$(command -v clang-14 || command -v clang || true)"
    wasm_ld_dir=""
    if have wasm-ld; then
        wasm_ld_dir="$(dirname "$(command -v wasm-ld)")"
    elif [ -x /usr/lib/llvm-14/bin/wasm-ld ]; then
        wasm_ld_dir=/usr/lib/llvm-14/bin
    fi
}

missing_packages() {
    local packages=()
    [ -n "$wat2wasm" ] || packages+=(wabt)
    [ -n "$clang" ] || packages+=(clang-14)
    [ -n "$wasm_ld_dir" ] || packages+=(lld-14)
    echo "${packages[*]:-}"
}

find_tools
missing="$(missing_packages)"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && have apt-get; then
        # The test projects of one solution build at once and both get here on a fresh machine: one installs, the
        # other waits for it and finds the tools (and dpkg's own lock is waited for, not failed on).
        exec 8>"$here/.tools.lock"
        flock 8
        find_tools
        missing="$(missing_packages)"
        if [ -n "$missing" ]; then
            echo "native/wasm/build.sh: installing $missing (apt-get)"
            apt-get -o DPkg::Lock::Timeout=300 update || fail "apt-get update failed (its output is above); the packages needed: $missing"
            # shellcheck disable=SC2086 # one word per package
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends $missing \
                || fail "apt-get install $missing failed (its output is above)"
            find_tools
            missing="$(missing_packages)"
            [ -z "$missing" ] || fail "apt-get installed the packages but these tools are still missing: $missing"
        fi
        flock -u 8
    else
        fail "the WebAssembly plugin tools are missing (Debian/Ubuntu packages: $missing; wat2wasm comes from wabt," \
             "clang from clang-14, wasm-ld from lld-14). Install them, e.g. 'sudo apt-get install $missing', or run this as root to have it install them."
    fi
fi
export PATH="$wasm_ld_dir:$PATH"

# Newer than the target: the target is missing or older than any of the given files.
stale() {
    local target="$1"; shift
    [ -e "$target" ] || return 0
    local file
    for file in "$@"; do
        [ "$file" -nt "$target" ] && return 0
    done
    return 1
}

shopt -s nullglob
headers=("$here"/include/*.h "$here"/plugins/*.h)
built=0

for source in "$here"/plugins/*.wat; do
    target="$out/$(basename "$source" .wat).wasm"
    if stale "$target" "$source" "$here/build.sh"; then
        "$wat2wasm" "$source" -o "$target.tmp" || { rm -f "$target.tmp"; fail "wat2wasm failed on $source (its message is above)"; }
        mv "$target.tmp" "$target"
        echo "built $target (wat2wasm)"
        built=$((built + 1))
    fi
done

# -mbulk-memory: the compiler's own copies become memory.copy, since a freestanding plugin has no memcpy to call.
cflags=(--target=wasm32 -O2 -nostdlib -ffreestanding -mbulk-memory -Wall -Werror -I "$here/include" -fuse-ld=lld -Wl,--no-entry -Wl,--strip-debug)
for source in "$here"/plugins/*.c; do
    target="$out/$(basename "$source" .c).wasm"
    # A .c may include a sibling .c (send-output-no-result.c includes send-output.c): any plugin source counts.
    if stale "$target" "$source" "${headers[@]}" "$here"/plugins/*.c "$here/build.sh"; then
        "$clang" "${cflags[@]}" -o "$target.tmp" "$source" || { rm -f "$target.tmp"; fail "clang failed on $source (its message is above)"; }
        mv "$target.tmp" "$target"
        echo "built $target (clang)"
        built=$((built + 1))
    fi
done

as_dir="$here/assemblyscript"
ts_sources=("$as_dir"/plugins/*.ts)
if [ "${#ts_sources[@]}" -gt 0 ] || [ -d "$as_dir/node_modules" ]; then
    # Two builds at once (the test projects of one solution) must not run npm ci in the same folder together.
    exec 9>"$as_dir/.npm-ci.lock"
    flock 9
    if [ ! -d "$as_dir/node_modules" ] || [ "$as_dir/package-lock.json" -nt "$as_dir/node_modules" ]; then
        have npm || fail "npm is missing: the AssemblyScript plugins need it (Debian/Ubuntu: apt-get install nodejs npm)"
        echo "native/wasm/build.sh: npm ci in $as_dir"
        (cd "$as_dir" && npm ci --no-audit --no-fund) || fail "npm ci in $as_dir failed (its output is above)"
        touch "$as_dir/node_modules"
    fi
    flock -u 9
    asc="$as_dir/node_modules/.bin/asc"
    as_sdk=("$as_dir"/*.ts)
    for source in "${ts_sources[@]}"; do
        target="$out/$(basename "$source" .ts).wasm"
        if stale "$target" "$source" "${as_sdk[@]}" "$as_dir/package-lock.json" "$here/build.sh"; then
            "$asc" "$source" --outFile "$target.tmp" --runtime stub -O3 --noAssert --use abort= || { rm -f "$target.tmp"; fail "asc failed on $source (its message is above)"; }
            mv "$target.tmp" "$target"
            echo "built $target (asc)"
            built=$((built + 1))
        fi
    done
fi

echo "native/wasm/build.sh: $built plugin(s) built into $out"
