#!/usr/bin/env python3
"""The access-log table (issue 15) from BenchmarkDotNet CSV reports of interleaved rounds of AccessLogBenchmarks.

Per log size: the hand-written loop's and the graph's median time, the graph's time over the loop's (the median of
the same-round ratios, each round's in brackets, as in compare_peers.py), and peak memory: the process's peak
working set (each case runs in a process of its own) and the managed heap's peak above the start of a run. Then the
targets, marked met or not: the graph within 1.5x the loop at 2 M lines, its process peak at most 200 MB there, and
flat (at most 10 % more) from 200 k to 2 M lines.

Usage: access_log_table.py ROUND_DIR...
"""
import csv
import glob
import os
import re
import statistics
import sys

SUITE = "Reflow.Benchmarks.AccessLog.AccessLogBenchmarks"
UNITS_MS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}
TIME_RATIO, PEAK_MB, FLAT = 1.5, 200.0, 1.10


def number(text):
    match = re.match(r"^([\d,.]+)\s*(\S+)?$", (text or "").strip())
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    unit = match.group(2)
    return value if unit is None else value * UNITS_MS[unit] if unit in UNITS_MS else None


def load(rounds):
    """{(method, lines): {metric: {round: value}}}"""
    cases = {}
    for index, round_dir in enumerate(rounds):
        for path in glob.glob(os.path.join(round_dir, "results", SUITE + "-report.csv")):
            with open(path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    case = cases.setdefault((row["Method"], int(row["Lines"].replace(",", ""))), {})
                    for metric in ("Median", "process peak MB", "peak WS MB", "peak heap MB"):
                        value = number(row.get(metric))
                        if value is not None:
                            case.setdefault(metric, {})[index] = value
    return cases


def median(per_round):
    return statistics.median(per_round.values()) if per_round else None


def fmt(value, digits=1):
    return "n/a" if value is None else f"{value:,.{digits}f}"


def main():
    rounds = sys.argv[1:]
    cases = load(rounds)
    if not cases:
        return
    sizes = sorted({lines for (_, lines) in cases})
    loop = {n: cases.get(("HandLoop", n), {}) for n in sizes}
    graph = {n: cases.get(("Graph", n), {}) for n in sizes}
    ratios = {}
    print("| Lines | hand loop (ms) | graph (ms) | graph ÷ loop | loop process peak (MB) | graph process peak (MB) | loop / graph heap peak (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        loop_t, graph_t = loop[n].get("Median", {}), graph[n].get("Median", {})
        per_round = [graph_t[r] / loop_t[r] for r in loop_t if r in graph_t and loop_t[r] > 0]
        ratios[n] = statistics.median(per_round) if per_round else None
        ratio = "n/a" if not per_round else f"{ratios[n]:.2f}×" + (" (" + ", ".join(f"{r:.2f}" for r in per_round) + ")" if len(per_round) > 1 else "")
        print(f"| {n:,} | {fmt(median(loop_t))} | {fmt(median(graph_t))} | {ratio} | {fmt(median(loop[n].get('process peak MB')))} | "
              f"{fmt(median(graph[n].get('process peak MB')))} | {fmt(median(loop[n].get('peak heap MB')))} / {fmt(median(graph[n].get('peak heap MB')))} |")
    print()
    print(f"Medians over {len(rounds)} round(s). Times are BenchmarkDotNet's median per run (the graph's includes building and "
          "starting its network); 'graph ÷ loop' is the median of the same-round ratios. Process peak: the peak working set "
          "(VmHWM) of the case's own process, BenchmarkDotNet's harness included; heap peak: the managed heap's peak above "
          "the start of a run (sampled every 2 ms).")
    print()
    small, large = 200_000, 2_000_000
    if small not in sizes or large not in sizes:
        print(f"Targets (issue 15) apply at full scale (200,000 and 2,000,000 lines); this run had {', '.join(f'{n:,}' for n in sizes)}.")
        return
    if not graph[large].get("Median"):
        print("Targets (issue 15): not measured: the graph's cases did not run (no examples/access-log/access-log.json).")
        return
    peak_small, peak_large = median(graph[small].get("process peak MB")), median(graph[large].get("process peak MB"))

    def mark(ok):
        return "**met**" if ok else "**not met**"

    print("Targets (issue 15):")
    print(f"- time at 2 M lines ≤ {TIME_RATIO}× the hand-written loop: {ratios[large]:.2f}× — {mark(ratios[large] <= TIME_RATIO)}")
    if peak_large is not None:
        print(f"- graph process peak at 2 M lines ≤ {PEAK_MB:.0f} MB: {peak_large:,.1f} MB — {mark(peak_large <= PEAK_MB)}")
    if peak_small and peak_large:
        growth = peak_large / peak_small
        print(f"- flat from 200 k to 2 M lines (≤ {FLAT - 1:.0%} growth): {peak_small:,.1f} → {peak_large:,.1f} MB ({growth - 1:+.0%}) — {mark(growth <= FLAT)}")


if __name__ == "__main__":
    main()
