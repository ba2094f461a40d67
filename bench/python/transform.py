# B12 transform: {"id", "name", "price"} -> {"id", "name" upper-cased, "total": price * 1.2 rounded to 2 places}
# (bench/Reflow.Benchmarks/Python/B12Python.cs). The same function runs in the script/python worker, in pythonnet
# in-process, and in the plain loop of b12_floor.py.
__actor_metadata__ = {
    "name": "b12/transform",
    "description": "Turns {id, name, price} into {id, name upper-cased, total}.",
    "inports": [{"name": "in", "type": "object", "description": "{id, name, price}", "required": True}],
    "outports": [{"name": "out", "type": "object", "description": "{id, name, total}"}],
    "batch": True,
}


def process(inputs, context):
    item = inputs["in"]
    return {"out": {"id": item["id"], "name": item["name"].upper(), "total": round(item["price"] * 1.2, 2)}}
