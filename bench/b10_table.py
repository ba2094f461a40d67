#!/usr/bin/env python3
"""The B10 table (issue 17) from BenchmarkDotNet CSV reports of interleaved rounds of B10Scripting.

Per workload (identity, transform) and engine row: messages per second and managed bytes per message, each the median
over rounds with every round's figure in brackets, and the row's rate over the Jint-direct row's (the median of the
same-round ratios). The Node rows also show node's own loop time as a rate (without the pipe round trip). Then the
target: at least 500 000 msg/s through one JS identity node on one pool thread (the Reflow identity row).

Usage: b10_table.py ROUND_DIR...
"""
import sys

import round_figures
from round_figures import figure, median

SUITE = "Reflow.Benchmarks.Scripting.B10Scripting"
TARGET = 500_000
ROWS = [
    ("Reflow", "Reflow: source → JS node (`process`) → sink"),
    ("ReflowBatch", "Reflow: source → JS node (`processBatch`) → sink"),
    ("Jint", "Jint called directly (no network)"),
    ("V8", "V8 (ClearScript) called from C#"),
    ("Node", "Node.js, messages as JS values"),
    ("NodeJson", "Node.js, JSON text in and out"),
]


def load(rounds):
    return round_figures.load(rounds, SUITE, ("msg/s", "B/msg", "engine msg/s"))

def main():
    rounds = sys.argv[1:]
    cases = load(rounds)
    if not cases:
        return
    workloads = [w for w in ("identity", "transform") if any(k[1] == w for k in cases)]
    print("| Workload | Engine | msg/s (rounds) | B/msg (rounds) | × Jint direct (rounds) | engine-only msg/s |")
    print("|---|---|---:|---:|---:|---:|")
    for workload in workloads:
        jint = cases.get(("Jint", workload), {}).get("msg/s", {})
        for method, label in ROWS:
            case = cases.get((method, workload))
            if case is None:
                continue
            rate = case.get("msg/s", {})
            ratios = {r: rate[r] / jint[r] for r in rate if r in jint and jint[r] > 0}
            ratio = "n/a" if not ratios else f"{median(ratios):.2f}×" + (" (" + ", ".join(f"{ratios[r]:.2f}" for r in sorted(ratios)) + ")" if len(ratios) > 1 else "")
            engine = figure(case["engine msg/s"], 0) if case.get("engine msg/s") else "–"
            print(f"| {workload} | {label} | {figure(rate, 0)} | {figure(case.get('B/msg', {}), 1)} | {ratio} | {engine} |")
    print()
    print(f"Medians over {len(rounds)} round(s), each round's figure in brackets. msg/s: messages of one invocation over "
          "BenchmarkDotNet's median time per invocation (the Reflow rows build, start and stop a network in each; the Node "
          "rows include one request/answer line over the pipes). B/msg: managed bytes allocated in the benchmark process per "
          "message (V8's heap and the node process are not counted). × Jint direct: the median of the same-round ratios. "
          "engine-only: the messages over node's own time for its loop.")
    print()
    reflow = median(cases.get(("Reflow", "identity"), {}).get("msg/s", {}))
    batch = median(cases.get(("ReflowBatch", "identity"), {}).get("msg/s", {}))
    if reflow is None:
        print("Target (issue 17): not measured: the Reflow rows did not run.")
        return
    mark = "**met**" if reflow >= TARGET else "**not met**"
    extra = f"; with `processBatch` {batch:,.0f} msg/s" if batch is not None else ""
    print(f"Target (issue 17): ≥ {TARGET:,} msg/s through one JS identity node on one pool thread: {reflow:,.0f} msg/s — {mark}{extra}.")


if __name__ == "__main__":
    main()
