"""What a script sees: the ``reflow`` module, the global ``Context`` of the original's first script API, and the
``context`` object of ``process(context)`` / ``process(inputs, context)``.

Emissions are collected in the worker's output list (``Outputs``) and sent to the host at the end of the batch, in
order; "immediate" emission (``send_output``) means "before the script returns", which is all a message order can see.
"""

import sys
import types


class Error(Exception):
    """An Error message: what arrives for one, and what a script sends to emit one (any exception instance does)."""


class _Flow:
    """The value-less message (the original's Flow): ``context.send(port)`` without a value sends one."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "FLOW"

    def __bool__(self):
        return False


FLOW = _Flow()


def actor(**declaration):
    """``@actor(name=..., inports=[...], outports=[...])`` on ``process``: the host reads the arguments without running
    the script; at run time the decorator leaves the function as it is."""
    def mark(function):
        function.__actor_metadata__ = declaration
        return function
    return mark


def module():
    """The ``reflow`` module scripts import (``from reflow import actor, FLOW, Error``)."""
    reflow = types.ModuleType("reflow", "Reflow for .NET's script API.")
    reflow.actor = actor
    reflow.FLOW = FLOW
    reflow.Error = Error
    return reflow


class Done:
    """The result of a context call that finished at once: ``await`` gives the value, and so does not awaiting it,
    for the calls whose value is not needed (``send_output``), so a forgotten ``await`` loses nothing."""

    __slots__ = ("value",)

    def __init__(self, value=None):
        self.value = value

    def __await__(self):
        return self.value
        yield  # makes __await__ a generator that finishes without ever suspending


class Outputs:
    """The emissions of the current batch, in order: (port index, value) items, and for each the message that made it."""

    def __init__(self, outports):
        self.ports = {name: i for i, name in enumerate(outports)}
        self.names = list(outports)
        self.items = []
        self.sources = []
        self.message = -1

    def send(self, port, value):
        index = self.ports.get(port)
        if index is None:
            raise ValueError("no out-port '%s' (the script declares: %s)" % (port, ", ".join(self.names) or "none"))
        self.items.append((index, value))
        self.sources.append(self.message)

    def send_result(self, result, flow_when_none):
        """The original's mapping of a result: a dict is one message per key (key = out-port), None is nothing (or
        ``out: Flow`` for the original's Context scripts), anything else goes to ``out``."""
        if result is None:
            if flow_when_none:
                self.send("out", FLOW)
        elif type(result) is dict:
            for port, value in result.items():
                self.send(port, value)
        else:
            self.send("out", result)


class Parameter:
    """One input of the original's ``Context.get_inputs()``: ``.name`` (the port) and ``.data`` (the value)."""

    __slots__ = ("name", "data")

    def __init__(self, name, data):
        self.name = name
        self.data = data

    def __repr__(self):
        return "Parameter(name=%r, data=%r)" % (self.name, self.data)


class Inputs(list):
    """The list ``Context.get_inputs()`` returns; ``.get("port")`` is the data of the input on that port."""

    def get(self, name, default=None):
        for parameter in self:
            if parameter.name == name:
                return parameter.data
        return default


class ScriptContext:
    """The ``context`` of ``process(context)`` and ``process(inputs, context)``: one per worker, its inputs
    replaced for each message."""

    def __init__(self, node_id, config, state, outputs, log):
        self.node_id = node_id
        self.actor_id = node_id
        self.config = config
        self.state = state
        self.payload = {}
        self.port = None
        self._outputs = outputs
        self._log = log

    def get_input(self, name, default=None):
        return self.payload.get(name, default)

    def send(self, port, value=FLOW):
        self._outputs.send(port, value)

    def send_output(self, port, value=FLOW):
        self._outputs.send(port, value)
        return Done()

    def get_state(self, key, default=None):
        return Done(self.state.get(key, default))

    def set_state(self, key, value):
        self.state[key] = value
        return Done()

    def log(self, text, level="log"):
        self._log(level, str(text))


def context_class(outputs):
    """The global ``Context`` of the original's first API, bound to this worker's outputs."""

    class Context:
        inputs = Inputs()

        @staticmethod
        def get_inputs():
            return Context.inputs

        @staticmethod
        def get_input(name, default=None):
            return Context.inputs.get(name, default)

        @staticmethod
        def send_output(value):
            outputs.send_result(value, flow_when_none=True)

    return Context


def install_module():
    sys.modules["reflow"] = module()
