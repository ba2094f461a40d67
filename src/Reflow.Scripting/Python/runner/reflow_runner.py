"""Reflow for .NET's Python worker: runs one node's script in its own process and speaks length-prefixed frames with
the host on stdin and stdout (u32 LE length of type byte + payload, u8 type, payload = marshal version 2).

    python -I -u -B reflow_runner.py              a worker: I(nit) -> R(eady)|F(atal); B(atch)|E(nd)|S(top) -> L(og)* O(utput)
    python -I -B reflow_runner.py --describe NAME the declaration of the script on stdin, as JSON (reflow_describe)

Standard library only: the worker must start under any Python 3.8+ the user points at, venv or not.
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
import reflow_api  # noqa: E402  (the runner's own modules, found beside it; removed from the path below)
import reflow_describe  # noqa: E402
import reflow_guard  # noqa: E402
from reflow_values import incoming, is_clean, outgoing, plain  # noqa: E402
del sys.path[0]

import ast  # noqa: E402
import asyncio  # noqa: E402
import builtins  # noqa: E402
import inspect  # noqa: E402
import linecache  # noqa: E402
import marshal  # noqa: E402
import struct  # noqa: E402
import traceback  # noqa: E402

HEADER = struct.Struct("<IB")
MAX_FRAME = 256 << 20
RUNNER_FILES = frozenset(os.path.join(_HERE, name) for name in ("reflow_runner.py", "reflow_api.py", "reflow_guard.py", "reflow_values.py"))


class Channel:
    """The frames. fd 1 is moved away first: whatever else writes to it (a C extension, os.write(1, ...)) lands on
    stderr, which the host logs, and never inside a frame."""

    def __init__(self):
        self._in = open(0, "rb", buffering=1 << 16, closefd=False)
        self._out = os.dup(1)
        os.dup2(2, 1)

    def read(self):
        head = self._in.read(5)
        if len(head) < 5:
            return None, None
        length, kind = HEADER.unpack(head)
        if not 1 <= length <= MAX_FRAME:
            raise ValueError("frame length %d is outside 1..%d" % (length, MAX_FRAME))
        payload = self._in.read(length - 1)
        if len(payload) != length - 1:
            return None, None
        return kind, payload

    def write(self, kind, payload):
        if len(payload) + 1 > MAX_FRAME:
            raise ValueError("a reply of %d bytes is larger than a frame may be (%d)" % (len(payload), MAX_FRAME))
        view = memoryview(HEADER.pack(len(payload) + 1, kind) + payload)
        while view:
            view = view[os.write(self._out, view):]


class LogWriter:
    """sys.stdout: each printed line goes to the node's log as an L frame."""

    def __init__(self, channel, level):
        self._channel = channel
        self._level = level
        self._pending = ""

    def write(self, text):
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            self._channel.write(ord("L"), marshal.dumps((self._level, line), 2))
        return len(text)

    def flush(self):
        if self._pending:
            line, self._pending = self._pending, ""
            self._channel.write(ord("L"), marshal.dumps((self._level, line), 2))

    def isatty(self):
        return False


def user_traceback(error):
    """The script's part of a traceback: the runner's own frames are left out, so the first line is the script's."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename not in RUNNER_FILES]
    text = "".join(traceback.format_exception_only(type(error), error)).rstrip("\n")
    if not frames or isinstance(error, SyntaxError):  # a syntax error's place is in its own text, not in a frame
        return text
    return "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) + text


def line_of(error, filename):
    if isinstance(error, SyntaxError) and error.filename == filename:
        return error.lineno
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    return frames[-1].lineno if frames else None


class Worker:
    def __init__(self, channel):
        self.channel = channel
        self.failures = []
        self.state = {}
        self.sent_state = None
        self.loop = None

    # -- start --------------------------------------------------------------------------------------------------
    def start(self, init):
        self.filename = init["filename"]
        self.inports = list(init["inports"])
        self.outputs = reflow_api.Outputs(init["outports"])
        self.state = dict(init.get("state") or {})
        self.sent_state = marshal.dumps(self.state, 2)
        source = init["source"]
        cwd = init.get("cwd")
        if cwd and os.path.isdir(cwd):
            os.chdir(cwd)
            sys.path.insert(0, cwd)  # the script's own modules, as `python script.py` would find them
        linecache.cache[self.filename] = (len(source), None, source.splitlines(True), self.filename)
        reflow_api.install_module()
        own = list(sys.path) + [_HERE, cwd, "/dev", "/usr/share", "/usr/lib", "/proc/self"]
        reflow_guard.install(init.get("permissions") or {}, own, init.get("scratch") or [])
        reflow_guard.limit_memory(init.get("memory_limit"))
        tree = ast.parse(source, filename=self.filename)
        self.shape = reflow_describe.shape_of(tree)
        self.config = dict(init.get("config") or {})
        log = self.log
        if self.shape == "context":
            self.Context = reflow_api.context_class(self.outputs)
            self.expression = len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
            self.code = compile(source, self.filename, "eval" if self.expression else "exec", dont_inherit=True)
            self.process = None
            return
        namespace = {"__name__": "__main__", "__file__": self.filename, "__builtins__": builtins,
                     "actor": reflow_api.actor}
        exec(compile(source, self.filename, "exec", dont_inherit=True), namespace)
        self.process = namespace.get("process")
        if not callable(self.process):
            raise TypeError("process is not a function after the script ran")
        self.context = reflow_api.ScriptContext(init.get("node_id", ""), self.config, self.state, self.outputs, log)
        self.is_async = inspect.iscoroutinefunction(self.process)
        self.on_end = namespace.get("on_end")
        self.stop_hook = namespace.get("stop")
        self.outputs.message = -1
        init_hook = namespace.get("init")
        if callable(init_hook):
            self.await_if_needed(init_hook(self.context))

    def log(self, level, text):
        self.channel.write(ord("L"), marshal.dumps((level, text), 2))

    def await_if_needed(self, result):
        if inspect.isawaitable(result):
            if self.loop is None:
                self.loop = asyncio.new_event_loop()
            return self.loop.run_until_complete(_awaited(result))
        return result

    # -- messages -----------------------------------------------------------------------------------------------
    def fail(self, index, port, error):
        self.failures.append((index, port, type(error).__name__, str(error), user_traceback(error)))

    def run_batch(self, items):
        if self.shape == "context":
            self.run_context(items)
        elif self.is_async:
            if self.loop is None:
                self.loop = asyncio.new_event_loop()
            self.loop.run_until_complete(self.run_async(items))  # one loop turn per batch, not per message
        else:
            self.run_sync(items)

    def run_sync(self, items):
        # The hot loop (measured: it was most of a batch's cost): locals for everything, a dict result sent inline, and
        # the awaitable check only for a result that is neither a dict nor None.
        process, context, outputs, inports = self.process, self.context, self.outputs, self.inports
        ports, send_result = outputs.ports, outputs.send_result
        out_append, source_append = outputs.items.append, outputs.sources.append
        two = self.shape == "process_inputs"
        for index, item in enumerate(items):
            port = inports[item[0]]
            value = item[1] if len(item) == 2 else incoming(item)
            outputs.message = index
            context.port = port
            context.payload = payload = {port: value}
            try:
                result = process(payload, context) if two else process(context)
                if type(result) is dict:
                    for name, sent in result.items():
                        target = ports.get(name)
                        if target is None:
                            outputs.send(name, sent)  # raises, naming the declared ports
                        out_append((target, sent))
                        source_append(index)
                elif result is not None:
                    if inspect.isawaitable(result):
                        result = self.await_if_needed(result)
                    send_result(result, flow_when_none=False)
            except BaseException as error:  # noqa: B902  (SystemExit and MemoryError fail the message, not the worker)
                if isinstance(error, KeyboardInterrupt):
                    raise
                self.fail(index, port, error)

    async def run_async(self, items):
        process, context, outputs, inports = self.process, self.context, self.outputs, self.inports
        two = self.shape == "process_inputs"
        for index, item in enumerate(items):
            port = inports[item[0]]
            outputs.message = index
            context.port = port
            context.payload = payload = {port: item[1] if len(item) == 2 else incoming(item)}
            try:
                result = await (process(payload, context) if two else process(context))
                outputs.send_result(result, flow_when_none=False)
            except BaseException as error:  # noqa: B902
                if isinstance(error, KeyboardInterrupt):
                    raise
                self.fail(index, port, error)

    def run_context(self, items):
        Context, code, outputs, inports = self.Context, self.code, self.outputs, self.inports
        for index, item in enumerate(items):
            port = inports[item[0]]
            outputs.message = index
            Context.inputs = reflow_api.Inputs([reflow_api.Parameter(port, item[1] if len(item) == 2 else incoming(item))])
            scope = {"__name__": "__main__", "__file__": self.filename, "__builtins__": builtins,
                     "Context": Context, "actor": reflow_api.actor}
            try:
                if self.expression:
                    result = eval(code, scope)
                else:
                    exec(code, scope)
                    result = scope.get("__return_value")
                outputs.send_result(self.await_if_needed(result), flow_when_none=True)
            except BaseException as error:  # noqa: B902
                if isinstance(error, KeyboardInterrupt):
                    raise
                self.fail(index, port, error)

    def run_hook(self, hook):
        self.outputs.message = -1
        if self.shape != "context" and callable(hook):
            try:
                self.outputs.send_result(self.await_if_needed(hook(self.context)), flow_when_none=False)
            except BaseException as error:  # noqa: B902
                if isinstance(error, KeyboardInterrupt):
                    raise
                self.fail(-1, "", error)

    # -- the reply ----------------------------------------------------------------------------------------------
    def reply(self):
        outputs = self.outputs
        items = outputs.items
        for _, value in items:
            t = type(value)
            if not (t is int or t is str or t is float or t is bool or t is bytes or value is None or is_clean(value, 0)):
                items = self.converted(items, outputs.sources)  # the rare path: numpy values, FLOW, exceptions, tuples...
                break
        answer = {"out": items, "failures": self.failures}
        self.state_into(answer)
        payload = marshal.dumps(answer, 2)
        outputs.items = []
        outputs.sources = []
        self.failures = []
        self.channel.write(ord("O"), payload)

    def converted(self, items, sources):
        out = []
        for (index, value), source in zip(items, sources):
            try:
                out.append(outgoing(index, value, self.outputs.names))
            except TypeError as error:
                self.failures.append((source, "", "TypeError", str(error), "TypeError: %s" % error))
        return out

    def state_into(self, answer):
        if self.shape == "context":
            return
        try:
            state = self.state if is_clean(self.state, 0) else plain(self.state, "state")
        except TypeError as error:
            self.failures.append((-1, "", "TypeError", "the state cannot be kept: %s" % error, "TypeError: %s" % error))
            return
        blob = marshal.dumps(state, 2)
        if blob != self.sent_state:
            self.sent_state = blob
            answer["state"] = state


async def _awaited(awaitable):
    return await awaitable


def serve():
    channel = Channel()
    sys.stdout = LogWriter(channel, "log")
    kind, payload = channel.read()
    if kind != ord("I"):
        sys.stderr.write("reflow_runner: the host sent no init frame\n")
        return 2
    worker = Worker(channel)
    init = marshal.loads(payload)
    try:
        worker.start(init)
    except BaseException as error:  # noqa: B902  (a failed start is reported, whatever it was)
        channel.write(ord("F"), marshal.dumps({"type": type(error).__name__, "message": str(error),
                                               "traceback": user_traceback(error),
                                               "line": line_of(error, init.get("filename"))}, 2))
        return 1
    channel.write(ord("R"), marshal.dumps({"shape": worker.shape}, 2))
    while True:
        kind, payload = channel.read()
        if kind is None:
            return 0  # the host closed the channel: nothing more to do
        if kind == 66:  # B
            worker.run_batch(marshal.loads(payload))
        elif kind == 69:  # E
            worker.run_hook(worker.on_end if worker.shape != "context" else None)
        elif kind == 83:  # S
            worker.run_hook(worker.stop_hook if worker.shape != "context" else None)
            sys.stdout.flush()
            worker.reply()
            return 0
        else:
            sys.stderr.write("reflow_runner: unknown frame type %r\n" % kind)
            return 2
        sys.stdout.flush()
        worker.reply()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--describe":
        sys.argv = sys.argv[1:]
        reflow_describe.main()
    else:
        sys.exit(serve())
