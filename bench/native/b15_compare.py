#!/usr/bin/env python3
"""The before/after table of bench/native/compare.sh from its lines:

  B15 round=R before|after a|f|b messages=N seconds=S rate=R [p50_us=.. p99_us=..]

Per row: the median over rounds with each round's figure in brackets; after / before is taken per round (both ran
back to back in that round) and its median given, then the targets of issue 24 judged on the "after" medians.

Usage: b15_compare.py LOG
"""
import statistics
import sys

from b15_table import CASES, TARGETS, cell

SIDES = ("before", "after")


def load(path):
    figures = {}
    with open(path, encoding="utf-8") as log:
        for line in log:
            parts = line.split()
            if len(parts) < 4 or parts[0] != "B15" or not parts[1].startswith("round=") or parts[2] not in SIDES:
                continue
            values = dict(pair.split("=") for pair in parts[4:])
            figures.setdefault((parts[2], parts[3]), {})[int(parts[1][6:])] = {k: float(v) for k, v in values.items()}
    return figures


def main():
    figures = load(sys.argv[1])
    if not figures:
        sys.exit("b15_compare.py: no before/after B15 lines in " + sys.argv[1])
    print("| Case | library | msg/s, median (rounds) | p50 µs | p99 µs | after ÷ before, median (rounds) |")
    print("|---|---|---|---|---|---|")
    for case, title in CASES.items():
        for side in SIDES:
            per_round = figures.get((side, case))
            if not per_round:
                continue
            p50 = cell(per_round, "p50_us", fmt="{:,.1f}") if case == "b" else "–"
            p99 = cell(per_round, "p99_us", fmt="{:,.1f}") if case == "b" else "–"
            ratio = "–"
            before = figures.get(("before", case), {})
            if side == "after" and before:
                per = [per_round[r]["rate"] / before[r]["rate"] for r in sorted(per_round) if r in before]
                ratio = f"{statistics.median(per):.2f} (" + ", ".join(f"{x:.2f}" for x in per) + ")"
            print(f"| {title} | {side} | {cell(per_round, 'rate')} | {p50} | {p99} | {ratio} |")
    print()
    for case, target in TARGETS.items():
        per_round = figures.get(("after", case))
        if not per_round:
            continue
        rate = statistics.median(v["rate"] for v in per_round.values())
        what = "through a C callback node" if case == "a" else "host send+receive"
        verdict = "met" if rate >= target else "NOT met"
        print(f"- target {what} >= {target / 1e6:.0f} M msg/s (after): {verdict} (median {rate / 1e6:.2f} M msg/s)")


if __name__ == "__main__":
    main()
