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


def figure(per_round, digits, unit=""):
    """The median (with ``unit`` after it), then each round's value in brackets when there is more than one round; "n/a" for none."""
    if not per_round:
        return "n/a"
    text = f"{median(per_round):,.{digits}f}{unit}"
    if len(per_round) > 1:
        text += " (" + ", ".join(f"{per_round[r]:,.{digits}f}" for r in sorted(per_round)) + ")"
    return text


def micro_seconds(rate):
    """Microseconds per message of a median rate in messages per second, as table text."""
    return f"{1e6 / median(rate):,.2f}" if rate else "n/a"


def target(cases, methods, workloads, goal, what):
    """One line saying whether the median rate of each method (named when there are several) on each workload meets ``goal``."""
    parts = []
    for method in methods:
        for workload in workloads:
            rate = cases.get((method, workload), {}).get("msg/s", {})
            if rate:
                m = median(rate)
                label = f"`{method}` {workload}" if len(methods) > 1 else workload
                parts.append(f"{label} {m:,.0f} ({'met' if m >= goal else 'not met'})")
    if not parts:
        return f"- {what} ≥ {goal:,} msg/s: not measured (the rows did not run)."
    return f"- {what} ≥ {goal:,} msg/s: " + "; ".join(parts) + "."

