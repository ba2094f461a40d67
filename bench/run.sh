#!/usr/bin/env bash
# The side-by-side comparison of issue 7: suites B1–B8 (bench/Reflow.Benchmarks/Peers/), each with a Reflow
# variant and one per peer (Akka.NET, Proto.Actor, TPL Dataflow, Channels), and issue 15's access-log job
# (bench/Reflow.Benchmarks/AccessLog/: the graph examples/access-log/access-log.json against a hand-written loop at
# 200 k and 2 M lines), and issue 18's B11 (bench/Reflow.Benchmarks/Wasm/: native source -> WebAssembly identity ->
# native sink with the Extism-compatible JSON ABI and the batch binary ABI, and the cost of one instantiation), and issue
# 19's B12 (bench/Reflow.Benchmarks/Python/: a Python identity and transform as a script/python node with batching on
# and off, in-process through pythonnet, and in a plain Python loop, the floor), and issue 20's B13
# (bench/Reflow.Benchmarks/Remote/: one remote edge on loopback, throughput and one-way latency, Reflow's edge over a
# nats-server it starts beside Akka.Remote and Proto.Remote), run in interleaved rounds by bench/report.sh, which writes
# the report with the machine description and the tables of bench/compare_peers.py, bench/access_log_table.py,
# bench/b11_table.py, bench/b12_table.py and bench/b13_table.py; and issue 21's B14 (bench/Reflow.Benchmarks/Watching/:
# the same ten-stage graph unwatched and watched by the protocol server in the same process, bench/b14_table.py); and
# issue 23's latency-throughput curves (B3TwoStageLatency, B4TenStageLatency, B5FanOutFanInLatency among the peer
# suites: every system paced at 10, 25, 50, 75 and 90 % of its own maximum; bench/latency_curves.py writes a table per
# suite and an SVG plot beside the report, perf-reports/<date>-<commit>-<suite>.svg).
#
#   bash bench/run.sh [--short|--full] ['<BenchmarkDotNet filter>' ...]
#
#   --full   (default) the sizes of DESIGN.md §4, 3 interleaved rounds of 1 warm-up + 5 measured iterations;
#            writes perf-reports/<date>-<commit>.md (and the latency curves' SVGs beside it). Takes about two hours
#            (a round of its 210 cases ~40 min: the 100 latency cases ~20 min, ~12 s each);
#            run it on a quiet machine. A failed case does not end the run: the report lists it, and the exit code is 1.
#   --short  a smoke run: small workloads, 1 round of 1 warm-up + 3 iterations, every case checks its result;
#            writes /tmp/reflow-bench-<date>-<commit>-short.md (its figures are not for reports).
#   filters  BenchmarkDotNet filters, e.g. '*B3*' '*B4*' '*AccessLog*' '*B11*' '*B12*' '*B13*' '*B14*'; default: every
#            side-by-side suite, the access log, B11, B12, B13 and B14.
#
# Reproduce one figure of a report: bash bench/run.sh --full '*B2WindowedPingPong*'
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
filters=()
for arg in "$@"; do
  case "$arg" in
    --short) mode=short ;;
    --full) mode=full ;;
    -h|--help) sed -n '2,29p' "$0"; exit 0 ;;
    -*) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
    *) filters+=("$arg") ;;
  esac
done
[ ${#filters[@]} -eq 0 ] && filters=('Reflow.Benchmarks.Peers.*' 'Reflow.Benchmarks.AccessLog.*' 'Reflow.Benchmarks.Wasm.*' 'Reflow.Benchmarks.Python.*' 'Reflow.Benchmarks.Remote.*' 'Reflow.Benchmarks.Watching.*')

export REFLOW_BENCH_SCALE=$mode
export REFLOW_BENCH_COMMAND="bash bench/run.sh --$mode ${filters[*]}"
if [ "$mode" = short ]; then
  out="${TMPDIR:-/tmp}/reflow-bench-$(date -u +%Y-%m-%d)-$(git rev-parse --short HEAD)-short.md"
  exec bash bench/report.sh --rounds 1 --warmup 1 --iterations 3 --out "$out" "${filters[@]}"
fi
exec bash bench/report.sh --rounds 3 --warmup 1 --iterations 5 "${filters[@]}"
