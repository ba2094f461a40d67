#!/usr/bin/env python3
"""Medians over interleaved rounds of bench/compare_commits.sh: one row per case and column, one column per commit
(the median over rounds, then each round's figure in brackets).

Usage: compare_commits.py WORK_DIR COMMIT...
"""
import csv
import glob
import os
import statistics
import sys

COLUMNS = ["M msg/s", "B/actor", "start ms", "Median"]
MS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}


def figures(work, commit):
    """{(case, column): [figure per round]} for one commit."""
    found = {}
    rounds = sorted(glob.glob(os.path.join(work, f"round*-{commit}")), key=lambda d: int(os.path.basename(d)[5:].split("-")[0]))
    for directory in rounds:
        for path in glob.glob(os.path.join(directory, "results", "*-report.csv")):
            suite = os.path.basename(path).split("-report")[0].split(".")[-1]
            with open(path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    for column in COLUMNS:
                        text = (row.get(column) or "").replace(",", "").split(" ")[0]
                        try:
                            value = float(text)
                        except ValueError:
                            continue
                        label = column
                        if column == "Median":  # to milliseconds, whatever unit BenchmarkDotNet chose
                            value *= MS.get((row.get(column) or "").split(" ")[-1], float("nan"))
                            label = "Median (ms)"
                        found.setdefault((f"{suite}.{row['Method']}", label), []).append(value)
    return found


def main():
    work, commits = sys.argv[1], sys.argv[2:]
    data = {c: figures(work, c) for c in commits}
    keys = sorted({k for d in data.values() for k in d})
    print("| Case | Figure | " + " | ".join(commits) + " |")
    print("|---|---|" + "---:|" * len(commits))
    for case, column in keys:
        cells = []
        for c in commits:
            values = data[c].get((case, column), [])
            cells.append(f"{statistics.median(values):.4g} ({', '.join(f'{v:.4g}' for v in values)})" if values else "-")
        print(f"| {case} | {column} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
