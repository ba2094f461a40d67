#!/usr/bin/env bash
# Runs BenchmarkDotNet suites and writes perf-reports/<date>-<commit>.md with the machine, commit, date and the
# result tables. Usage:  bash bench/report.sh ['<BenchmarkDotNet filter>' ...]   (default: every suite)
# Extra BenchmarkDotNet arguments can follow a '--', e.g.  bash bench/report.sh '*Ring*' -- --job short
set -euo pipefail
cd "$(dirname "$0")/.."

filters=()
extra=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then shift; extra=("$@"); break; fi
  filters+=("$1"); shift
done
[ ${#filters[@]} -eq 0 ] && filters=('*')

commit=$(git rev-parse --short HEAD)
dirty=$(git status --porcelain --untracked-files=no | grep -q . && echo " (with uncommitted changes)" || true)
stamp=$(date -u +%Y-%m-%d)
out="perf-reports/${stamp}-${commit}.md"
artifacts=$(mktemp -d)

dotnet build bench/Reflow.Benchmarks -c Release >/dev/null
(cd bench/Reflow.Benchmarks && dotnet run -c Release --no-build -- --filter "${filters[@]}" \
   --artifacts "$artifacts" "${extra[@]}") | tee "$artifacts/console.log"

{
  echo "# Benchmark report ${stamp}, commit ${commit}${dirty}"
  echo
  echo "- command: \`bash bench/report.sh ${filters[*]}${extra:+ -- ${extra[*]}}\`"
  echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M')"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; $(uname -sr)"
  echo "- .NET: $(dotnet --version) SDK; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  for f in "$artifacts"/results/*-report-github.md; do
    echo "## $(basename "$f" -report-github.md)"
    echo
    cat "$f"
    echo
  done
} > "$out"
echo "wrote $out"
