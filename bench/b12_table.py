#!/usr/bin/env python3
"""The B12 table (issue 19) from BenchmarkDotNet CSV reports of interleaved rounds of B12Python.

Per workload (integer and string through the identity, transform) and row: messages per second, microseconds per
message, managed bytes per message and the rate as a multiple of the floor's, each the median over rounds with every
round's figure in brackets (the multiple: the median of per-round ratios). The floor's rate is Python's own time for its
loop (the "python msg/s" column), not the benchmark's time around it; so is the framed floor's (the function plus the
worker's marshal decoding and encoding per batch: the most a batched worker can reach). Then the target of issue 19 — at least 100 000
msg/s through one Python identity node with batching — and in-process pythonnet against the worker.

Usage: b12_table.py ROUND_DIR...
"""
import sys

import round_figures
from round_figures import figure, micro_seconds, target

SUITE = "Reflow.Benchmarks.Python.B12Python"
TARGET = 100_000
WORKLOADS = ("integer", "string", "transform")
ROWS = [
    ("Reflow", "Reflow: `script/python` node (worker process), batching on"),
    ("ReflowUnbatched", "Reflow: `script/python` node, batching off (`\"batch\": False`)"),
    ("PythonNetBatch", "pythonnet in-process, one call per batch of 128"),
    ("PythonNet", "pythonnet in-process, one call per message"),
    ("FloorFramed", "floor + the worker's Python-side framing (marshal per batch of 128; no pipes, no host)"),
    ("Floor", "floor: the function in a plain Python loop (timed by Python)"),
]


def load(rounds):
    cases = round_figures.load(rounds, SUITE, ("msg/s", "B/msg", "python msg/s"))
    for (method, _), case in cases.items():
        if method in ("Floor", "FloorFramed"):  # the floor's rate is Python's own, without the fold and the pipe round trip
            case["msg/s"] = case.pop("python msg/s", {})
            case.pop("B/msg", None)
    return cases


def ratio(cases, method, base, workload):
    """The median over rounds of method's rate over base's in the same round, or None."""
    top = cases.get((method, workload), {}).get("msg/s", {})
    bottom = cases.get((base, workload), {}).get("msg/s", {})
    ratios = {r: top[r] / bottom[r] for r in top if r in bottom and bottom[r] > 0}
    return ratios


def ratio_text(per_round):
    return figure(per_round, 2, "×")


def main():
    rounds = sys.argv[1:]
    cases = load(rounds)
    if not cases:
        return
    print("| Workload | Row | msg/s (rounds) | µs per message | B/msg (rounds) | × floor (rounds) |")
    print("|---|---|---:|---:|---:|---:|")
    for workload in WORKLOADS:
        for method, label in ROWS:
            case = cases.get((method, workload))
            if case is None:
                continue
            rate = case.get("msg/s", {})
            times = "1×" if method == "Floor" else ratio_text(ratio(cases, method, "Floor", workload))
            print(f"| {workload} | {label} | {figure(rate, 0)} | {micro_seconds(rate)} | {figure(case.get('B/msg', {}), 1)} | {times} |")
    print()
    print(f"Medians over {len(rounds)} round(s), each round's figure in brackets. msg/s: messages of one invocation over "
          "BenchmarkDotNet's median time per invocation (the Reflow rows build, start and stop a network, and so a worker "
          "process, in each); the floor's: over Python's own time for its loop. B/msg: managed bytes allocated in the "
          "benchmark process per message (the worker's and the floor's Python memory is not counted). Every row checks "
          "the checksum of its output against the one computed in C#.")
    print()
    print("Target (issue 19), one pool thread, medians of this run:")
    print()
    print(target(cases, ("Reflow",), ("integer", "string"), TARGET, "Python identity node with batching"))
    print()
    print("In-process pythonnet against the worker process (median of per-round ratios; above 1: in-process is faster); "
          "batching on also against the framed floor, the most a batched worker can reach:")
    print()
    for workload in WORKLOADS:
        batched = ratio(cases, "PythonNetBatch", "Reflow", workload)
        single = ratio(cases, "PythonNet", "ReflowUnbatched", workload)
        framed = ratio(cases, "PythonNetBatch", "FloorFramed", workload)
        print(f"- {workload}: batching on {ratio_text(batched)} (against the framed floor {ratio_text(framed)}); "
              f"batching off {ratio_text(single)}")


if __name__ == "__main__":
    main()
