#!/usr/bin/env python3
"""The before/after table of bench/native/compare.sh from its lines:

  B15 round=R before|after a|f|b messages=N seconds=S rate=R [p50_us=.. p99_us=..]

Per row: the median over rounds with each round's figure in brackets; after / before is taken per round (both ran
back to back in that round) and its median given, then the targets of issue 24 judged on the "after" medians.

Usage: b15_compare.py LOG
"""
import sys

from b15_table import print_table

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
    print_table(figures, {side: side for side in SIDES}, "after", "before", "after ÷ before", side_header="library", target_note=" (after)")


if __name__ == "__main__":
    main()
