#!/usr/bin/env bash
# Compares the Reflow variants of side-by-side suites across commits, in interleaved rounds: each round runs the
# same BenchmarkDotNet filter once per commit (the order rotating from round to round), so every commit is
# measured in the same minutes as the others (the shared machines change speed from minute to minute; see
# perf-reports/README.md). Each commit is checked out into its own worktree under $WORK and built in Release.
#
#   bash bench/compare_commits.sh [--rounds N] [--iterations N] COMMIT... -- '<BenchmarkDotNet filter>'...
#
# Writes the per-round CSVs under $WORK (default /tmp/reflow-compare) and prints, per case and column, the
# median over rounds and each round's figure (bench/compare_commits.py).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3
iterations=5
commits=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --) shift; break ;;
    *) commits+=("$1"); shift ;;
  esac
done
filters=("$@")
work=${WORK:-/tmp/reflow-compare}
mkdir -p "$work"
export REFLOW_BENCH_SCALE=${REFLOW_BENCH_SCALE:-full}
for c in "${commits[@]}"; do
  dir="$work/src-$c"
  [ -d "$dir" ] || git worktree add --detach "$dir" "$c" >/dev/null
  dotnet build "$dir/bench/Reflow.Benchmarks" -c Release >"$work/build-$c.log" 2>&1 || { tail -20 "$work/build-$c.log"; exit 1; }
done
dotnet build-server shutdown >/dev/null 2>&1 || true # idle compiler servers only add noise to the measurements
n=${#commits[@]}
for r in $(seq 1 "$rounds"); do
  for i in $(seq 0 $((n - 1))); do
    c=${commits[$(((i + r - 1) % n))]}
    echo "== round $r: $c (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$work/rounds.log"
    (cd "$work/src-$c/bench/Reflow.Benchmarks" && dotnet run -c Release --no-build -- --filter "${filters[@]}" \
       --launchCount 1 --warmupCount 1 --iterationCount "$iterations" --artifacts "$work/round$r-$c") \
       >"$work/round$r-$c.log" 2>&1 || { tail -20 "$work/round$r-$c.log"; exit 1; }
  done
done
python3 bench/compare_commits.py "$work" "${commits[@]}"
