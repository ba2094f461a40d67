#!/usr/bin/env python3
"""Groups `perf script -F comm,tid,ip,sym,dso` samples of a reflow run by component.

Each sample is attributed to the innermost (leaf-most) frame that names a known component; the leaf frame's
kind (managed code, native runtime = GC/allocation/casts/write barriers, kernel, JIT compiler) is kept apart.
"""
import sys, collections

RULES = [  # (component, substrings of a frame's symbol) — checked leaf-first, first frame that matches wins
    ("expression evaluation (NCalc + visitor)", ["NCalc", "Reflow.Components.Expressions"]),
    ("regex: message building (RegexActor.ToMessage)", ["RegexActor::ToMessage"]),
    ("regex: matching", ["System.Text.RegularExpressions", "dynamicClass::Regex", "RegexActor"]),
    ("aggregates (CountBy/SumBy/Top, key tables)", ["GetPayloadHashCode", "Message::EqualsSlow", "GroupedAggregate", "CountBy", "SumBy", "TopActor", "KeyedTable", "KeyedAggregate", "NumberSum", "Dictionary`2+CollectionsMarshalHelper[Reflow.Messages.Message"]),
    ("line reading (ReadLines)", ["ReadLinesActor", "LineChunkReader", "StandardSourceActor"]),
    ("engine scheduling / delivery", ["Reflow.Scheduling", "Reflow.Actors", "Reflow.Components.Infrastructure.StandardActor"]),
    # no "Reflow.Messages" rule: a Message frame is attributed to the component that called it
]

def kind(frame_sym, dso):
    if "kernel" in dso: return "kernel"
    if "libclrjit" in dso: return "JIT compiler"
    if "libcoreclr" in dso or "memset" in frame_sym or "libc.so" in dso or "stub " in frame_sym or "CastHelpers" in frame_sym or "VirtualDispatchHelpers" in frame_sym: return "runtime native (GC, alloc, casts, barriers)"
    return "managed"

def main(path):
    samples = []
    cur = None
    for line in open(path, errors="replace"):
        if not line.strip():
            if cur: samples.append(cur)
            cur = None
            continue
        if not line.startswith("\t") and not line.startswith(" "):
            parts = line.split()
            cur = {"tid": parts[-1], "frames": []}
            continue
        s = line.strip()
        # "<ip> <sym> (<dso>)"
        ip, _, rest = s.partition(" ")
        dso = rest[rest.rfind("(") + 1:-1] if rest.endswith(")") else ""
        sym = rest[:rest.rfind("(")].strip() if "(" in rest else rest
        cur["frames"].append((sym, dso))
    if cur: samples.append(cur)
    total = len(samples)
    comp = collections.Counter(); kinds = collections.Counter(); both = collections.Counter(); tids = collections.Counter()
    for smp in samples:
        fr = smp["frames"]
        tids[smp["tid"]] += 1
        c = None
        in_regex = any("RegexActor" in sym for sym, _ in fr)
        for sym, dso in fr:
            if in_regex and any(k in sym for k in ("TryBuildIndex", "MessageObject+Builder", "Message::Object", "ImmutableCollectionsMarshal")):
                c = "regex: message building (RegexActor.ToMessage)"; break
            for name, keys in RULES:
                if any(k in sym for k in keys):
                    c = name; break
            if c: break
        if c is None:
            if any("libclrjit" in d for _, d in fr): c = "JIT compiler (tiering)"
            elif any("gc_heap" in s or "GCHeap" in s for s, _ in fr): c = "GC"
            else: c = "other (startup, runtime threads incl. background GC, unresolved)"
        k = kind(*fr[0]) if fr else "?"
        comp[c] += 1; kinds[k] += 1; both[(c, k)] += 1
    print(f"samples: {total}")
    print("\n| component | samples | % | of which native runtime (GC/alloc/casts) |")
    print("|---|---:|---:|---:|")
    for c, n in comp.most_common():
        nat = both[(c, "runtime native (GC, alloc, casts, barriers)")]
        print(f"| {c} | {n} | {100*n/total:.1f} | {100*nat/total:.1f} |")
    print("\n| leaf kind | % |\n|---|---:|")
    for k, n in kinds.most_common():
        print(f"| {k} | {100*n/total:.1f} |")
    print("\n| thread id | % |\n|---|---:|")
    for t, n in tids.most_common(6):
        print(f"| {t} | {100*n/total:.1f} |")

main(sys.argv[1])
