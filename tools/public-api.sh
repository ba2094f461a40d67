#!/usr/bin/env bash
# Brings the libraries' PublicAPI.*.txt files up to date with their code (Microsoft.CodeAnalysis.PublicApiAnalyzers).
#
#   bash tools/public-api.sh          after an API change: new public API is added to PublicAPI.Unshipped.txt
#                                     (RS0016); review the diff, then commit it with the change
#   bash tools/public-api.sh --ship   at a release: moves every Unshipped entry into PublicAPI.Shipped.txt
#
# Removed or changed API is an RS0017 error naming the stale line of PublicAPI.Shipped.txt: delete that line there
# and add it to PublicAPI.Unshipped.txt prefixed with *REMOVED* (the analyzers' convention), then run this script.
set -euo pipefail
cd "$(dirname "$0")/.."
libraries=(src/Reflow.Core/Reflow.Core.csproj src/Reflow.Components/Reflow.Components.csproj src/Reflow.Scripting/Reflow.Scripting.csproj src/Reflow.Distributed/Reflow.Distributed.csproj src/Reflow.Server/Reflow.Server.csproj src/Reflow.Testing/Reflow.Testing.csproj src/Reflow.Benchmarking/Reflow.Benchmarking.csproj)
header='#nullable enable'

sorted() { # keeps the header first and the entries in ordinal order, so diffs stay small
  local file=$1
  { echo "$header"; { grep -v -x -F "$header" "$file" || true; } | { grep -v '^$' || true; } | LC_ALL=C sort -u; } > "$file.tmp"
  mv "$file.tmp" "$file"
}

for project in "${libraries[@]}"; do
  dir=$(dirname "$project")
  for kind in Shipped Unshipped; do
    [ -f "$dir/PublicAPI.$kind.txt" ] || echo "$header" > "$dir/PublicAPI.$kind.txt"
  done
  # RS0016 names each undeclared symbol in the form the file takes ("Symbol 'X' is not part of the declared public
  # API"): a build collects them. (dotnet format's code fix for RS0016 does not load this solution's workspace here.)
  build_log=$(mktemp)
  dotnet build "$project" -c Debug --no-incremental -p:WarningsAsErrors= -p:TreatWarningsAsErrors=false > "$build_log" 2>&1 || true
  grep -o "RS0016: Symbol '.*' is not part of the declared public API" "$build_log" \
    | sed -e "s/^RS0016: Symbol '//" -e "s/' is not part of the declared public API$//" \
    | LC_ALL=C sort -u >> "$dir/PublicAPI.Unshipped.txt" || true
  rm -f "$build_log"
  if [ "${1:-}" = "--ship" ]; then
    removed=$(mktemp)
    { grep '^\*REMOVED\*' "$dir/PublicAPI.Unshipped.txt" || true; } | sed 's/^\*REMOVED\*//' > "$removed"
    {
      grep -v -x -F -f "$removed" "$dir/PublicAPI.Shipped.txt" || true
      grep -v -x -F "$header" "$dir/PublicAPI.Unshipped.txt" | grep -v '^\*REMOVED\*' || true
    } > "$dir/PublicAPI.Shipped.txt.tmp"
    mv "$dir/PublicAPI.Shipped.txt.tmp" "$dir/PublicAPI.Shipped.txt"
    rm -f "$removed"
    echo "$header" > "$dir/PublicAPI.Unshipped.txt"
  fi
  sorted "$dir/PublicAPI.Shipped.txt"
  sorted "$dir/PublicAPI.Unshipped.txt"
  echo "$dir: $(($(wc -l < "$dir/PublicAPI.Shipped.txt") - 1)) shipped, $(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) unshipped"
done
