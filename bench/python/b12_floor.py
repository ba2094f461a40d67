# B12's floor (bench/Reflow.Benchmarks/Python/PythonFloor.cs): the node's own function, `process(inputs, context)` of
# identity.py or transform.py, called in a plain Python loop over the same messages as the other rows, timed by Python.
# A long-lived child of the benchmark process: each line on stdin is one run, {"script", "workload", "count", "mode"};
# the answer is one line {"ns", "count", "checksum"} or {"error"}. The messages (the formulas of B12Workload.cs) and the
# script are made once, before any timing; the checksum (the fold of B12Checksum.cs) is taken after the timed loop.
#   mode "plain":  "ns" times one process({"in": value}, None)["out"] per message, the results kept in a list;
#   mode "framed": the same calls with the worker's Python-side framing around each batch of `batch` messages, as the
#                  design of issue 19 has it: the batch frame's payload (marshal v2 of a list of (0, value) tuples, made
#                  before timing) decoded with marshal.loads, and the reply {"out": [(0, output), ...], "failures": []}
#                  encoded with marshal.dumps. No pipes, no host: what a worker's Python side costs at the least.
import json
import marshal
import sys
import time

_scripts = {}
_inputs = {}


def make_input(workload, i):
    if workload == "integer":
        return i
    if workload == "string":
        return "item-%d" % i
    if workload == "transform":
        return {"id": i, "name": "item%d" % i, "price": i * 1.5}
    raise ValueError("B12 workload %r: expected 'integer', 'string' or 'transform'" % workload)


def inputs(workload, count):
    key = (workload, count)
    values = _inputs.get(key)
    if values is None:
        values = _inputs[key] = [make_input(workload, i) for i in range(count)]
    return values


def load(path):
    function = _scripts.get(path)
    if function is None:
        with open(path, encoding="utf-8") as handle:
            namespace = {"__name__": "b12_script", "__file__": path}
            exec(compile(handle.read(), path, "exec"), namespace)
        function = _scripts[path] = namespace["process"]
    return function


def fold_text(sum_, text):
    sum_["lengths"] += len(text)
    sum_["characters"] += sum(ord(c) * (k + 1) for k, c in enumerate(text))


# The same fold as B12Checksum.Add.
def fold(sum_, value):
    sum_["count"] += 1
    if isinstance(value, bool) or value is None:
        raise ValueError("unexpected output %r" % (value,))
    if isinstance(value, int):
        sum_["integers"] += value
    elif isinstance(value, str):
        fold_text(sum_, value)
    elif isinstance(value, dict):
        sum_["ids"] += value["id"]
        fold_text(sum_, value["name"])
        sum_["cents"] += round(value["total"] * 100)
    else:
        raise ValueError("unexpected output %r" % (value,))


def frames(workload, count, batch):
    key = (workload, count, batch)
    payloads = _inputs.get(key)
    if payloads is None:
        values = inputs(workload, count)
        payloads = _inputs[key] = [marshal.dumps([(0, v) for v in values[i:i + batch]], 2) for i in range(0, count, batch)]
    return payloads


def run(request):
    process = load(request["script"])
    mode = request.get("mode", "plain")
    if mode == "plain":
        values = inputs(request["workload"], request["count"])
        outputs = [None] * len(values)
        start = time.perf_counter_ns()
        for i, value in enumerate(values):
            outputs[i] = process({"in": value}, None)["out"]
        ns = time.perf_counter_ns() - start
    elif mode == "framed":
        payloads = frames(request["workload"], request["count"], request["batch"])
        replies = [None] * len(payloads)
        start = time.perf_counter_ns()
        for b, payload in enumerate(payloads):
            out = []
            for port, value in marshal.loads(payload):
                out.append((0, process({"in": value}, None)["out"]))
            replies[b] = marshal.dumps({"out": out, "failures": []}, 2)
        ns = time.perf_counter_ns() - start
        outputs = [value for reply in replies for _, value in marshal.loads(reply)["out"]]
    else:
        raise ValueError("B12 floor mode %r: expected 'plain' or 'framed'" % mode)
    sum_ = {"count": 0, "integers": 0, "lengths": 0, "characters": 0, "ids": 0, "cents": 0}
    for value in outputs:
        fold(sum_, value)
    return {"ns": ns, "count": len(outputs), "checksum": sum_}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = run(json.loads(line))
        except Exception as error:  # the benchmark reports it and fails the case
            answer = {"error": "%s: %s" % (type(error).__name__, error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
