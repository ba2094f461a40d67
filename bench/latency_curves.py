#!/usr/bin/env python3
"""Latency-throughput curves (issue 23 §1) from BenchmarkDotNet CSV reports of interleaved rounds of the latency
suites B3TwoStageLatency, B4TenStageLatency and B5FanOutFanInLatency (bench/Reflow.Benchmarks/Peers/LatencySuite.cs).

Each suite ran every system paced at 10, 25, 50, 75 and 90 % of its own maximum rate (the Load parameter), the
end-to-end latency counted from each message's scheduled send time. Per suite (B5 per fan shape) this prints a
markdown table, rows system x load: the paced rate (and the maximum it is a share of), p50, p99, p99.9 and max in µs
and how far the producer fell behind; each figure is the median over rounds, p99 and p99.9 with each round's value in
brackets. Then issue 23's targets, each marked met or not met: for B3 and B4, Reflow's p99.9 < 1 ms at 50 % and
p99 < 1 ms at 75 %; for every suite, Reflow below every peer at every load (p99 and p99.9, the median over rounds of
the best peer's figure over Reflow's in the same round, above 1 = Reflow lower).

With --plots PREFIX it also writes PREFIX-<suite>.svg per suite (x: load %, y: p99 and p99.9 on a log scale, one
line per system; bench/latency_svg.py) and links each from its table by file name, so the SVGs go beside the report.

Usage: latency_curves.py [--plots PREFIX] ROUND_DIR...
"""
import csv
import glob
import os
import statistics
import sys

import latency_svg

VARIANTS = ["Reflow", "Akka", "ProtoActor", "Dataflow", "Channels"]
HEADS = {"Reflow": "Reflow", "Akka": "Akka.NET", "ProtoActor": "Proto.Actor", "Dataflow": "TPL Dataflow", "Channels": "Channels"}
# (title, suite class, fixed parameters, file name part, whether the 1 ms targets apply)
SUITES = [
    ("B3 two-stage pipeline", "B3TwoStageLatency", {}, "b3-latency", True),
    ("B4 ten-stage pipeline", "B4TenStageLatency", {}, "b4-latency", True),
    ("B5 fan-out/fan-in 1 → 8 → 1", "B5FanOutFanInLatency", {"Fan": "OneToEightToOne"}, "b5-latency-fan8", False),
    ("B5 diamond 1 → 2 → 1", "B5FanOutFanInLatency", {"Fan": "Diamond"}, "b5-latency-diamond", False),
]
METRICS = ["rate M/s", "max M/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "producer late ms"]
ONE_MS = 1000.0
# (percentile column, load, what): Reflow's figure there must be under 1 ms
MS_TARGETS = [("p99.9 µs", 50, "p99.9 < 1 ms at 50 % load"), ("p99 µs", 75, "p99 < 1 ms at 75 % load")]
PEER_METRICS = ["p99 µs", "p99.9 µs"]


def number(text):
    try:
        return float((text or "").replace(",", ""))
    except ValueError:
        return None


def load(rounds):
    """{(suite, fixed params, method, load): {metric: {round: value}}} from each round's latency suite CSVs."""
    cases = {}
    for index, round_dir in enumerate(rounds):
        for path in glob.glob(os.path.join(round_dir, "results", "Reflow.Benchmarks.Peers.*Latency-report.csv")):
            suite = os.path.basename(path)[len("Reflow.Benchmarks.Peers."): -len("-report.csv")]
            with open(path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    load_percent = number(row.get("Load"))
                    if load_percent is None:
                        raise SystemExit(f"{path}: a row of {row.get('Method')} has no Load column; expected the load in percent")
                    fixed = tuple(sorted((p, row[p]) for p in ("Fan",) if row.get(p)))
                    case = cases.setdefault((suite, fixed, row["Method"], load_percent), {})
                    for metric in METRICS:
                        value = number(row.get(metric))
                        if value is not None:
                            case.setdefault(metric, {})[index] = value
    return cases


def fmt(value):
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def with_rounds(per_round):
    if not per_round:
        return "n/a"
    text = fmt(statistics.median(per_round.values()))
    if len(per_round) > 1:
        text += " (" + ", ".join(fmt(per_round[r]) for r in sorted(per_round)) + ")"
    return text


def median(per_round):
    return statistics.median(per_round.values()) if per_round else None


def mark(met):
    return "**met**" if met else "**not met**"


def ms_target(suite_cases, metric, load_percent, what):
    figure = suite_cases.get(("Reflow", load_percent), {}).get(metric)
    if not figure:
        return f"| Reflow {what} | not measured (no Reflow row at {load_percent:g} %) |"
    value = median(figure)
    return f"| Reflow {what} | {mark(value < ONE_MS)}: {with_rounds(figure)} µs |"


def peer_target(suite_cases, loads):
    """Reflow below every peer at every load: per load and percentile, the median of the same-round ratios."""
    parts = []
    met = True
    for load_percent in loads:
        for metric in PEER_METRICS:
            ours = suite_cases.get(("Reflow", load_percent), {}).get(metric, {})
            ratios = []
            for r, value in ours.items():
                peers = [suite_cases[(m, load_percent)][metric][r] for m in VARIANTS[1:]
                         if r in suite_cases.get((m, load_percent), {}).get(metric, {})]
                if peers and value > 0:
                    ratios.append(min(peers) / value)
            if not ratios:
                parts.append(f"{load_percent:g} % {metric[:-3]}: not measured")
                met = False
                continue
            ratio = statistics.median(ratios)
            met = met and ratio > 1
            parts.append(f"{load_percent:g} % {metric[:-3]} {ratio:.2f}×{'' if ratio > 1 else ' (not below)'}")
    if not parts:
        return "| Reflow below every peer at every load | not measured |"
    return ("| Reflow below every peer at every load (p99 and p99.9; median of same-round ratios, best peer ÷ Reflow) | "
            f"{mark(met)}: " + "; ".join(parts) + " |")


def suite_table(title, suite_cases, loads, svg_name, targets):
    systems = [m for m in VARIANTS if any((m, l) in suite_cases for l in loads)]
    print(f"### {title}")
    print()
    if svg_name:
        print(f"![{title}: p99 and p99.9 against load, one line per system]({svg_name})")
        print()
    print("| System | Load | paced M msg/s (of max) | p50 µs | p99 µs (rounds) | p99.9 µs (rounds) | max µs | producer late ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for method in systems:
        for load_percent in loads:
            case = suite_cases.get((method, load_percent))
            if not case:
                continue
            rate = f"{fmt(median(case.get('rate M/s')))} (of {fmt(median(case.get('max M/s')))})"
            print(f"| {HEADS.get(method, method)} | {load_percent:g} % | {rate} | {fmt(median(case.get('p50 µs')))} | "
                  f"{with_rounds(case.get('p99 µs'))} | {with_rounds(case.get('p99.9 µs'))} | "
                  f"{fmt(median(case.get('max µs')))} | {fmt(median(case.get('producer late ms')))} |")
    print()
    print("| Target (issue 23) | Result |")
    print("|---|---|")
    if targets:
        for metric, load_percent, what in MS_TARGETS:
            print(ms_target(suite_cases, metric, load_percent, what))
    print(peer_target(suite_cases, loads))
    print()
    return systems


def main(argv):
    prefix = None
    rounds = []
    args = iter(argv)
    for arg in args:
        if arg == "--plots":
            prefix = next(args, None)
            if not prefix:
                raise SystemExit("latency_curves.py: --plots needs a path prefix for the SVG files")
        elif arg.startswith("-"):
            raise SystemExit(f"latency_curves.py: unknown option {arg}; usage: latency_curves.py [--plots PREFIX] ROUND_DIR...")
        elif not os.path.isdir(arg):
            raise SystemExit(f"latency_curves.py: {arg} is not a directory; expected a BenchmarkDotNet artifacts directory of one round")
        else:
            rounds.append(arg)
    cases = load(rounds)
    for title, suite, fixed, slug, targets in SUITES:
        fixed_key = tuple(sorted(fixed.items()))
        suite_cases = {(m, l): c for (s, f, m, l), c in cases.items() if s == suite and f == fixed_key}
        if not suite_cases:
            continue
        loads = sorted({l for (_, l) in suite_cases})
        svg_name = f"{os.path.basename(prefix)}-{slug}.svg" if prefix else None
        systems = suite_table(title, suite_cases, loads, svg_name, targets)
        if prefix:
            panels = [(metric[:-3], {HEADS[m]: {l: median(suite_cases[(m, l)][metric]) for l in loads
                                                 if metric in suite_cases.get((m, l), {})} for m in systems})
                      for metric in PEER_METRICS]
            svg = latency_svg.plot(f"{title}: end-to-end latency against load", panels, [HEADS[m] for m in systems], loads,
                                   line_label="1 ms (issue 23's target)" if targets else "1 ms")
            with open(f"{prefix}-{slug}.svg", "w", encoding="utf-8") as handle:
                handle.write(svg)
    if cases:
        print(f"Medians over {len(rounds)} round(s); loads are shares of each system's own maximum rate, measured unpaced "
              "in the same process; latency runs from each message's scheduled send time (no coordinated omission).")


if __name__ == "__main__":
    main(sys.argv[1:])
