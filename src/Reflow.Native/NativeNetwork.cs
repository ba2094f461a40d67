using Reflow.Actors;
using Reflow.Native.Interop;
using Reflow.Networks;

namespace Reflow.Native;

/// <summary>rfl_network: one network loaded by an engine, run once; owns its inputs, outputs and failure texts.</summary>
internal sealed unsafe class NativeNetwork(NativeEngine engine, NetworkDefinition definition, Network network)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NativeInput> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NativeOutput> _outputs = new(StringComparer.Ordinal);
    private readonly List<NativeBuffer> _failureTexts = [];
    private Task<NetworkRunResult>? _run;
    private EventPump? _events;
    private volatile bool _started;
    private bool _destroyed;

    public nint Handle { get; set; }

    public bool IsRunOver => _run?.IsCompleted == true;

    public void EnsureStarted(string action, string port)
    {
        if (!_started)
        {
            throw new RflException(RflStatus.ErrState, $"Cannot {action} '{port}': the network has not started (call rfl_network_start first).");
        }
    }

    public NativeInput Input(string name)
    {
        lock (_lock)
        {
            if (_inputs.TryGetValue(name, out NativeInput? known))
            {
                return known;
            }

            if (!definition.InPorts.Any(p => p.Name == name))
            {
                throw new RflException(RflStatus.ErrNotFound, $"The network has no exported in-port '{name}'; it has: {Names(definition.InPorts.Select(p => p.Name))}.");
            }

            var input = new NativeInput(this, name, network.Input(name));
            input.Handle = HandleTable.Add(input);
            _inputs.Add(name, input);
            return input;
        }
    }

    public NativeOutput Output(string name)
    {
        lock (_lock)
        {
            if (_outputs.TryGetValue(name, out NativeOutput? known))
            {
                return known;
            }

            if (!definition.OutPorts.Any(p => p.Name == name))
            {
                throw new RflException(RflStatus.ErrNotFound, $"The network has no exported out-port '{name}'; it has: {Names(definition.OutPorts.Select(p => p.Name))}.");
            }

            var output = new NativeOutput(name, network.Output(name));
            output.Handle = HandleTable.Add(output);
            _outputs.Add(name, output);
            return output;
        }
    }

    public void Start()
    {
        lock (_lock)
        {
            if (_run is not null)
            {
                throw new RflException(RflStatus.ErrState, "The network was started before: a network runs once (load the graph again for another run).");
            }

            _run = network.RunAsync();
            _started = true;
        }
    }

    public RflStatus Wait(int timeoutMs, RflRunResult* result)
    {
        Timeouts.Check(timeoutMs);
        RunResults.Check(result);
        Task<NetworkRunResult> run = _run ?? throw new RflException(RflStatus.ErrState, "The network has not started: there is no run to wait for (call rfl_network_start first).");
        if (!((IAsyncResult)run).AsyncWaitHandle.WaitOne(timeoutMs))
        {
            return RflStatus.Timeout;
        }

        RunResults.Fill(run.GetAwaiter().GetResult(), result);
        return RflStatus.Ok;
    }

    public void Stop(RflRunResult* result)
    {
        RunResults.Check(result);
        Task<NetworkRunResult> run = _run ?? throw new RflException(RflStatus.ErrState, "The network has not started: there is nothing to stop.");
        if (!run.IsCompleted)
        {
            network.StopAsync(drain: false).GetAwaiter().GetResult();
        }

        RunResults.Fill(run.GetAwaiter().GetResult(), result);
    }

    public byte* Failure(nuint index)
    {
        Task<NetworkRunResult> run = _run is { IsCompleted: true } over ? over : throw new RflException(RflStatus.ErrState, "The run is not over: its failures are known once rfl_network_wait returned RFL_OK or rfl_network_stop returned.");
        IReadOnlyList<ActorFailure> failures = run.GetAwaiter().GetResult().Failures;
        if (index >= (nuint)failures.Count)
        {
            throw new RflException(RflStatus.ErrNotFound, $"There is no failure {index}: the run kept {failures.Count}.");
        }

        lock (_lock)
        {
            while (_failureTexts.Count < failures.Count)
            {
                var text = new NativeBuffer();
                text.WriteUtf8(failures[_failureTexts.Count].ToString());
                _failureTexts.Add(text);
            }

            return _failureTexts[(int)index].Pointer;
        }
    }

    public void OnEvent(delegate* unmanaged<RflEvent*, void*, void> callback, void* userData)
    {
        lock (_lock)
        {
            if (_events is null && callback is null)
            {
                return;
            }

            _events ??= new EventPump(network);
            _events.SetCallback(callback, userData);
        }
    }

    /// <summary>Stops the run if it is still going, frees the network and every handle it gave out.</summary>
    public void Destroy()
    {
        lock (_lock)
        {
            if (_destroyed)
            {
                return;
            }

            _destroyed = true;
        }

        engine.Forget(this);
        HandleTable.Remove(Handle);
        foreach (NativeInput input in _inputs.Values)
        {
            HandleTable.Remove(input.Handle);
        }

        foreach (NativeOutput output in _outputs.Values)
        {
            HandleTable.Remove(output.Handle);
        }

        if (_run is { IsCompleted: false })
        {
            network.StopAsync(drain: false).GetAwaiter().GetResult();
        }

        network.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _events?.Dispose();
        foreach (NativeOutput output in _outputs.Values)
        {
            output.Dispose();
        }

        foreach (NativeBuffer text in _failureTexts)
        {
            text.Dispose();
        }
    }

    private static string Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "none";
}
