#!/usr/bin/env python3
"""The B13 table (issue 20) from BenchmarkDotNet CSV reports of interleaved rounds of B13Remote.

One remote edge on loopback, two endpoints in one process: per row (Reflow's remote edge over a nats-server, batched and
unbatched, at-most-once, and batched at-least-once on JetStream, Akka.Remote and Proto.Remote) the throughput of N 8-byte
integers under a credit window of 1024 (messages from the first arrival to the last over that time, and messages over
BenchmarkDotNet's median time per invocation, which also counts setting up the invocation's sender and receiver) and
the one-way latency at low load (p50, p99, p99.9, max over all invocations but the first), and the same back to back
(no pause between messages: p50, p99). Each figure is the median
over rounds with every round's figure in brackets. Then the targets of issue 20: ≥ 2 M msg/s on one batched
at-most-once edge, ≥ 3× the faster of Akka.Remote and Proto.Remote (the median of per-round ratios against the faster
peer of the same round), p50 < 100 µs at low load.

Usage: b13_table.py ROUND_DIR...
"""
import sys

import round_figures
from round_figures import figure, median

SUITE = "Reflow.Benchmarks.Remote.B13Remote"
RATE_TARGET = 2_000_000
PEER_MULTIPLE = 3.0
P50_TARGET = 100.0
ROWS = [
    ("Reflow", "Reflow remote edge (NATS), batched, at-most-once"),
    ("ReflowUnbatched", "Reflow remote edge (NATS), one message per frame, at-most-once"),
    ("ReflowAtLeastOnce", "Reflow remote edge (NATS JetStream), batched, at-least-once"),
    ("Akka", "Akka.Remote (DotNetty TCP, primitive serializer)"),
    ("ProtoActor", "Proto.Remote (gRPC, protobuf Int64Value)"),
]
PEERS = ("Akka", "ProtoActor")
METRICS = ("msg/s", "edge msg/s", "p50 µs", "p99 µs", "p99.9 µs", "max µs", "B/msg")


def per_round_ratio_to_best_peer(cases, method):
    """{round: method's edge rate over the faster peer's in the same round}."""
    top = cases.get((method, "throughput"), {}).get("edge msg/s", {})
    ratios = {}
    for r, value in top.items():
        peers = [cases.get((p, "throughput"), {}).get("edge msg/s", {}).get(r) for p in PEERS]
        peers = [p for p in peers if p]
        if peers:
            ratios[r] = value / max(peers)
    return ratios


def main():
    rounds = sys.argv[1:]
    cases = round_figures.load(rounds, SUITE, METRICS)
    if not cases:
        return
    print("| Row | edge msg/s (rounds) | msg/s per invocation | B/msg | p50 µs (rounds) | p99 µs | p99.9 µs | max µs "
          "| back-to-back p50 µs (rounds) | back-to-back p99 µs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for method, label in ROWS:
        throughput = cases.get((method, "throughput"), {})
        latency = cases.get((method, "latency"), {})
        busy = cases.get((method, "back-to-back"), {})
        if not throughput and not latency and not busy:
            continue
        print(f"| {label} | {figure(throughput.get('edge msg/s', {}), 0)} | {figure(throughput.get('msg/s', {}), 0)} "
              f"| {figure(throughput.get('B/msg', {}), 1)} | {figure(latency.get('p50 µs', {}), 1)} "
              f"| {figure(latency.get('p99 µs', {}), 1)} | {figure(latency.get('p99.9 µs', {}), 1)} "
              f"| {figure(latency.get('max µs', {}), 1)} | {figure(busy.get('p50 µs', {}), 1)} | {figure(busy.get('p99 µs', {}), 1)} |")
    print()
    print(f"Medians over {len(rounds)} round(s), each round's figure in brackets. Throughput: N 8-byte integers from the "
          "sender's endpoint to the receiver's, at most 1024 unacknowledged (the peers' receivers acknowledge every 512, "
          "cumulatively; Reflow's edge credits cumulatively after each batch it delivers, its own protocol); actor to "
          "actor in every system (Reflow: a source actor in one part network, the remote edge, a sink actor in another); "
          "edge msg/s from the first arrival to the last, msg/s over BenchmarkDotNet's median time per "
          "invocation (which includes starting that invocation's sender and receiver). B/msg: managed bytes allocated "
          "in the process (both endpoints) per message. Latency: one message at a time carrying its Stopwatch send "
          "time, the next sent 1 ms after the previous arrived; one-way, same clock; every invocation but the first. "
          "Back-to-back: the same with no pause, so no thread sits idle between two messages. "
          "Every throughput invocation checks that each integer arrived once (count and sum).")
    print()
    print("Targets (issue 20), medians of this run:")
    print()
    rate = cases.get(("Reflow", "throughput"), {}).get("edge msg/s", {})
    if rate:
        m = median(rate)
        print(f"- ≥ {RATE_TARGET:,} msg/s on one batched at-most-once edge: {m:,.0f} ({'met' if m >= RATE_TARGET else 'not met'}).")
    else:
        print(f"- ≥ {RATE_TARGET:,} msg/s on one batched at-most-once edge: not measured (the Reflow rows did not run).")
    ratios = per_round_ratio_to_best_peer(cases, "Reflow")
    if ratios:
        m = median(ratios)
        print(f"- ≥ {PEER_MULTIPLE:g}× the faster of Akka.Remote and Proto.Remote: {figure(ratios, 2, '×')} "
              f"({'met' if m >= PEER_MULTIPLE else 'not met'}).")
    else:
        print(f"- ≥ {PEER_MULTIPLE:g}× the faster of Akka.Remote and Proto.Remote: not measured.")
    p50 = cases.get(("Reflow", "latency"), {}).get("p50 µs", {})
    if p50:
        m = median(p50)
        print(f"- p50 < {P50_TARGET:g} µs at low load: {m:,.1f} µs ({'met' if m < P50_TARGET else 'not met'}).")
    else:
        print(f"- p50 < {P50_TARGET:g} µs at low load: not measured.")
    busy = cases.get(("Reflow", "back-to-back"), {}).get("p50 µs", {})
    if busy:
        print(f"- (not the target's measure) p50 back to back, no pause: {figure(busy, 1)} µs.")


if __name__ == "__main__":
    main()
