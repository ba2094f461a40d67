#!/usr/bin/env bash
# Compiles the embedding host (examples/embedding: Reflow.Core and Reflow.Components, a network with an NCalc
# condition) with NativeAOT, runs the native binary and compares what it prints with examples/embedding/expected.txt.
# Not part of CI (it downloads the ILCompiler packages and takes minutes); run it after a change that might not be
# AOT-safe beyond what the IsAotCompatible analyzers see (a dependency's reflection, say).
#   bash tools/aot-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
linker=()
if ! command -v clang >/dev/null 2>&1; then
  linker=(-p:CppCompilerAndLinker=gcc) # NativeAOT links with clang by default; gcc does as well
fi
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish examples/embedding -c Release -r "$rid" -p:PublishAot=true "${linker[@]}" -o "$out" > "$out/publish.log" 2>&1 \
  || { tail -30 "$out/publish.log" >&2; echo "NativeAOT publish failed" >&2; exit 1; }
if grep -E 'warning (IL|AOT)' "$out/publish.log" >&2; then
  echo "NativeAOT publish had trim or AOT warnings (above)" >&2
  exit 1
fi
if diff <("$out/Embedding" | grep -v ' messages over ') <(grep -v ' messages over ' examples/embedding/expected.txt); then
  echo "NativeAOT: the embedding host prints what it should"
else
  echo "NativeAOT: the embedding host's output differs from examples/embedding/expected.txt (above)" >&2
  exit 1
fi
