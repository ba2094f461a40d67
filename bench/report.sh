#!/usr/bin/env bash
# Runs BenchmarkDotNet suites in interleaved rounds and writes perf-reports/<date>-<commit>.md: the machine,
# commit, date, and per case the median over rounds (bench/aggregate_rounds.py says why rounds), then the last
# round's BenchmarkDotNet tables.
#
#   bash bench/report.sh [--rounds N] [--warmup N] [--iterations N] [--out FILE] ['<BenchmarkDotNet filter>' ...]
#
# Defaults: 5 rounds of 2 warm-up + 7 measured iterations, every suite ('*'), perf-reports/<date>-<commit>.md.
# When the side-by-side suites (Reflow.Benchmarks.Peers.*, see bench/run.sh) ran, the report opens with their
# table (bench/compare_peers.py); when the access-log suite ran, its table follows (bench/access_log_table.py); when B10
# (Reflow.Benchmarks.Scripting.B10Scripting) ran, its table follows (bench/b10_table.py); when B11
# (Reflow.Benchmarks.Wasm.B11Wasm) ran, its table follows (bench/b11_table.py); when B12
# (Reflow.Benchmarks.Python.B12Python) ran, its table follows (bench/b12_table.py); when B13
# (Reflow.Benchmarks.Remote.B13Remote) ran, its table follows (bench/b13_table.py); when B14
# (Reflow.Benchmarks.Watching.B14Watched) ran, its table follows (bench/b14_table.py); when the latency suites
# (B3TwoStageLatency, B4TenStageLatency, B5FanOutFanInLatency) ran, their latency-throughput curves follow
# (bench/latency_curves.py: a table per suite and an SVG plot per suite written beside the report, <report>-<suite>.svg),
# then the machine's floor under them (bench/latency_floor.py: the same method in C, no runtime, measured after the rounds).
# REFLOW_BENCH_SCALE (full, short, dry) sizes their workloads.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=5
warmup=2
iterations=7
out=
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --iterations) iterations=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) filters+=("$1"); shift ;;
  esac
done
[ ${#filters[@]} -eq 0 ] && filters=('*')

commit=$(git rev-parse --short HEAD)
dirty=$(git status --porcelain --untracked-files=no | grep -q . && echo " (with uncommitted changes)" || true)
stamp=$(date -u +%Y-%m-%d)
[ -n "$out" ] || out="perf-reports/${stamp}-${commit}.md"
work=$(mktemp -d)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

dotnet build bench/Reflow.Benchmarks -c Release >/dev/null
dotnet build-server shutdown >/dev/null 2>&1 || true # idle compiler servers only add noise to the measurements
round_dirs=()
# A case that fails (a result check that throws, a process the kernel kills) does not end the run: the other cases'
# figures stand, the report lists it under "Failed cases", and the script exits 1 after writing the report.
failures=
for r in $(seq 1 "$rounds"); do
  echo "== round $r of $rounds"
  if ! (cd bench/Reflow.Benchmarks && dotnet run -c Release --no-build -- --filter "${filters[@]}" \
     --launchCount 1 --warmupCount "$warmup" --iterationCount "$iterations" --artifacts "$work/round$r") \
     > "$work/round$r.log" 2>&1; then
    named=$(sed -n 's|^// failed case: ||p' "$work/round$r.log")
    [ -n "$named" ] || named="(no case named; the run's last lines: $(tail -5 "$work/round$r.log" | tr '\n' ' '))"
    failures+=$(printf '%s\n' "$named" | sed "s|^|- round $r: |")$'\n'
    echo "round $r: failed cases:"; printf '%s\n' "$named"
  fi
  [ -d "$work/round$r/results" ] || { echo "round $r wrote no results: $(tail -20 "$work/round$r.log")" >&2; exit 1; }
  round_dirs+=("$work/round$r")
done

# With the latency suites, the same machine's floor under their targets (no runtime at all; see bench/latency_floor.py),
# measured right after them so that the report's curves and the floor come from the same minutes of the machine.
floor=
if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Peers.*Latency-report.csv" >/dev/null; then
  echo "== the machine's latency floor"
  floor=$(python3 bench/latency_floor.py --rounds "$rounds" 2>&1) || floor="not measured: bench/latency_floor.py failed: $floor"
fi

{
  echo "# Benchmark report ${stamp}, commit ${commit}${dirty}"
  echo
  echo "- command: \`${REFLOW_BENCH_COMMAND:-bash bench/report.sh --rounds ${rounds} --warmup ${warmup} --iterations ${iterations} ${filters[*]}}\`"
  echo "- workload scale (REFLOW_BENCH_SCALE): ${REFLOW_BENCH_SCALE:-full}; ${rounds} round(s) of ${warmup} warm-up + ${iterations} measured iterations"
  echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M'); load average before the run: ${load_before}"
  echo "- machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB; $(uname -sr)"
  echo "- .NET: $(dotnet --version) SDK, runtime $(dotnet --list-runtimes | awk '/NETCore.App/{v=$2} END{print v}')"
  echo
  if [ -n "$failures" ]; then
    echo "## Failed cases"
    echo
    echo "These cases failed and have no figure in the rounds named (their rows show fewer rounds, or n/a):"
    echo
    printf '%s' "$failures"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Peers.*-report.csv" >/dev/null; then
    echo "## Side by side: Reflow and its peers (B1–B8)"
    echo
    python3 bench/compare_peers.py "${round_dirs[@]}"
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.AccessLog.*-report.csv" >/dev/null; then
    echo "## Access log: the graph and the hand-written loop (issue 15)"
    echo
    python3 bench/access_log_table.py "${round_dirs[@]}"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Scripting.B10Scripting-report.csv" >/dev/null; then
    echo "## B10: one JavaScript function on Reflow, Jint, V8 and Node.js (issue 17)"
    echo
    echo "- node: $(command -v node >/dev/null && node --version || echo 'not found: the Node rows were skipped'); V8: ClearScript 7.5.1.1"
    echo
    python3 bench/b10_table.py "${round_dirs[@]}"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Wasm.B11Wasm-report.csv" >/dev/null; then
    echo "## B11: a WebAssembly identity between native nodes, JSON and batch ABIs (issue 18)"
    echo
    echo "- Wasmtime: $(sed -n 's/.*Include="Wasmtime" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
    echo
    python3 bench/b11_table.py "${round_dirs[@]}"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Python.B12Python-report.csv" >/dev/null; then
    echo "## B12: one Python function as a worker-process node, in-process (pythonnet) and in a plain loop (issue 19)"
    echo
    echo "- Python: $(python3 -c 'import sys; print(sys.version.split()[0], sys.executable)' 2>/dev/null || echo 'not found: the B12 rows were skipped'); pythonnet: $(sed -n 's/.*Include="pythonnet" Version="\([^"]*\)".*/\1/p' Directory.Packages.props); bubblewrap: $(command -v bwrap >/dev/null && bwrap --version || echo 'not found')"
    echo
    python3 bench/b12_table.py "${round_dirs[@]}"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Remote.B13Remote-report.csv" >/dev/null; then
    echo "## B13: one remote edge on loopback, Reflow over NATS beside Akka.Remote and Proto.Remote (issue 20)"
    echo
    echo "- nats-server: $(command -v nats-server >/dev/null && nats-server --version || { [ -x /usr/sbin/nats-server ] && /usr/sbin/nats-server --version; } || echo 'not found: the Reflow rows were skipped'); Akka.Remote: $(sed -n 's/.*Include="Akka.Remote" Version="\([^"]*\)".*/\1/p' Directory.Packages.props); Proto.Remote: $(sed -n 's/.*Include="Proto.Remote" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
    echo
    python3 bench/b13_table.py "${round_dirs[@]}"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Watching.B14Watched-report.csv" >/dev/null; then
    echo "## B14: the cost of watching a network through the protocol server (issue 21)"
    echo
    python3 bench/b14_table.py "${round_dirs[@]}"
    echo
  fi
  if compgen -G "${round_dirs[0]}/results/Reflow.Benchmarks.Peers.*Latency-report.csv" >/dev/null; then
    echo "## Latency–throughput curves: B3, B4 and B5 at 10–90 % of each system's own maximum (issue 23)"
    echo
    python3 bench/latency_curves.py --plots "${out%.md}" "${round_dirs[@]}"
    echo
    echo "### This machine's floor: the same method with no runtime (bench/latency_floor.py)"
    echo
    echo "$floor"
    echo
  fi
  medians=$(python3 bench/aggregate_rounds.py "Channel_Bounded,PlainJsonEncode,Channels" "${round_dirs[@]}")
  if [ -n "$medians" ]; then # the side-by-side suites have their own table above
    echo "## Medians over ${rounds} interleaved rounds"
    echo
    echo "$medians"
  fi
  echo "## BenchmarkDotNet tables of the last round"
  echo
  for f in "${round_dirs[-1]}"/results/*-report-github.md; do
    echo "### $(basename "$f" -report-github.md)"
    echo
    cat "$f"
    echo
  done
} > "$out"
echo "wrote $out"
if [ -n "$failures" ]; then
  printf 'failed cases:\n%s' "$failures" >&2
  exit 1
fi
