# B12 identity: each message back unchanged on out (bench/Reflow.Benchmarks/Python/B12Python.cs). The same function runs
# in the script/python worker, in pythonnet in-process, and in the plain loop of b12_floor.py.
__actor_metadata__ = {
    "name": "b12/identity",
    "description": "Sends each message back unchanged.",
    "inports": ["in"],
    "outports": ["out"],
    "batch": True,
}


def process(inputs, context):
    return {"out": inputs["in"]}
