#!/usr/bin/env python3
"""The machine's latency floor (issue 23): compiles bench/native/latency_floor.c with the system's C compiler and runs
it in interleaved rounds -- for each rate, a spinning and a napping consumer -- then prints a markdown table of the
medians with every round's figure. See the C file for the method (the latency suites' own, with no runtime).

  python3 bench/latency_floor.py [--rates 1e6,2e6,4e6] [--seconds 5] [--rounds 3] [--max-runs 5] [--max-millions 20]

Then the same hand-off unpaced (--max-runs runs of --max-millions million messages, each stamped and recorded): the
machine's own maximum for it, run by run -- what the latency suites' calibration measures, with no runtime.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
METRICS = ["p50_us", "p99_us", "p999_us", "max_us", "producer_late_ms"]


def build(directory):
    binary = os.path.join(directory, "latency_floor")
    compiler = os.environ.get("CC", "cc")
    try:
        subprocess.run([compiler, "-O2", "-pthread", "-o", binary, os.path.join(HERE, "native", "latency_floor.c")], check=True)
    except FileNotFoundError:
        sys.exit(f"no C compiler '{compiler}' on PATH (set CC, or install gcc): the floor needs one")
    except subprocess.CalledProcessError as failure:
        sys.exit(f"{compiler} could not build bench/native/latency_floor.c (exit {failure.returncode})")
    return binary


def run_once(binary, rate, seconds, consumer):
    done = subprocess.run([binary, repr(rate), repr(seconds), consumer], capture_output=True, text=True)
    fields = dict(pair.split("=", 1) for pair in done.stdout.split())
    if done.returncode != 0 or fields.get("received") != fields.get("messages"):
        sys.exit(f"latency_floor {rate} {seconds} {consumer} failed (exit {done.returncode}): {done.stdout}{done.stderr}")
    return {metric: float(fields[metric]) for metric in METRICS + ["achieved_mps"]}


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def cell(values):
    middle = number(statistics.median(values))
    return f"{middle} ({', '.join(number(v) for v in values)})" if len(values) > 1 else middle


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="1e6,2e6,4e6", help="comma-separated messages/s")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--max-runs", type=int, default=5, help="unpaced runs (0: none)")
    parser.add_argument("--max-millions", type=float, default=20.0, help="million messages per unpaced run")
    args = parser.parse_args(argv)
    rates = [float(rate) for rate in args.rates.split(",")]
    with tempfile.TemporaryDirectory() as directory:
        binary = build(directory)
        results = {}
        for _ in range(args.rounds):  # interleaved: a slow minute of the machine touches every row alike
            for rate in rates:
                for consumer in ("spin", "nap"):
                    results.setdefault((rate, consumer), []).append(run_once(binary, rate, args.seconds, consumer))
        maxima = [run_once(binary, 0.0, args.max_millions, "spin")["achieved_mps"] for _ in range(args.max_runs)]
    print(f"C pipeline, two threads and a 1024-slot ring, {args.seconds:g} s per run; medians of {args.rounds} "
          "interleaved round(s) (each round's figure in brackets).")
    print()
    print("| M msg/s | consumer | p50 µs | p99 µs | p99.9 µs | max µs | producer late ms |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for (rate, consumer), rounds in results.items():
        print(f"| {rate / 1e6:g} | {consumer} | " + " | ".join(cell([r[m] for r in rounds]) for m in METRICS) + " |")
    if maxima:
        print()
        print(f"Unpaced, every message stamped and recorded ({args.max_millions:g} M messages a run, spinning consumer), "
              f"M msg/s run by run: {', '.join(number(m) for m in maxima)} (median {number(statistics.median(maxima))}).")


if __name__ == "__main__":
    main(sys.argv[1:])
