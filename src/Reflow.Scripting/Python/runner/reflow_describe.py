"""Reads a Python script's declaration without running it: its ports and settings (from a literal
``__actor_metadata__`` or an ``@actor(...)`` decorator on ``process``) and which of the three script shapes it has.

Run as ``python -I -B reflow_describe.py NAME`` with the source on stdin, it prints one JSON object (see the host's
PythonRuntime); the worker imports it to pick the shape of the script it runs.
"""

import ast
import json
import os
import sys

PORT_TYPES = {"any", "flow", "null", "boolean", "integer", "float", "number", "string", "bytes", "array", "object", "error"}
METADATA_KEYS = {"name", "description", "inports", "outports", "config", "batch", "max_batch"}
MAX_BATCH_LIMIT = 65536


class DescribeError(Exception):
    """A declaration the host cannot use; ``line`` and ``column`` say where (1-based), when known."""

    def __init__(self, message, line=None, column=None):
        super().__init__(message)
        self.line = line
        self.column = column


def shape_of(tree):
    """The script's shape: ``process_inputs`` for ``def process(inputs, context)``, ``process_context`` for
    ``[async] def process(context)``, ``context`` (the original's global Context, the whole script run per message)
    when the module defines no ``process``."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "process":
            positional = node.args.posonlyargs + node.args.args
            required = len(positional) - len(node.args.defaults)
            if node.args.vararg is None and (required > 2 or len(positional) == 0):
                raise DescribeError(
                    "process must take (context) or (inputs, context), not (%s)" % ", ".join(a.arg for a in positional),
                    node.lineno, node.col_offset + 1)
            if isinstance(node, ast.AsyncFunctionDef) or len(positional) == 1:
                return "process_context"
            return "process_inputs"
    return "context"


def _literal(node, what):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise DescribeError("%s must be a literal (dicts, lists, strings, numbers, booleans), computed from nothing"
                            % what, node.lineno, node.col_offset + 1) from None


def _declared(tree):
    """The literal declaration and the node it came from, or (None, None)."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__actor_metadata__" for t in node.targets):
            return _literal(node.value, "__actor_metadata__"), node
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "__actor_metadata__" and node.value:
            return _literal(node.value, "__actor_metadata__"), node
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "process":
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and _name(decorator.func) == "actor":
                    if decorator.args:
                        raise DescribeError("@actor takes keyword arguments only (name=..., inports=[...], outports=[...])",
                                            decorator.lineno, decorator.col_offset + 1)
                    values = {}
                    for keyword in decorator.keywords:
                        if keyword.arg is None:
                            raise DescribeError("@actor does not take **kwargs", decorator.lineno, decorator.col_offset + 1)
                        values[keyword.arg] = _literal(keyword.value, "@actor's %s" % keyword.arg)
                    return values, decorator
    return None, None


def _name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _ports(value, key, where):
    if value is None:
        return None
    if not isinstance(value, (list, tuple)):
        raise DescribeError("%s must be a list of ports" % key, *where)
    ports, seen = [], set()
    for i, port in enumerate(value):
        if isinstance(port, str):
            port = {"name": port}
        if not isinstance(port, dict):
            raise DescribeError("%s[%d] must be a port name or a dict with 'name'" % (key, i), *where)
        name = port.get("name")
        if not isinstance(name, str) or not name or not all(c.isalnum() or c in "_-" for c in name):
            raise DescribeError("%s[%d] needs a 'name' of letters, digits, '_' or '-'" % (key, i), *where)
        if name in seen:
            raise DescribeError("%s declares '%s' twice" % (key, name), *where)
        seen.add(name)
        port_type = port.get("type", "any")
        if not isinstance(port_type, str) or port_type.lower() not in PORT_TYPES:
            raise DescribeError("%s '%s' has type %r; expected one of %s" % (key, name, port_type, ", ".join(sorted(PORT_TYPES))), *where)
        unknown = set(port) - {"name", "type", "description", "required"}
        if unknown:
            raise DescribeError("%s '%s' has unknown keys: %s" % (key, name, ", ".join(sorted(unknown))), *where)
        ports.append({"name": name, "type": port_type.lower(), "description": str(port.get("description", "")),
                      "required": bool(port.get("required", False))})
    return ports


def describe(source, display_name):
    """The declaration as a dict (keys name, description, inports, outports, config, batch, max_batch, shape)."""
    try:
        tree = ast.parse(source, filename=display_name)
    except SyntaxError as e:
        raise DescribeError("%s: %s" % (type(e).__name__, e.msg), e.lineno, e.offset) from None
    shape = shape_of(tree)
    declared, node = _declared(tree)
    where = (node.lineno, node.col_offset + 1) if node is not None else (None, None)
    if declared is None:
        declared = {}
    elif not isinstance(declared, dict):
        raise DescribeError("__actor_metadata__ must be a dict", *where)
    unknown = set(declared) - METADATA_KEYS
    if unknown:
        raise DescribeError("the declaration has unknown keys: %s (known: %s)" % (", ".join(sorted(unknown)), ", ".join(sorted(METADATA_KEYS))), *where)
    stem = os.path.splitext(os.path.basename(display_name))[0] or "python"
    config = declared.get("config")
    if config is not None and not isinstance(config, dict):
        raise DescribeError("config must be a JSON schema (a dict)", *where)
    batch = declared.get("batch", True)
    if not isinstance(batch, bool):
        raise DescribeError("batch must be True or False", *where)
    max_batch = declared.get("max_batch")
    if max_batch is not None and (not isinstance(max_batch, int) or isinstance(max_batch, bool) or not 1 <= max_batch <= MAX_BATCH_LIMIT):
        raise DescribeError("max_batch must be a whole number from 1 to %d" % MAX_BATCH_LIMIT, *where)
    inports = _ports(declared.get("inports"), "inports", where)
    outports = _ports(declared.get("outports"), "outports", where)
    return {
        "name": str(declared.get("name", stem)),
        "description": str(declared.get("description", "")),
        "inports": inports if inports is not None else [{"name": "in", "type": "any", "description": "", "required": False}],
        "outports": outports if outports is not None else [{"name": "out", "type": "any", "description": "", "required": False}],
        "config": config,
        "batch": batch,
        "max_batch": max_batch,
        "shape": shape,
    }


def main():
    display_name = sys.argv[1] if len(sys.argv) > 1 else "<script>"
    source = sys.stdin.buffer.read().decode("utf-8", "replace")
    try:
        answer = {"ok": True, "metadata": describe(source, display_name)}
    except DescribeError as e:
        answer = {"ok": False, "message": str(e), "line": e.line, "column": e.column}
    except RecursionError:
        answer = {"ok": False, "message": "the script is nested too deeply to read", "line": None, "column": None}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
