#!/usr/bin/env bash
# Builds fuzz/Reflow.Fuzz (Release), copies its output to a fresh folder and instruments that copy's Reflow.Core,
# Reflow.Server and Reflow.Distributed with the sharpfuzz tool (.config/dotnet-tools.json), leaving the build output
# itself uninstrumented (the tests and replays use it). Prints the folder. Usage: fuzz/build.sh [--no-build] [OUT]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
if [ "${1:-}" = "--no-build" ]; then build=0; shift; fi
out="${1:-$repo/fuzz/.out/bin}"

cd "$repo"
if [ "$build" = 1 ]; then
    dotnet build fuzz/Reflow.Fuzz -c Release -v quiet -nologo >&2 || { echo "fuzz/build.sh: building fuzz/Reflow.Fuzz failed" >&2; exit 1; }
fi
built="$repo/fuzz/Reflow.Fuzz/bin/Release/net10.0"
[ -f "$built/Reflow.Fuzz.dll" ] || { echo "fuzz/build.sh: $built/Reflow.Fuzz.dll is missing: build fuzz/Reflow.Fuzz in Release first" >&2; exit 1; }

dotnet tool restore >/dev/null || { echo "fuzz/build.sh: dotnet tool restore failed (the sharpfuzz tool)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
cp -r "$built/." "$out/"
# The parsers under test; their dependencies (System.Text.Json, MemoryPack, K4os LZ4, Tomlyn) are not instrumented:
# their branches are not ours to cover, and a finding inside them still shows through ours.
for assembly in Reflow.Core Reflow.Server Reflow.Distributed; do
    dotnet tool run sharpfuzz "$out/$assembly.dll" >&2 || { echo "fuzz/build.sh: sharpfuzz could not instrument $assembly.dll" >&2; exit 1; }
done
echo "$out"
