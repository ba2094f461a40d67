#!/usr/bin/env python3
"""The side-by-side table of the peer suites (B1-B8) from BenchmarkDotNet CSV reports of interleaved rounds.

Rows are workloads, columns Reflow and each peer, then how Reflow stands against the best peer. Each figure is
the median over rounds of that round's figure; the comparison is the median over rounds of the same-round ratio
(rounds are interleaved because the shared 2-vCPU machines change speed from minute to minute; see
aggregate_rounds.py). The ratio is oriented so that above 1 means Reflow is ahead: Reflow / best peer for rates,
best peer / Reflow for latencies, memory and times.

Usage: compare_peers.py ROUND_DIR...
"""
import csv
import glob
import os
import re
import statistics
import sys

import round_figures

VARIANTS = ["Reflow", "Akka", "ProtoActor", "Dataflow", "Channels"]
HEADS = {"Reflow": "Reflow", "Akka": "Akka.NET", "ProtoActor": "Proto.Actor", "Dataflow": "TPL Dataflow", "Channels": "Channels"}
HIGHER, LOWER, NEITHER = "higher", "lower", "neither"

# (label, suite, parameters, metric column, which direction is better)
ROWS = [
    ("B1 strict ping-pong, round trip p50 (µs)", "B1StrictPingPong", {}, "p50 µs", LOWER),
    ("B1 strict ping-pong, round trip p99 (µs)", "B1StrictPingPong", {}, "p99 µs", LOWER),
    ("B2 ping-pong, 100 in flight (M msg/s)", "B2WindowedPingPong", {"Window": "100"}, "M msg/s", HIGHER),
    ("B2 ping-pong, 1000 in flight (M msg/s)", "B2WindowedPingPong", {"Window": "1000"}, "M msg/s", HIGHER),
    ("B3 two-stage pipeline (M msg/s)", "B3TwoStagePipeline", {}, "M msg/s", HIGHER),
    ("B3 at 50 % load, end-to-end p99 (µs)", "B3TwoStageLatency", {"Load": "50"}, "p99 µs", LOWER),
    ("B3 at 50 % load, end-to-end p99.9 (µs)", "B3TwoStageLatency", {"Load": "50"}, "p99.9 µs", LOWER),
    ("B4 ten-stage pipeline (M msg/s)", "B4TenStagePipeline", {}, "M msg/s", HIGHER),
    ("B4 at 50 % load, end-to-end p99 (µs)", "B4TenStageLatency", {"Load": "50"}, "p99 µs", LOWER),
    ("B4 at 50 % load, end-to-end p99.9 (µs)", "B4TenStageLatency", {"Load": "50"}, "p99.9 µs", LOWER),
    ("B5 fan-out/fan-in 1 → 8 → 1 (M msg/s at the sink)", "B5FanOutFanIn", {"Fan": "OneToEightToOne"}, "M msg/s", HIGHER),
    ("B5 diamond 1 → 2 → 1 (M msg/s at the sink)", "B5FanOutFanIn", {"Fan": "Diamond"}, "M msg/s", HIGHER),
    ("B6 slow consumer, peak heap (MB)", "B6SlowConsumer", {}, "peak heap MB", LOWER),
    ("B6 slow consumer, producer stall (ms)", "B6SlowConsumer", {}, "stall ms", NEITHER),
    ("B7 idle actors, retained bytes per actor", "B7IdleActors", {}, "B/actor", LOWER),
    ("B7 idle actors, start-up (ms)", "B7IdleActors", {}, "start ms", LOWER),
    ("B8 skynet tree, actors spawning actors (ms per tree)", "B8Skynet", {}, "Median", LOWER),
]

# Issue 23 §2: the same graph on one worker and on two, beside the placement's own choice (the Reflow column), and
# the target for the placement's choice against the best peer: (label, suite, parameters, target ×).
PLACEMENT_ROWS = [
    ("B2 ping-pong, 100 in flight (M msg/s)", "B2WindowedPingPong", {"Window": "100"}, 3.0),
    ("B2 ping-pong, 1000 in flight (M msg/s)", "B2WindowedPingPong", {"Window": "1000"}, 3.0),
    ("B3 two-stage pipeline (M msg/s)", "B3TwoStagePipeline", {}, 5.0),
    ("B4 ten-stage pipeline (M msg/s)", "B4TenStagePipeline", {}, 3.0),
]
PLACEMENT_VARIANTS = ["Reflow", "ReflowOneWorker", "ReflowTwoWorkers"]

# Issue 23 §4: each claim of the original system beside Reflow's figure and the suite that measured it:
# (claim, what our figure is, suite, parameters, metric, scale to the unit shown, unit, limit, met when below the limit?).
CLAIMS = [
    ("> 1 M messages/s, local", "messages/s leaving the last stage of a ten-stage pipeline", "B4TenStagePipeline", {},
     "M msg/s", 1e6, "msg/s", 1e6, False),
    ("< 1 ms local latency (actor to actor)", "round trip p50, one message in flight", "B1StrictPingPong", {},
     "p50 µs", 1, "µs", 1000, True),
    ("< 1 ms local latency (actor to actor)", "round trip p99, one message in flight", "B1StrictPingPong", {},
     "p99 µs", 1, "µs", 1000, True),
    ("< 1 ms local latency, under load", "end-to-end p99 of a two-stage pipeline at 50 % of its maximum rate",
     "B3TwoStageLatency", {"Load": "50"}, "p99 µs", 1, "µs", 1000, True),
    ("~1 KB per actor", "bytes retained per idle actor (100 000 of them)", "B7IdleActors", {}, "B/actor", 1, "B", 1024, True),
]
REMOTE_CLAIM = ("< 10 ms network latency", "one-way p50 at low load over one remote edge (NATS, loopback)", 10_000)

# Printed under the table so every report states how each variant was configured (the classes named hold the code).
SETTINGS = """Settings (bench/Reflow.Benchmarks/Peers/):
- Reflow: up to one pinned worker per core (the placement uses only those worth their crossings: one in every
  suite here but B7, whose 100 000 unconnected actors get two), default wait strategy, every edge bounded at 1024,
  one network per invocation (start-up included); producer = a source actor (host-fed through an exported in-port in the latency suites). (ReflowHost)
  B2, B3 and B4 also run Reflow on one worker and on two whatever the placement estimates (ReflowOneWorker /
  ReflowTwoWorkers: ReflowHost.OneWorker / TwoWorkers; the table after this one).
- Akka.NET 1.5.74: default dispatcher (.NET thread pool) with throughput = 100 (default 30), default unbounded
  mailboxes, UntypedActor, Tell without a sender unless a reply needs one, logging off; boxed longs. (AkkaHost)
- Proto.Actor 1.8.0: default ActorSystem, thread-pool dispatcher at throughput 300 (its default), default unbounded
  mailboxes, Send with the reply address in the message; boxed longs. (ProtoHost)
- TPL Dataflow: TransformBlock relays, ActionBlock sinks, BoundedCapacity 1024, PropagateCompletion,
  SingleProducerConstrained where one producer feeds a block, Post then SendAsync. (DataflowPipeline)
- Channels: a bounded channel (1024) and a task per stage, SingleReader/SingleWriter where they hold,
  WaitToReadAsync + TryRead, TryWrite then WriteAsync. (ChannelsPipeline)
The peers' producer is the benchmark thread. Latency suites: each variant paced at 10-90 % of its own maximum rate,
measured in the same process (the rows above: 50 %; every load in the latency-throughput curves below); 'producer
late ms' shows when a variant could not keep the pace.
"""

UNITS_MS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}


def number(text):
    """A plain number, or a BenchmarkDotNet time ('12.3 ms') in milliseconds; None for '-', 'NA' and the like."""
    text = (text or "").strip()
    match = re.match(r"^([\d,.]+)\s*(\S+)?$", text)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    unit = match.group(2)
    if unit is None:
        return value
    return value * UNITS_MS[unit] if unit in UNITS_MS else None


def load(rounds):
    """{(suite, params, method, metric): {round: value}}"""
    values = {}
    for index, round_dir in enumerate(rounds):
        for path in glob.glob(os.path.join(round_dir, "results", "Reflow.Benchmarks.Peers.*-report.csv")):
            suite = os.path.basename(path)[len("Reflow.Benchmarks.Peers."): -len("-report.csv")]
            with open(path, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    for metric, text in row.items():
                        value = number(text)
                        if value is not None:
                            key = (suite, tuple(sorted(row.items())), row["Method"], metric)
                            values.setdefault(key, {})[index] = value
    return values


def lookup(values, suite, params, method, metric):
    """{round: value} of one case and metric. Each round's row is a key of its own (its measured columns differ), so
    the rounds of a case are gathered from every matching key."""
    found = {}
    for (s, row, m, k), per_round in values.items():
        if s == suite and m == method and k == metric and all(dict(row).get(p) == v for p, v in params.items()):
            found.update(per_round)
    return found or None


def fmt(value):
    if value is None:
        return "n/a"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def same_round_ratios(top, bottom):
    """The ratio top ÷ bottom of each round both have."""
    return [top[r] / bottom[r] for r in sorted(top) if r in bottom and bottom[r] > 0]


def ratio_text(ratios):
    text = f"{statistics.median(ratios):.2f}×"
    if len(ratios) > 1:
        text += " (" + ", ".join(f"{r:.2f}" for r in ratios) + ")"
    return text


def placement_table(values, rounds):
    """Issue 23 §2: Reflow on one worker and on two beside the placement's choice, and its target against the best peer."""
    lines = []
    for label, suite, params, target in PLACEMENT_ROWS:
        cells = {v: lookup(values, suite, params, v, "M msg/s") for v in PLACEMENT_VARIANTS}
        if not cells["ReflowOneWorker"] and not cells["ReflowTwoWorkers"]:
            continue
        shown = [fmt(statistics.median(c.values())) if c else "n/a" for c in cells.values()]
        two_to_one = same_round_ratios(cells["ReflowTwoWorkers"] or {}, cells["ReflowOneWorker"] or {})
        best = {}
        for r in range(len(rounds)):
            peers = [c[r] for c in (lookup(values, suite, params, v, "M msg/s") for v in VARIANTS if v != "Reflow") if c and r in c]
            if peers:
                best[r] = max(peers)
        versus = same_round_ratios(cells["Reflow"] or {}, best)
        mark = "-" if not versus else ("met" if statistics.median(versus) >= target else "**not met**")
        lines.append(f"| {label} | " + " | ".join(shown) + f" | {ratio_text(two_to_one) if two_to_one else '-'} | "
                     f"{ratio_text(versus) if versus else '-'} | ≥ {target:g}×: {mark} |")
    if not lines:
        return
    print("Reflow on one worker and on two (issue 23 §2): the placement's choice (the Reflow column above), every actor "
          "on one worker, and on two workers whatever the placement estimates (ReflowHost.OneWorker / TwoWorkers); "
          "same-round ratios, medians with each round's in brackets.")
    print()
    print("| Workload | Reflow (placement's choice) | one worker | two workers | two ÷ one | placement's choice vs best peer | target |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for line in lines:
        print(line)
    print()


def claims_table(values, rounds):
    """Issue 23 §4: the original system's performance claims, each with Reflow's figure and the suite that measured it."""
    lines = []
    for claim, what, suite, params, metric, scale, unit, limit, below in CLAIMS:
        per_round = lookup(values, suite, params, "Reflow", metric)
        if not per_round:
            continue
        ours = statistics.median(per_round.values()) * scale
        met = ours < limit if below else ours > limit
        lines.append(f"| {claim} | {fmt(ours)} {unit}: {what} | {suite} | {'met' if met else '**not met**'} |")
    remote = round_figures.load(rounds, "Reflow.Benchmarks.Remote.B13Remote", ("p50 µs",)).get(("Reflow", "latency"), {}).get("p50 µs")
    if remote:
        claim, what, limit = REMOTE_CLAIM
        ours = statistics.median(remote.values())
        lines.append(f"| {claim} | {fmt(ours)} µs: {what} | B13Remote | {'met' if ours < limit else '**not met**'} |")
    if not lines:
        return
    print("The original system's performance claims (its architecture overview and README; never measured there), each "
          "beside Reflow's figure in this run (median over rounds) and the suite that measured it (issue 23 §4):")
    print()
    print("| The original's claim | Reflow here | Suite | |")
    print("|---|---|---|---|")
    for line in lines:
        print(line)
    print()


def main():
    rounds = sys.argv[1:]
    values = load(rounds)
    if not values:
        return
    print("| Workload | " + " | ".join(HEADS[v] for v in VARIANTS) + " | Reflow vs best peer |")
    print("|---|" + "---:|" * (len(VARIANTS) + 1))
    for label, suite, params, metric, better in ROWS:
        cells = {v: lookup(values, suite, params, v, metric) for v in VARIANTS}
        if not any(cells.values()):
            continue
        shown = [fmt(statistics.median(c.values())) if c else "n/a" for c in cells.values()]
        ratios = []
        for r in range(len(rounds)):
            ours = (cells["Reflow"] or {}).get(r)
            peers = [c[r] for v, c in cells.items() if v != "Reflow" and c and r in c]
            if ours is None or not peers or better == NEITHER:
                continue
            if better == HIGHER and min(peers) >= 0:
                ratios.append(ours / max(peers))
            elif better == LOWER and ours > 0:
                ratios.append(min(peers) / ours)
        ratio = f"{statistics.median(ratios):.2f}×" if ratios else "-"
        if len(ratios) > 1:
            ratio += " (" + ", ".join(f"{r:.2f}" for r in ratios) + ")"  # per round: the machine's two modes show here
        print(f"| {label} | " + " | ".join(shown) + f" | {ratio} |")
    print()
    print(f"Medians over {len(rounds)} round(s). 'Reflow vs best peer' is the median of the same-round ratios (each round's in brackets), "
          "oriented so that above 1 means Reflow is ahead: Reflow ÷ best peer for rates, best peer ÷ Reflow for "
          "latencies, memory and times. n/a: the peer cannot express the workload (B8: Dataflow and Channels "
          "have no actors that spawn actors) or the suite was not run.")
    print()
    placement_table(values, rounds)
    claims_table(values, rounds)
    print(SETTINGS)


if __name__ == "__main__":
    main()
