"""The soak harness's Python relay: forwards each message unchanged, one message per exchange ("batch": False, so a
failure is one message and the harness can account for it). Fault markers (the third field of "from|id|fault") make
it raise ("pythrow"), loop past the node's time limit ("pyloop": the host kills the worker) or end its worker process
("pyexit"). The harness also kills workers from outside (SIGKILL) while they run."""
import os

__actor_metadata__ = {
    "name": "soak-relay",
    "description": "Forwards each message unchanged; raises, loops or exits on the harness's fault markers.",
    "inports": [{"name": "in", "type": "string", "description": "A soak message."}],
    "outports": [{"name": "out", "type": "string", "description": "The same message."}],
    "batch": False,
}


def process(inputs, context):
    text = inputs["in"]
    fault = text.split("|")[2]
    if fault == "pythrow":
        raise ValueError("injected Python failure: " + text)
    if fault == "pyloop":
        while True:
            pass
    if fault == "pyexit":
        os._exit(3)
    return {"out": text}
