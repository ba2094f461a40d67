#!/usr/bin/env python3
"""The B15 table (issue 24) from the lines bench/native/run.sh collects:

  B15 round=R native|csharp a|f|b messages=N seconds=S rate=R [p50_us=.. p99_us=..]

Per row: the median over rounds with each round's figure in brackets; the ratio native / C# is taken per round (both
ran back to back in that round) and its median given. Then the targets of issue 24: >= 10 M msg/s through a C callback
node (case a), host send+receive >= 5 M msg/s (case b).

Usage: b15_table.py LOG
"""
import re
import statistics
import sys

LINE = re.compile(r"^B15 round=(\d+) (native|csharp) (a|f|b) (.*)$")
TARGETS = {"a": 10e6, "b": 5e6}
CASES = {
    "a": "(a) host ticks -> burst node (256 per tick) -> pass node -> sink node: msg/s through the pass node",
    "f": "(f) host-fed in-port -> pass node -> sink node: msg/s, the host sending every message",
    "b": "(b) host try_send -> pass node -> host try_receive (reader thread): msg/s, p50/p99 per message",
}
SIDES = {"native": "C host, C callback nodes (libreflow.so)", "csharp": "C# host, C# actors (core/Repeat for pass)"}


def load(path):
    figures = {}
    with open(path, encoding="utf-8") as log:
        for line in log:
            match = LINE.match(line.strip())
            if not match:
                continue
            round_, side, case, rest = match.groups()
            values = dict(pair.split("=") for pair in rest.split())
            figures.setdefault((side, case), {})[int(round_)] = {k: float(v) for k, v in values.items()}
    return figures


def cell(per_round, key, scale=1.0, fmt="{:,.0f}"):
    rounds = sorted(per_round)
    values = [per_round[r][key] / scale for r in rounds]
    each = ", ".join(fmt.format(v) for v in values)
    return fmt.format(statistics.median(values)) + f" ({each})"


def print_table(figures, sides, subject, base, ratio_header, side_header="side", target_note=""):
    """The rows of each case for each side (label by side), the subject ÷ base ratio per round on the subject's rows,
    then the targets judged on the subject's medians."""
    print(f"| Case | {side_header} | msg/s, median (rounds) | p50 µs | p99 µs | {ratio_header}, median (rounds) |")
    print("|---|---|---|---|---|---|")
    for case, title in CASES.items():
        for side, label in sides.items():
            per_round = figures.get((side, case))
            if not per_round:
                continue
            p50 = cell(per_round, "p50_us", fmt="{:,.1f}") if case == "b" else "–"
            p99 = cell(per_round, "p99_us", fmt="{:,.1f}") if case == "b" else "–"
            ratio = "–"
            other = figures.get((base, case), {})
            if side == subject and other:
                per = [per_round[r]["rate"] / other[r]["rate"] for r in sorted(per_round) if r in other]
                ratio = f"{statistics.median(per):.2f} (" + ", ".join(f"{x:.2f}" for x in per) + ")"
            print(f"| {title} | {label} | {cell(per_round, 'rate')} | {p50} | {p99} | {ratio} |")
    print()
    for case, target in TARGETS.items():
        per_round = figures.get((subject, case))
        if not per_round:
            continue
        rate = statistics.median(v["rate"] for v in per_round.values())
        what = "through a C callback node" if case == "a" else "host send+receive"
        verdict = "met" if rate >= target else "NOT met"
        print(f"- target {what} >= {target / 1e6:.0f} M msg/s{target_note}: {verdict} (median {rate / 1e6:.2f} M msg/s)")


def main():
    figures = load(sys.argv[1])
    if not figures:
        sys.exit("b15_table.py: no B15 lines in " + sys.argv[1])
    print_table(figures, SIDES, "native", "csharp", "native ÷ C#")


if __name__ == "__main__":
    main()
