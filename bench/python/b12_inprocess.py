# B12's pythonnet batch row (bench/Reflow.Benchmarks/Python/PythonNetDirect.cs): one call from C# per batch, a list of
# values in and a list of outputs back; the node's function called per value, as the worker's runner does.
def run_batch(process, values):
    return [process({"in": value}, None)["out"] for value in values]
