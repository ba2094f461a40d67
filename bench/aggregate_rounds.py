#!/usr/bin/env python3
"""Aggregates BenchmarkDotNet CSV reports from several interleaved rounds into one markdown table per suite.

The shared 2-vCPU machines change speed by 2-3x from minute to minute (the cross-core round trip has been seen at
~110 ns and at ~400 ns), so one sequential run can compare a case measured in the fast phase with a baseline
measured in the slow one. Each round runs every suite once; for every case this prints the median over rounds of
its median time per operation, and the median over rounds of its speed relative to the suite's baseline measured
in the same round.

Usage: aggregate_rounds.py BASELINES ROUND_DIR...   (BASELINES: comma-separated method names)
"""
import csv
import glob
import os
import re
import statistics
import sys

UNITS_NS = {"ps": 1e-3, "ns": 1.0, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}


def to_ns(text):
    match = re.match(r"^\s*([\d,.]+)\s*(\S+)\s*$", text or "")
    if not match or match.group(2) not in UNITS_NS:
        return None
    return float(match.group(1).replace(",", "")) * UNITS_NS[match.group(2)]


def load(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return [], []
    header = list(rows[0].keys())
    # Parameter columns sit between the last job characteristic and the statistics.
    params = header[header.index("WarmupCount") + 1: header.index("Mean")] if "WarmupCount" in header and "Mean" in header else []
    return rows, params


def main():
    baselines = set(sys.argv[1].split(","))
    rounds = sys.argv[2:]
    suites = {}
    for index, round_dir in enumerate(rounds):
        for path in sorted(glob.glob(os.path.join(round_dir, "results", "*-report.csv"))):
            suite = os.path.basename(path)[: -len("-report.csv")]
            if suite.startswith(("Reflow.Benchmarks.Peers.", "Reflow.Benchmarks.AccessLog.", "Reflow.Benchmarks.Scripting.", "Reflow.Benchmarks.Wasm.", "Reflow.Benchmarks.Remote.")):
                continue  # these time whole invocations; compare_peers.py, access_log_table.py, b10_table.py, b11_table.py and b13_table.py tabulate them
            rows, params = load(path)
            for row in rows:
                group = tuple((p, row[p]) for p in params)
                case = suites.setdefault(suite, {}).setdefault((group, row["Method"]), {"medians": {}, "allocated": set()})
                # Suites without a Median column (the default BenchmarkDotNet columns) report their Mean.
                median = to_ns(row.get("Median") or row.get("Mean"))
                if median is not None:
                    case["medians"][index] = median
                case["allocated"].add(row.get("Allocated", "?"))

    for suite, cases in suites.items():
        print(f"### {suite.split('.')[-1]}\n")
        print(f"{len(rounds)} rounds. Time per operation is the median over rounds of each round's median; "
              "'× baseline' is the median over rounds of baseline time ÷ case time in the same round "
              "(above 1 = faster than the baseline).\n")
        has_params = any(group for (group, _) in cases)
        head = "| Case | " + ("Params | " if has_params else "") + "ns/op | M ops/s | × baseline | Allocated/op | per-round medians (ns) |"
        print(head)
        print("|" + "---|" * (head.count("|") - 1))
        for (group, method), case in cases.items():
            medians = case["medians"]
            if not medians:
                continue
            base = next((c for (g, m), c in cases.items() if g == group and m in baselines), None)
            ratios = [base["medians"][r] / t for r, t in medians.items() if base and r in base["medians"] and t > 0]
            mid = statistics.median(medians.values())
            ratio = f"{statistics.median(ratios):.2f}" if ratios else "-"
            allocated = "/".join(sorted(case["allocated"]))
            per_round = ", ".join(f"{medians[r]:.3g}" for r in sorted(medians))
            params = ("| " + ", ".join(f"{k}={v}" for k, v in group) + " ") if has_params else ""
            print(f"| {method} {params}| {mid:.3g} | {1e3 / mid:.1f} | {ratio} | {allocated} | {per_round} |")
        print()


if __name__ == "__main__":
    main()
