#!/usr/bin/env python3
"""The B11 table (issue 18) from BenchmarkDotNet CSV reports of interleaved rounds of B11Wasm.

Per workload (integer, string) and case: messages per second and managed bytes per message, each the median over
rounds with every round's figure in brackets; the instantiation rows also as microseconds per call. Then the targets
of issue 18 on one pool thread: the batch binary ABI at least 5 M msg/s, the JSON ABI at least 200 000 msg/s.

Usage: b11_table.py ROUND_DIR...
"""
import sys

import round_figures
from round_figures import figure, micro_seconds, target

SUITE = "Reflow.Benchmarks.Wasm.B11Wasm"
BATCH_TARGET = 5_000_000
JSON_TARGET = 200_000
ROWS = [
    ("Json", "JSON ABI (Extism-compatible), fresh instance per message"),
    ("JsonKept", "JSON ABI, `keep_instance` (one instance per node)"),
    ("Batch", "batch ABI (v1), fresh instance per batch"),
    ("BatchKept", "batch ABI, `keep_instance`"),
    ("Instantiation", "one call of a trivial JSON plugin on a fresh instance (engine, no network)"),
    ("InstantiationBatch", "one batch-ABI call of one message on a fresh instance (engine, no network)"),
]


def load(rounds):
    return round_figures.load(rounds, SUITE, ("msg/s", "B/msg"))

def main():
    rounds = sys.argv[1:]
    cases = load(rounds)
    if not cases:
        return
    print("| Workload | Case | msg/s (rounds) | µs per message or call | B/msg (rounds) |")
    print("|---|---|---:|---:|---:|")
    for workload in ("integer", "string"):
        for method, label in ROWS:
            case = cases.get((method, workload))
            if case is None:
                continue
            rate = case.get("msg/s", {})
            print(f"| {workload} | {label} | {figure(rate, 0)} | {micro_seconds(rate)} | {figure(case.get('B/msg', {}), 1)} |")
    print()
    print(f"Medians over {len(rounds)} round(s), each round's figure in brackets. msg/s: messages (calls, for the "
          "instantiation rows) of one invocation over BenchmarkDotNet's median time per invocation; the network rows build, "
          "start and stop a network in each. B/msg: managed bytes allocated in the benchmark process per message or call.")
    print()
    print("Targets (issue 18), on one pool thread, medians of this run:")
    print()
    print(target(cases, ("Batch", "BatchKept"), ("integer", "string"), BATCH_TARGET, "binary batch ABI"))
    print(target(cases, ("Json", "JsonKept"), ("integer", "string"), JSON_TARGET, "JSON ABI"))


if __name__ == "__main__":
    main()
