#!/usr/bin/env bash
# B15 (issue 24): a C callback node in a native pipeline and a C host on an exported port pair (b15.c, against
# libreflow.so) beside the same pipelines driven from C# (csharp/, b15-csharp), in interleaved rounds: native then
# C# in each round, so both see the same load. Prints every round's lines, then the table of b15_table.py (medians,
# each round's figure in brackets, native ÷ C# ratios per round, the targets of issue 24 marked met or not).
#
#   bash bench/native/run.sh [ROUNDS [MESSAGES_A [MESSAGES_B]]]     defaults: 3 rounds, 2 048 000 (a multiple of 256) and 1 000 000
#
# REFLOW_LIB_DIR: the folder holding libreflow.so (default native/out/lib, where native/build.sh publishes it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
rounds="${1:-3}"
messages_a="${2:-2048000}"
messages_b="${3:-1000000}"
lib_dir="${REFLOW_LIB_DIR:-$repo/native/out/lib}"
[ -f "$lib_dir/libreflow.so" ] || { echo "bench/native/run.sh: no libreflow.so in $lib_dir (run native/build.sh first, or set REFLOW_LIB_DIR)" >&2; exit 1; }

build="$here/build"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DREFLOW_LIB_DIR="$lib_dir" >/dev/null
cmake --build "$build" >/dev/null
dotnet build "$here/csharp" -c Release -nologo -v quiet >/dev/null
csharp="$(find "$here/csharp/bin/Release" -name b15-csharp.dll | head -1)"

log="$(mktemp /tmp/reflow-b15-XXXXXX.log)"
for round in $(seq 1 "$rounds"); do
    "$build/b15" "$messages_a" "$messages_b" | sed "s/^B15 /B15 round=$round /" | tee -a "$log"
    dotnet "$csharp" "$messages_a" "$messages_b" | sed "s/^B15 /B15 round=$round /" | tee -a "$log"
done
echo
python3 "$here/b15_table.py" "$log"
