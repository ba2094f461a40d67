"""The Python side of one script/python batch, alone: the runner's Worker decoding a batch frame's payload, running
the script's process for each message and encoding the reply (no pipes, no host). What the worker costs per message,
to compare with B12's FloorFramed row and to find where the runner's own time goes.

    python3 bench/python/runner_profile.py [--batch 128] [--repeat 2000] [--profile]

Standard library only; reads the runner from src/Reflow.Scripting/Python/runner and the B12 scripts beside this file.
"""

import argparse
import cProfile
import marshal
import os
import pstats
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "src", "Reflow.Scripting", "Python", "runner"))
import reflow_runner  # noqa: E402


class Discard:
    """The channel: replies are encoded in full and dropped."""

    def write(self, kind, payload):
        self.last = payload


def worker_for(script):
    worker = reflow_runner.Worker(Discard())
    with open(os.path.join(HERE, script)) as f:
        source = f.read()
    everything = {kind: True for kind in ("read", "write", "net", "env", "run")}
    worker.start({"source": source, "filename": script, "node_id": "profile", "config": {}, "state": {},
                  "inports": ["in"], "outports": ["out"], "memory_limit": None, "permissions": everything, "cwd": None})
    return worker


def workloads(batch):
    return {
        "integer": ("identity.py", [(0, i) for i in range(batch)]),
        "string": ("identity.py", [(0, "item%d" % i) for i in range(batch)]),
        "transform": ("transform.py", [(0, {"id": i, "name": "item%d" % i, "price": i * 1.5}) for i in range(batch)]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top functions per workload")
    args = parser.parse_args()
    print("| workload | median ns/msg (decode, process, reply) | rounds |")
    print("|---|---:|---|")
    for name, (script, items) in workloads(args.batch).items():
        worker = worker_for(script)
        payload = marshal.dumps(items, 2)
        rounds = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for _ in range(args.repeat):
                worker.run_batch(marshal.loads(payload))
                worker.reply()
            rounds.append((time.perf_counter() - start) / args.repeat / len(items) * 1e9)
        print("| %s | %.0f | %s |" % (name, statistics.median(rounds), " ".join("%.0f" % r for r in rounds)))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.repeat // 4):
                worker.run_batch(marshal.loads(payload))
                worker.reply()
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(8)


if __name__ == "__main__":
    main()
