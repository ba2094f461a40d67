using System.Globalization;
using Reflow.Messages;

namespace Reflow.Scripting.Python;

/// <summary>
/// One node's Python script, in a worker process of its own (common.md "Host behaviour"): a batch of messages is one
/// <c>B</c> frame, answered by one <c>O</c> frame, under the call's deadline (the worker is killed when it passes). A
/// worker that dies (a crash, a kill) is started again on the next call with the state the host kept, up to
/// <c>max_restarts</c> times; after that every call fails at once.
/// </summary>
/// <remarks>
/// The script's state lives on the host (the last <c>state</c> the worker sent), so it survives a crashed worker; a
/// new engine (a supervision Restart) starts with none. Output is emitted in order after the reply; then, when any
/// message of the batch failed, one <see cref="ScriptException"/> carries the first traceback.
/// </remarks>
internal sealed partial class PythonEngine(PythonRuntime runtime, ScriptSource source, ScriptDeclaration declaration) : ScriptEngine
{
    private static readonly TimeSpan StartGrace = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a worker may take to answer <c>stop</c> when the node has no <c>timeout</c>: a run being stopped must end,
    /// so a worker that does not answer is killed rather than waited for.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(30);

    private readonly List<(int Port, Message Message)> _outputs = [];
    private PythonWorker? _worker;
    private PythonCommand? _command;
    private MessageObject _state = MessageObject.Empty;
    private int _restarts;
    private int _maxRestarts;
    private string? _gaveUp;
    private string? _shape; // the script's shape, as the worker's ready frame said

    private string Name => source.DisplayName;

    /// <summary>How many times the worker was started again after it died or was killed.</summary>
    public int Restarts => _restarts;

    /// <summary>The running worker's process id, or null.</summary>
    public int? WorkerProcessId => _worker?.ProcessId;

    public override void Start(ScriptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PythonNodeSettings settings = PythonNodeSettings.Read(runtime.Options, context.Configuration, Name);
        _maxRestarts = settings.MaxRestarts;
        _command = runtime.CommandFor(source, context, settings);
        StartWorker(context);
    }

    public override void Process(ScriptContext context, in ScriptInput input) => ProcessBatch(context, new ReadOnlySpan<ScriptInput>(in input));

    public override void ProcessBatch(ScriptContext context, ReadOnlySpan<ScriptInput> batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        PythonWorker worker = EnsureWorker(context, batch.Length);
        PythonMarshalWriter writer = worker.Channel.Begin((byte)'B');
        writer.WriteSequenceHeader(PythonMarshal.List, batch.Length);
        foreach (ref readonly ScriptInput input in batch)
        {
            WriteItem(writer, input.InPort, input.Message);
        }

        Call(context, worker, batch.Length, null); // what is named only if the call fails: no string per batch
    }

    public override void OnInputsClosed(ScriptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_shape == "context")
        {
            return; // the original's Context scripts have no on_end: no worker is started again just to say so
        }

        PythonWorker worker = EnsureWorker(context, 0);
        worker.Channel.Begin((byte)'E');
        Call(context, worker, 0, "on_end");
    }

    public override void Stop(ScriptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        PythonWorker? worker = _worker;
        if (worker is null)
        {
            return; // a dead worker has nothing to stop; a new one is not started just to stop it
        }

        worker.Channel.Begin((byte)'S');
        Call(context, worker, 0, "stop", context.Limits.Timeout ?? StopGrace);
        if (_worker is { } stopped && stopped.CloseAndWait(TimeSpan.FromSeconds(5)))
        {
            stopped.WaitForErrors(TimeSpan.FromSeconds(2));
            stopped.DrainLog(context); // the stderr lines that came after the last reply
        }
    }

    /// <summary>The running worker, or a new one when the last died (counted against max_restarts).</summary>
    private PythonWorker EnsureWorker(ScriptContext context, int messages)
    {
        if (_worker is { } worker)
        {
            return worker;
        }

        if (_gaveUp is not null || _restarts >= _maxRestarts)
        {
            _gaveUp ??= $"{Name}: the Python worker died {_restarts + 1} times, more than max_restarts ({_maxRestarts}) allows; " +
                "this node's calls fail from now on (fix the script, or raise the node setting or [runtimes.python] max_restarts)";
            throw new ScriptException(_gaveUp + Lost(messages), file: Name);
        }

        _restarts++;
        return StartWorker(context);
    }

    private PythonWorker StartWorker(ScriptContext context)
    {
        PythonWorker worker = PythonWorker.Start(_command!, Name);
        _worker = worker;
        WriteInit(worker.Channel.Begin((byte)'I'), context);
        worker.Arm(context.Limits.Timeout is { } timeout ? timeout + StartGrace : null);
        try
        {
            if (!TrySend(worker))
            {
                throw Died(context, worker, 0, "starting");
            }

            while (true)
            {
                int type = worker.Channel.Receive();
                switch (type)
                {
                    case 'L':
                        ReadLog(context, worker);
                        break;
                    case 'R':
                        _shape = ReadShape(worker);
                        return worker;
                    case 'F':
                        ScriptException fatal = ReadFatal(worker);
                        LoseWorker();
                        throw fatal;
                    case PythonChannel.EndOfStream:
                        throw Died(context, worker, 0, "starting");
                    default:
                        throw Unexpected(worker, type, 0, "starting");
                }
            }
        }
        finally
        {
            worker.Disarm();
            worker.DrainLog(context);
        }
    }

    /// <summary>
    /// Sends the frame begun and reads until its <c>O</c>, then emits the output and reports the failures. <c>what</c>
    /// names the call in errors (<c>on_end</c>, <c>stop</c>); null is a batch, named only if it fails (no string per batch).
    /// <paramref name="deadline"/> replaces the node's <c>timeout</c> for this call.
    /// </summary>
    private void Call(ScriptContext context, PythonWorker worker, int messages, string? what, TimeSpan? deadline = null)
    {
        worker.Arm(deadline ?? context.Limits.Timeout);
        int failures = 0;
        Failure first = default;
        try
        {
            if (!TrySend(worker))
            {
                throw Died(context, worker, messages, what);
            }

            while (true)
            {
                int type = worker.Channel.Receive();
                if (type == 'O')
                {
                    failures = ReadOutput(worker, ref first);
                    break;
                }

                if (type == 'L')
                {
                    ReadLog(context, worker);
                }
                else if (type == PythonChannel.EndOfStream)
                {
                    throw Died(context, worker, messages, what);
                }
                else
                {
                    throw Unexpected(worker, type, messages, what);
                }
            }
        }
        finally
        {
            worker.Disarm();
            worker.DrainLog(context);
        }

        Emit(context);
        if (failures > 0)
        {
            throw Failed(first, failures, messages, what);
        }
    }

    private void Emit(ScriptContext context)
    {
        int outPorts = declaration.OutPorts.Count;
        try
        {
            foreach ((int port, Message message) in _outputs)
            {
                if ((uint)port >= (uint)outPorts)
                {
                    throw new ScriptException($"{Name}: the worker sent a message to out-port {port}, but the script declares {outPorts} out-ports", file: Name);
                }

                context.Emit(port, message);
            }
        }
        finally
        {
            _outputs.Clear();
        }
    }

    private static bool TrySend(PythonWorker worker)
    {
        try
        {
            worker.Channel.Send();
            return true;
        }
        catch (IOException)
        {
            return false; // its stdin closed: it died; what it said on the way out is read next
        }
    }

    /// <summary>The worker's output ended: a deadline that killed it, or a crash. Either way it is gone; the next call starts another.</summary>
    private ScriptException Died(ScriptContext context, PythonWorker worker, int messages, string? call)
    {
        string what = call ?? Batch(messages);
        bool timedOut = worker.TimedOut;
        string report = timedOut ? "" : worker.ExitReport();
        worker.DrainLog(context);
        LoseWorker();
        string lost = Lost(messages);
        string next = _restarts < _maxRestarts ? "; the next call starts a new worker" : "; max_restarts is reached, so later calls fail";
        if (timedOut)
        {
            TimeSpan limit = worker.ArmedFor ?? TimeSpan.Zero;
            string setting = context.Limits.Timeout is null && what == "stop" ? "no 'timeout' is set, and a run being stopped waits this long" : "the setting 'timeout'";
            return new ScriptLimitException("timeout",
                $"{Name}: {what} did not finish within {limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s ({setting}): the worker was killed{lost}{next}");
        }

        return new ScriptException($"{Name}: the Python worker died while {(what == "starting" ? "starting" : "running " + what)}: {report}{lost}{next}", file: Name);
    }

    private ScriptException Unexpected(PythonWorker worker, int type, int messages, string? call)
    {
        string what = call ?? Batch(messages);
        LoseWorker();
        return new ScriptException($"{Name}: the Python worker sent a frame of type {type} (0x{type:x2}) while {what}, which the protocol does not have there; the worker was stopped", file: Name);
    }

    private void LoseWorker()
    {
        PythonWorker? worker = _worker;
        _worker = null;
        worker?.Dispose();
    }

    private static string Plural(int messages) => messages == 1 ? "1 message" : $"{messages} messages";

    private static string Batch(int messages) => "a batch of " + Plural(messages);

    private static string Lost(int messages) => messages switch
    {
        0 => "",
        1 => "; the batch's 1 message is reported as failed",
        _ => $"; the batch's {messages} messages are reported as failed",
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            LoseWorker();
        }
    }
}
