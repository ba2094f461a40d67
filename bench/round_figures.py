"""What the suite table scripts (b10_table.py, b11_table.py) share: reading BenchmarkDotNet CSV reports of
interleaved rounds into {(method, workload): {metric: {round: value}}} and writing a figure as its median over rounds
with every round's value in brackets."""
import csv
import glob
import os
import statistics


def number(text):
    try:
        return float((text or "").replace(",", ""))
    except ValueError:
        return None


def load(rounds, suite, metrics):
    """{(method, workload): {metric: {round: value}}} from each round's results/<suite>-report.csv."""
    cases = {}
    for index, round_dir in enumerate(rounds):
        for path in glob.glob(os.path.join(round_dir, "results", suite + "-report.csv")):
            with open(path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    case = cases.setdefault((row["Method"], row["Workload"]), {})
                    for metric in metrics:
                        value = number(row.get(metric))
                        if value is not None:
                            case.setdefault(metric, {})[index] = value
    return cases


def median(per_round):
    return statistics.median(per_round.values()) if per_round else None


def figure(per_round, digits):
    """The median, then each round's value in brackets when there is more than one round; "n/a" for none."""
    if not per_round:
        return "n/a"
    text = f"{median(per_round):,.{digits}f}"
    if len(per_round) > 1:
        text += " (" + ", ".join(f"{per_round[r]:,.{digits}f}" for r in sorted(per_round)) + ")"
    return text
