#!/usr/bin/env python3
"""The B14 table (issue 21) from BenchmarkDotNet CSV reports of interleaved rounds of B14Watched.

The same graph (B4's ten-stage pipeline of C# components, N Integers) unwatched (a plain Core network) and watched by
the protocol server in the same process (a WebSocket client selecting every edge, polling ten times a second, reading
everything), at the server's default data-event budget and with the budget off (a data event per packet). Per row: the
median msg/s over rounds with each round's figure in brackets, the data events and polls the client got per run, and
the ratio to the unwatched run of the same round (median of the per-round ratios, each round's in brackets). Then the
target of issue 21: watched >= 95 % of unwatched.

Usage: b14_table.py ROUND_DIR...
"""
import statistics
import sys

import round_figures
from round_figures import figure, median

SUITE = "Reflow.Benchmarks.Watching.B14Watched"
TARGET = 0.95
ROWS = [
    ("Unwatched", "unwatched: a plain Core network"),
    ("Watched", "watched: protocol server, every edge selected, 10 Hz polls, default budget (100 data events/edge/s)"),
    ("WatchedEveryMessage", "watched, budget off: a data event per packet (the server before the budget)"),
    ("WatchedInCore", "Core's share: the server's subscription on a plain network, events only counted (no server, no client)"),
]
METRICS = ("msg/s", "data events", "polls")


def ratios(cases, method, workload):
    mine = cases.get((method, workload), {}).get("msg/s", {})
    base = cases.get(("Unwatched", workload), {}).get("msg/s", {})
    return {r: mine[r] / base[r] for r in mine if base.get(r)}


def main():
    cases = round_figures.load(sys.argv[1:], SUITE, METRICS)
    if not cases:
        return
    workloads = sorted({w for (_, w) in cases})
    print("| Row | workload | msg/s (rounds) | data events per run | polls per run | × unwatched (rounds) |")
    print("|---|---|---:|---:|---:|---:|")
    for workload in workloads:
        for method, label in ROWS:
            case = cases.get((method, workload))
            if not case:
                continue
            r = ratios(cases, method, workload)
            ratio = "1" if method == "Unwatched" else (
                f"{statistics.median(r.values()):.3f}" + (" (" + ", ".join(f"{r[k]:.3f}" for k in sorted(r)) + ")" if len(r) > 1 else "")
                if r else "n/a")
            events = figure(case.get("data events", {}), 0) if method != "Unwatched" else "–"
            polls = figure(case.get("polls", {}), 0) if method not in ("Unwatched", "WatchedInCore") else "–"
            print(f"| {label} | {workload} | {figure(case.get('msg/s', {}), 0)} | {events} | {polls} | {ratio} |")
    print()
    for workload in workloads:
        r = ratios(cases, "Watched", workload)
        if r:
            m = statistics.median(r.values())
            print(f"- Target (issue 21): watched ≥ {TARGET:.0%} of unwatched — {workload}: {m:.1%} of unwatched, "
                  f"**{'met' if m >= TARGET else 'not met'}**")


if __name__ == "__main__":
    main()
