#!/usr/bin/env bash
# B15's native cases (b15.c) against two builds of libreflow.so in the same run, alternating in each round (before,
# then after), so both see the same load: for judging a change to src/Reflow.Native on a busy machine. Prints every
# round's lines, then b15_compare.py's table (medians, each round's figure, after ÷ before per round and its median).
#
#   bash bench/native/compare.sh BEFORE_LIB_DIR AFTER_LIB_DIR [ROUNDS [MESSAGES_A [MESSAGES_B]]]
#
# Each LIB_DIR holds a libreflow.so, e.g. from `dotnet publish src/Reflow.Native -c Release -r linux-x64 -o DIR`
# run in a checkout of each commit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 2 ] || { echo "usage: bench/native/compare.sh BEFORE_LIB_DIR AFTER_LIB_DIR [ROUNDS [MESSAGES_A [MESSAGES_B]]]" >&2; exit 2; }
rounds="${3:-3}"
messages_a="${4:-2048000}"
messages_b="${5:-1000000}"
declare -A lib=([before]="$(cd "$1" && pwd)" [after]="$(cd "$2" && pwd)")
for side in before after; do
    [ -f "${lib[$side]}/libreflow.so" ] || { echo "bench/native/compare.sh: no libreflow.so in ${lib[$side]}" >&2; exit 1; }
    # one binary per library: each finds its own libreflow.so through its rpath
    cmake -S "$here" -B "$here/build-$side" -DCMAKE_BUILD_TYPE=Release -DREFLOW_LIB_DIR="${lib[$side]}" >/dev/null
    cmake --build "$here/build-$side" >/dev/null
done

log="$(mktemp /tmp/reflow-b15-compare-XXXXXX.log)"
for round in $(seq 1 "$rounds"); do
    for side in before after; do
        "$here/build-$side/b15" "$messages_a" "$messages_b" | sed "s/^B15 native /B15 round=$round $side /" | tee -a "$log"
    done
done
echo
python3 "$here/b15_compare.py" "$log"
