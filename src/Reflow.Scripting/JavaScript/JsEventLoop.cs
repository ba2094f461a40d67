using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Reflow.Scripting.JavaScript;

/// <summary>
/// One engine's event loop, on the node's thread: Jint's job queue (promise reactions) and the script's timers
/// (<c>setTimeout</c>, <c>setInterval</c>, <c>clearTimeout</c>, <c>clearInterval</c>).
/// </summary>
/// <remarks>
/// <para>A call into the script is over when its result settles: <see cref="Settle"/> runs jobs, then timers as they
/// come due (sleeping until the next one), until the promise the script returned is fulfilled or rejected. The
/// call's timeout covers the whole wait. A promise that can no longer settle (no job and no timer left) fails the
/// call instead of hanging the node.</para>
/// <para>Timers still pending when a call is over are kept: those that came due run at the start of the next call
/// (<see cref="RunDue"/>), and at the end of the stream the one-shot timers left run to completion
/// (<see cref="Drain"/>) while intervals are cancelled. When the node stops every timer is dropped.</para>
/// </remarks>
internal sealed class JsEventLoop
{
    private readonly Engine _engine;
    private readonly PriorityQueue<Timer, (long Due, long Order)> _queue = new();
    private readonly Dictionary<int, Timer> _timers = [];
    private readonly ClrFunction _onFulfilled;
    private readonly ClrFunction _onRejected;
    private readonly JsValue[] _thenArguments;
    private int _nextId;
    private long _order;
    private int _settled; // 0 pending, 1 fulfilled, 2 rejected: what the last watched promise did
    private JsValue _outcome = JsValue.Undefined;

    public JsEventLoop(Engine engine)
    {
        _engine = engine;
        _onFulfilled = new ClrFunction(engine, "", (_, args) => Settled(1, args));
        _onRejected = new ClrFunction(engine, "", (_, args) => Settled(2, args));
        _thenArguments = [_onFulfilled, _onRejected];
        engine.SetValue("setTimeout", new ClrFunction(engine, "setTimeout", (_, args) => Schedule(args, repeat: false)));
        engine.SetValue("setInterval", new ClrFunction(engine, "setInterval", (_, args) => Schedule(args, repeat: true)));
        engine.SetValue("clearTimeout", new ClrFunction(engine, "clearTimeout", (_, args) => Clear(args)));
        engine.SetValue("clearInterval", new ClrFunction(engine, "clearInterval", (_, args) => Clear(args)));
    }

    /// <summary>How many timers are pending.</summary>
    public int PendingTimers => _timers.Count;

    /// <summary>
    /// <paramref name="result"/> itself, or what it settles to when it is a promise; runs jobs and timers until then,
    /// no later than <paramref name="deadline"/> (<see cref="Environment.TickCount64"/>; <see cref="long.MaxValue"/>: none).
    /// </summary>
    /// <exception cref="JavaScriptException">The promise was rejected (the reason is the error).</exception>
    /// <exception cref="TimeoutException">It did not settle by the deadline.</exception>
    /// <exception cref="ScriptException">It can never settle.</exception>
    public JsValue Settle(JsValue result, long deadline, string what)
    {
        if (!result.IsPromise())
        {
            return result;
        }

        _settled = 0;
        _outcome = JsValue.Undefined;
        _engine.Call(result.Get("then"), result, _thenArguments);
        while (true)
        {
            _engine.Advanced.ProcessTasks();
            if (_settled != 0)
            {
                JsValue outcome = _outcome;
                _outcome = JsValue.Undefined;
                return _settled == 1 ? outcome : throw new JavaScriptException(outcome);
            }

            if (!RunNext(deadline))
            {
                throw new ScriptException($"{what} returned a promise that can never settle: nothing it waits for is pending (no timer, no job)");
            }
        }
    }

    /// <summary>Runs the timers that are due now (with the jobs they queue).</summary>
    public void RunDue()
    {
        long now = Environment.TickCount64;
        while (_queue.TryPeek(out Timer? timer, out var key) && key.Due <= now)
        {
            Fire(_queue.Dequeue());
            _engine.Advanced.ProcessTasks();
        }
    }

    /// <summary>
    /// End of stream: cancels the intervals and runs the one-shot timers left (and those they set) until none is;
    /// those due after <paramref name="deadline"/> are dropped. Returns how many were dropped.
    /// </summary>
    public int Drain(long deadline)
    {
        foreach (Timer timer in _timers.Values)
        {
            if (timer.Interval >= 0)
            {
                timer.Cancelled = true;
                _timers.Remove(timer.Id); // allowed while enumerating: Remove does not invalidate a Dictionary's enumerator
            }
        }

        _engine.Advanced.ProcessTasks();
        try
        {
            while (RunNext(deadline))
            {
                _engine.Advanced.ProcessTasks();
            }

            return 0;
        }
        catch (DeadlineException)
        {
            int dropped = _timers.Count;
            Clear();
            return dropped;
        }
    }

    /// <summary>Drops every timer (the node stops).</summary>
    public void Clear()
    {
        _queue.Clear();
        _timers.Clear();
    }

    /// <summary>Runs the next live timer, sleeping until it is due; false when none is left.</summary>
    private bool RunNext(long deadline)
    {
        while (_queue.TryPeek(out Timer? timer, out var key))
        {
            if (timer.Cancelled)
            {
                _queue.Dequeue();
                continue;
            }

            long wait = key.Due - Environment.TickCount64;
            if (key.Due > deadline)
            {
                throw new DeadlineException();
            }

            if (wait > 0)
            {
                Thread.Sleep((int)Math.Min(wait, int.MaxValue)); // the node's own pool thread: an engine may block
            }

            Fire(_queue.Dequeue());
            return true;
        }

        return false;
    }

    private void Fire(Timer timer)
    {
        if (timer.Cancelled)
        {
            return;
        }

        if (timer.Interval >= 0)
        {
            Enqueue(timer, Environment.TickCount64 + timer.Interval);
        }
        else
        {
            _timers.Remove(timer.Id);
        }

        _engine.Call(timer.Callback, JsValue.Undefined, timer.Arguments);
    }

    private JsValue Schedule(JsValue[] args, bool repeat)
    {
        JsValue callback = args.Length > 0 ? args[0] : JsValue.Undefined;
        if (!callback.IsCallable())
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"{(repeat ? "setInterval" : "setTimeout")} needs a function as its first argument");
        }

        double delay = args.Length > 1 ? TypeConverter.ToNumber(args[1]) : 0;
        long milliseconds = double.IsNaN(delay) || delay < 0 ? 0 : (long)Math.Min(delay, int.MaxValue);
        var timer = new Timer(++_nextId, callback, args.Length > 2 ? args[2..] : [], repeat ? milliseconds : -1);
        _timers[timer.Id] = timer;
        Enqueue(timer, Environment.TickCount64 + milliseconds);
        return timer.Id;
    }

    private JsValue Clear(JsValue[] args)
    {
        if (args.Length > 0 && args[0].IsNumber() && _timers.Remove((int)args[0].AsNumber(), out Timer? timer))
        {
            timer.Cancelled = true;
        }

        return JsValue.Undefined;
    }

    private void Enqueue(Timer timer, long due) => _queue.Enqueue(timer, (due, _order++));

    private JsValue Settled(int state, JsValue[] args)
    {
        _settled = state;
        _outcome = args.Length > 0 ? args[0] : JsValue.Undefined;
        return JsValue.Undefined;
    }

    /// <summary>What a call waits for comes due only after the call's deadline: it fails now rather than block the node until then.</summary>
    internal sealed class DeadlineException() : TimeoutException("it waits for a timer due after its deadline");

    private sealed class Timer(int id, JsValue callback, JsValue[] arguments, long interval)
    {
        public int Id { get; } = id;

        public JsValue Callback { get; } = callback;

        public JsValue[] Arguments { get; } = arguments;

        /// <summary>The period of an interval; -1 for a one-shot timer.</summary>
        public long Interval { get; } = interval;

        public bool Cancelled { get; set; }
    }
}
