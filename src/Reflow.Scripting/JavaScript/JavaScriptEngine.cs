using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;
using Reflow.Messages;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// One node's script on Jint: one engine made at start and reused for every message, the module evaluated once, its
/// <c>process</c> function held and called directly.
/// </summary>
/// <remarks>
/// <para>Each message gets a new <c>inputs</c> object (<c>{ [port]: value }</c>, made from a shape built once per
/// in-port): a script may keep it, in its state say, so it is never reused. The <c>context</c> object is the same for
/// every call: <c>context.state</c> lives on it until the node stops; a restart makes a new engine and so a fresh
/// state.</para>
/// <para>What a call returns is emitted key by key: <c>{ port: value }</c>, a property that is <c>undefined</c> sends
/// nothing, <c>undefined</c> or <c>null</c> sends nothing at all. <c>context.send(port, value)</c> emits at once;
/// <c>context.send(port)</c> sends a Flow signal. A returned promise is awaited by the engine's event loop
/// (<see cref="JsEventLoop"/>). Every call runs under the node's limits, and a failure becomes a
/// <see cref="ScriptException"/> or <see cref="ScriptLimitException"/>.</para>
/// <para>Hooks: <c>init(context)</c> after the module's top level; <c>onBracket(bracket, context)</c> with
/// <c>{ kind: "open" | "close", port, value }</c>, whose outputs go out before the bracket is forwarded (so a close
/// hook's result lands inside its group); <c>onEnd(context)</c> at the end of the stream, then the one-shot timers
/// left run; <c>stop(context)</c> when the node stops (its result is not emitted).</para>
/// </remarks>
internal sealed class JavaScriptEngine(PreparedScript script, IReadOnlyDictionary<string, object> hostObjects) : ScriptEngine
{
    private Engine? _engine;
    private ScriptContext _context = null!;
    private JsMessageConverter _converter = null!;
    private JsEventLoop _loop = null!;
    private JsValue _process = JsValue.Undefined;
    private JsValue _processBatch = JsValue.Undefined;
    private JsValue _onBracket = JsValue.Undefined;
    private JsValue _onEnd = JsValue.Undefined;
    private JsValue _stop = JsValue.Undefined;
    private ObjectInstance _contextObject = null!;
    private JsObjectLayout[] _inputShapes = [];
    private JsObjectLayout _itemShape = null!;
    private readonly JsValue[] _arguments = new JsValue[2]; // reused: Jint copies arguments into the callee's frame
    private readonly JsValue[] _one = new JsValue[1];
    private readonly JsValue[] _two = new JsValue[2];
    private JsString[] _inPortNames = []; // made once: each batch item's port is one of them
    private long _callDeadline = long.MaxValue; // when the call in progress must end: its promise and its host calls share the limit

    public override void Start(ScriptContext context)
    {
        _context = context;
        ScriptLimits limits = context.Limits;
        _engine = new Engine(options => JavaScriptEngineOptions.Apply(options, limits, new JsModuleLoader(script)));
        _converter = new JsMessageConverter(_engine);
        _loop = new JsEventLoop(_engine);

        // The set-up evaluates a little JavaScript under the script's own limits (Jint has one time constraint per
        // engine): on a loaded machine a short timeout can end it, which must fail the start as a limit, not as Jint's
        // bare TimeoutException.
        Guard("the host API's set-up", () =>
        {
            JsConsole.Install(_engine, context);
            JsAllocationGuard.Install(_engine, limits);
            JsHostApi.Install(_engine, context, () => _callDeadline);
            return true;
        });
        foreach ((string name, object value) in hostObjects)
        {
            _engine.SetValue(name, value); // only what the host registers explicitly: no namespaces, no types (no AllowClr)
        }

        _inPortNames = [.. context.Declaration.InPorts.Select(p => new JsString(p.Name))];
        _inputShapes = [.. context.Declaration.InPorts.Select(p => new JsObjectLayout([p.Name]))];
        _itemShape = new JsObjectLayout(["port", "value"]);

        ObjectInstance exports = Guard("the module's top level", () => _engine.Modules.Import(script.Location));
        _process = Function(exports, "process");
        _processBatch = Function(exports, "processBatch");
        _onBracket = Function(exports, "onBracket");
        _onEnd = Function(exports, "onEnd");
        _stop = Function(exports, "stop");
        if (_process.IsUndefined() && _processBatch.IsUndefined())
        {
            throw new ScriptException($"{script.DisplayName}: the script exports no 'process' function", file: script.DisplayName);
        }

        _contextObject = CreateContextObject(context);
        JsValue init = Function(exports, "init");
        if (!init.IsUndefined())
        {
            _one[0] = _contextObject;
            Call(init, _one, "init");
        }
    }

    public override void Process(ScriptContext context, in ScriptInput input)
    {
        if (_process.IsUndefined())
        {
            if (_processBatch.IsUndefined())
            {
                ThrowNotStarted();
            }

            ProcessBatch(context, new ReadOnlySpan<ScriptInput>(in input));
            return;
        }

        _one[0] = _converter.ToJs(input.Message);
        _arguments[0] = JsObject.Create(_engine!, _inputShapes[input.InPort], _one);
        _arguments[1] = _contextObject;
        Call(_process, _arguments, "process");
    }

    public override void ProcessBatch(ScriptContext context, ReadOnlySpan<ScriptInput> batch)
    {
        if (_processBatch.IsUndefined())
        {
            if (_process.IsUndefined())
            {
                ThrowNotStarted();
            }

            base.ProcessBatch(context, batch);
            return;
        }

        var items = new JsValue[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            _two[0] = _inPortNames[batch[i].InPort];
            _two[1] = _converter.ToJs(batch[i].Message);
            items[i] = JsObject.Create(_engine!, _itemShape, _two);
        }

        _arguments[0] = new JsArray(_engine!, items);
        _arguments[1] = _contextObject;
        Call(_processBatch, _arguments, "processBatch");
    }

    public override void OnBracket(ScriptContext context, in ScriptInput bracket)
    {
        if (_onBracket.IsUndefined())
        {
            base.OnBracket(context, bracket);
            return;
        }

        var item = new JsObject(_engine!);
        item.FastSetDataProperty("kind", bracket.Message.IsOpenBracket ? "open" : "close");
        item.FastSetDataProperty("port", bracket.Port);
        item.FastSetDataProperty("value", _converter.ToJs(bracket.Message));
        _arguments[0] = item;
        _arguments[1] = _contextObject;
        Call(_onBracket, _arguments, "onBracket");
        context.Actor.ForwardBracket();
    }

    public override void OnInputsClosed(ScriptContext context)
    {
        if (!_onEnd.IsUndefined())
        {
            _one[0] = _contextObject;
            Call(_onEnd, _one, "onEnd");
        }

        _callDeadline = Deadline();
        int dropped = Guard("a timer at the end of the stream", () => _loop.Drain(_callDeadline));
        if (dropped > 0)
        {
            context.Log($"{script.DisplayName}: {dropped} timer(s) left at the end of the stream were dropped: due after the timeout", "warn");
        }
    }

    public override void Stop(ScriptContext context)
    {
        if (_engine is null)
        {
            return;
        }

        _loop.Clear();
        if (!_stop.IsUndefined())
        {
            _one[0] = _contextObject;
            _callDeadline = Deadline();
            Guard("stop", () => _loop.Settle(_engine.Call(_stop, JsValue.Undefined, _one), _callDeadline, "stop"));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _engine?.Dispose();
            _engine = null;
        }
    }

    /// <summary>Calls <paramref name="function"/>, waits for what it returns, and emits it.</summary>
    private void Call(JsValue function, JsValue[] arguments, string what)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        _callDeadline = Deadline(); // the whole call, its promise's settling and its host calls share one time limit
        try
        {
            if (_loop.PendingTimers > 0)
            {
                _loop.RunDue();
            }

            JsValue result = _engine!.Call(function, JsValue.Undefined, arguments);
            if (result.IsPromise())
            {
                result = _loop.Settle(result, _callDeadline, what);
            }

            if (!result.IsUndefined() && !result.IsNull())
            {
                Emit(result, what);
            }
        }
        catch (Exception ex) when (JsErrors.Translate(ex, _context.Limits, script.DisplayName, what) is { } translated)
        {
            throw translated;
        }
        finally
        {
            _arguments[0] = JsValue.Undefined; // the engine keeps no message alive between calls
            _one[0] = JsValue.Undefined;
        }

        if (_context.Limits.MemoryBytes is long limit && GC.GetAllocatedBytesForCurrentThread() - allocated > limit)
        {
            // Jint counts what the interpreter allocates; a typed array's buffer it does not, so the whole call is checked too.
            throw new ScriptLimitException("memory_limit",
                $"{script.DisplayName}: {what} allocated more than the memory limit of {limit} bytes; raise it with the node setting 'memory_limit'");
        }
    }

    private void Emit(JsValue result, string what)
    {
        if (result is not ObjectInstance outputs || result is JsArray || result.IsCallable())
        {
            throw new ScriptException($"{script.DisplayName}: {what} must return an object {{ port: value }} or nothing, not {Describe(result)}", file: script.DisplayName);
        }

        // The keys as a list, not GetOwnProperties(): its enumerator and the pairs it yields cost ~100 B per call more.
        List<JsValue> keys = outputs.GetOwnPropertyKeys(Types.String);
        for (int i = 0; i < keys.Count; i++)
        {
            JsValue key = keys[i];
            if (!outputs.GetOwnProperty(key).Enumerable)
            {
                continue;
            }

            string port = key.AsString();
            int index = _context.OutPortIndex(port);
            if (index < 0)
            {
                throw new ScriptException($"{script.DisplayName}: {what} returned a value for '{port}', which is not an out-port (the script declares: {DeclaredOutPorts()})",
                    file: script.DisplayName);
            }

            JsValue value = outputs.Get(key, outputs);
            if (!value.IsUndefined())
            {
                _context.Emit(index, _converter.FromJs(value, port));
            }
        }
    }

    private ObjectInstance CreateContextObject(ScriptContext context)
    {
        Engine engine = _engine!;
        var target = new JsObject(engine);
        target.FastSetDataProperty("nodeId", context.NodeId);
        target.FastSetDataProperty("config", _converter.ToJs(Message.Object(context.Configuration)));
        target.FastSetDataProperty("state", new JsObject(engine));
        target.FastSetDataProperty("send", new ClrFunction(engine, "send", (_, args) =>
        {
            string port = args.Length > 0 && args[0].IsString() ? args[0].AsString()
                : throw new JavaScriptException(engine.Intrinsics.TypeError, "context.send(port, value) needs the out-port's name as text");
            int index = context.OutPortIndex(port);
            if (index < 0)
            {
                throw new JavaScriptException(engine.Intrinsics.TypeError, $"context.send: '{port}' is not an out-port (the script declares: {DeclaredOutPorts()})");
            }

            Message message;
            try
            {
                message = _converter.FromJs(args.Length > 1 ? args[1] : JsValue.Undefined, port);
            }
            catch (ScriptException ex)
            {
                throw new JavaScriptException(engine.Intrinsics.TypeError, "context.send: " + ex.Message);
            }

            context.Emit(index, message);
            return JsValue.Undefined;
        }, 2));
        return target;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowNotStarted() =>
        throw new ScriptException($"{script.DisplayName}: the script did not start (its module or init failed: see the node's first failure), so it cannot take messages",
            file: script.DisplayName);

    private string DeclaredOutPorts() =>
        _context.Declaration.OutPorts.Count == 0 ? "none" : string.Join(", ", _context.Declaration.OutPorts.Select(p => p.Name));

    private T Guard<T>(string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (JsErrors.Translate(ex, _context.Limits, script.DisplayName, what) is { } translated)
        {
            throw translated;
        }
    }

    private long Deadline() =>
        _context.Limits.Timeout is TimeSpan timeout ? Environment.TickCount64 + (long)timeout.TotalMilliseconds : long.MaxValue;

    private static JsValue Function(ObjectInstance exports, string name)
    {
        JsValue value = exports.Get(name);
        return value.IsCallable() ? value : JsValue.Undefined;
    }

    private static string Describe(JsValue value) => value switch
    {
        JsArray => "an array",
        _ when value.IsCallable() => "a function",
        _ => $"a {value.Type.ToString().ToLowerInvariant()} ({TypeConverter.ToString(value)})",
    };
}
