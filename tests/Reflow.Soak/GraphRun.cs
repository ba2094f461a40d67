using System.Threading.Channels;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;
using Reflow.Scripting;

namespace Reflow.Soak;

/// <summary>
/// Runs one planned graph on a real network: the host sends and reads, worker kills and a cancellation happen on
/// their planned schedule, and every failure event and dead letter is read through the public API into the ledger.
/// </summary>
internal sealed class GraphRun
{
    private readonly GraphPlan _plan;
    private readonly SoakOptions _options;
    private readonly GraphState _state;
    private readonly List<Violation> _violations = [];
    private long _failureEvents;
    private long _deadLetters;

    public GraphRun(GraphPlan plan, SoakOptions options)
    {
        _plan = plan;
        _options = options;
        _state = new GraphState(plan);
    }

    public FaultCounts Faults => _state.Faults;

    /// <summary>Messages produced on logical edges (each copy of a fan-out counts).</summary>
    public long Messages => _state.Ledger.Produced;

    public async Task<IReadOnlyList<Violation>> RunAsync()
    {
        NetworkDefinition definition = Build();
        var options = new NetworkOptions
        {
            Name = $"soak-{_plan.Seed}",
            WorkerCount = 2,
            DeadLetterCapacity = 1_000_000,
        };

        Network network = Network.Create(definition, options);
        try
        {
            return await RunAsync(network);
        }
        finally
        {
            // Bounded: a network that cannot stop is reported with its seed, and left behind, rather than hang the soak.
            if (!await DisposeWithinAsync(network))
            {
                Fail("hung", $"the network did not stop within {_options.GraphTimeout.TotalSeconds:0} s of its disposal ({_plan.Describe()})");
            }
        }
    }

    private async Task<bool> DisposeWithinAsync(Network network)
    {
        Task disposing = network.DisposeAsync().AsTask();
        return await Task.WhenAny(disposing, Task.Delay(_options.GraphTimeout)) == disposing;
    }

    private async Task<IReadOnlyList<Violation>> RunAsync(Network network)
    {
        ChannelReader<NetworkEvent> events = network.SubscribeEvents(new NetworkEventSubscription { Capacity = 1_000_000 });
        Task reading = Task.Run(() => ReadEventsAsync(events));
        Task deadLetters = Task.Run(() => ReadDeadLettersAsync(network.DeadLetters));
        using var cancel = new CancellationTokenSource();
        Task<NetworkRunResult> run = network.RunAsync(cancel.Token);
        Task sending = _plan.HostInputTarget is null ? Task.CompletedTask : Task.Run(() => SendAsync(network, cancel.Token));
        Task tapping = _plan.HostOutputSource is null ? Task.CompletedTask : Task.Run(() => TapAsync(network));
        Task killing = Task.Run(() => KillWorkersAsync(run));
        if (_plan.CancelAfter is { } after)
        {
            cancel.CancelAfter(after);
        }

        NetworkRunResult? result = null;
        if (await Task.WhenAny(run, Task.Delay(_options.GraphTimeout)) != run)
        {
            Fail("hung", $"the run did not finish within {_options.GraphTimeout.TotalSeconds:0} s ({_plan.Describe()})");
            await cancel.CancelAsync();
        }

        try
        {
            result = await run.WaitAsync(_options.GraphTimeout);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Faults.Add(FaultKind.Cancellation);
            result = await network.Completion.WaitAsync(_options.GraphTimeout);
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            Fail("run", $"the run failed: {ex.GetType().Name}: {ex.Message}");
        }
        catch (TimeoutException)
        {
            Fail("hung", "the run did not stop after it was cancelled");
        }

        await WaitAsync("host sender", sending);
        await WaitAsync("host reader", tapping);
        await WaitAsync("worker killer", killing);
        await WaitAsync("event reader", reading);
        await WaitAsync("dead-letter reader", deadLetters);
        if (result is not null)
        {
            CheckResult(result);
        }

        _violations.AddRange(_state.Ledger.Check(_plan));
        return _violations;
    }

    private NetworkDefinition Build()
    {
        var builder = new NetworkBuilder(_plan.EdgeCapacity);
        foreach (PlanNode node in _plan.Nodes)
        {
            builder.AddNode(node.Id, ComponentFor(node), node.IsScript ? ScriptComponents.Settings(node.Kind) : null);
            if (node.Kind == NodeKind.Relay)
            {
                builder.Supervise(node.Id, node.Policy switch
                {
                    RelayPolicy.Resume => new SupervisionPolicy { Action = FailureAction.Resume },
                    RelayPolicy.Restart => new SupervisionPolicy { Action = FailureAction.Restart, MaxRestarts = 1_000_000 },
                    RelayPolicy.Stop => new SupervisionPolicy { Action = FailureAction.Stop },
                    RelayPolicy.Retry => new SupervisionPolicy { MaxRetries = 2, RetryBackoff = TimeSpan.FromMilliseconds(1), MaxRetryBackoff = TimeSpan.FromMilliseconds(4) },
                    _ => new SupervisionPolicy { CircuitBreakerThreshold = 2, CircuitBreakerDuration = TimeSpan.FromMilliseconds(20) },
                });
            }
        }

        foreach ((string from, string to) in _plan.Connections)
        {
            builder.Connect(from, "out", to, "in");
        }

        if (_plan.HostInputTarget is { } target)
        {
            builder.ExportInPort(GraphPlan.HostInPort, target, "in");
        }

        if (_plan.HostOutputSource is { } source)
        {
            builder.ExportOutPort(GraphPlan.HostOutPort, source, "out");
        }

        return builder.Build();
    }

    private Component ComponentFor(PlanNode node) => node.Kind switch
    {
        NodeKind.Source => Component.FromFactory(ComponentDescription.FromType<SoakSource>(), () => new SoakSource(_state)),
        NodeKind.Relay => Component.FromFactory(ComponentDescription.FromType<SoakRelay>(), () => _options.RelayFactory?.Invoke(_state) ?? new SoakRelay(_state)),
        NodeKind.Sink => Component.FromFactory(ComponentDescription.FromType<SoakSink>(), () => new SoakSink(_state)),
        NodeKind.SlowSink => Component.FromFactory(ComponentDescription.FromType<SlowSink>(), () => new SlowSink(_state)),
        _ => _options.Scripts.For(node.Kind),
    };

    private async Task SendAsync(Network network, CancellationToken token)
    {
        LogicalEdge edge = _plan.Outgoing(LogicalEdge.Host)[0];
        try
        {
            foreach (SoakMessage message in _plan.HostMessages)
            {
                await network.SendAsync(GraphPlan.HostInPort, message.ToMessage(), token);
                _state.Ledger.RecordProduced(edge, message.Id); // only once accepted: a refused send is no message
                Faults.Add(FaultKind.HostSend);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException && token.IsCancellationRequested)
        {
            return; // the run was cancelled: the host stops sending
        }

        network.CompleteInput(GraphPlan.HostInPort);
    }

    private async Task TapAsync(Network network)
    {
        await foreach (Message message in network.Output(GraphPlan.HostOutPort).ReadAllAsync())
        {
            Account(LogicalEdge.Host, message, "the host's reader", _state.Ledger.RecordReceived);
        }
    }

    private async Task KillWorkersAsync(Task run)
    {
        var random = new Random(_plan.Seed);
        TimeSpan waited = TimeSpan.Zero;
        foreach (TimeSpan at in _plan.PythonKills.Order())
        {
            if (await Task.WhenAny(run, Task.Delay(at - waited)) == run)
            {
                return;
            }

            waited = at;
            if (ProcessProbe.KillOneWorker(random))
            {
                Faults.Add(FaultKind.PythonKilled);
            }
        }
    }

    private async Task ReadEventsAsync(ChannelReader<NetworkEvent> events)
    {
        await foreach (NetworkEvent e in events.ReadAllAsync())
        {
            if (e.Kind == NetworkEventKind.ActorFailed && e.NodeId is { } node)
            {
                Interlocked.Increment(ref _failureEvents);
                OnFailure(node, e);
            }
        }
    }

    private void OnFailure(string node, NetworkEvent e)
    {
        PlanNode planned = _plan.Node(node);
        if (e.Message is not { } message)
        {
            // Only the WebAssembly relay is a batch actor, whose message failures name no message (one message per
            // batch: max_batch 1). Elsewhere a failure without a message is a lifecycle hook's (OnStop, on_end: a
            // Python worker killed while idle), and no message went with it.
            if (planned.Kind == NodeKind.Wasm)
            {
                _state.Ledger.RecordAnonymousFailure(node, $"{e.Exception?.GetType().Name}: {e.Exception?.Message}");
                Faults.Add(FaultKind.WasmTrap);
            }
            else if (!planned.IsScript)
            {
                _state.Ledger.RecordStray($"node '{node}' failed without a message: {e.Exception?.Message}");
            }

            return;
        }

        SoakMessage? soak = Account(node, message, $"a failure of '{node}'", _state.Ledger.RecordFailed);
        bool limit = e.Exception is ScriptLimitException;
        switch (planned.Kind)
        {
            case NodeKind.JavaScript:
                Faults.Add(limit ? FaultKind.JavaScriptTimeLimit : FaultKind.JavaScriptThrow);
                break;
            case NodeKind.Python when limit:
                Faults.Add(FaultKind.PythonTimeLimit);
                break;
            case NodeKind.Python when soak?.Fault is "pythrow" or "pyexit":
                Faults.Add(soak.Value.Fault == "pythrow" ? FaultKind.PythonThrow : FaultKind.PythonExit);
                break;
            case NodeKind.Wasm:
                Faults.Add(FaultKind.WasmTrap);
                break;
        }
    }

    private async Task ReadDeadLettersAsync(ChannelReader<DeadLetter> letters)
    {
        await foreach (DeadLetter letter in letters.ReadAllAsync())
        {
            Interlocked.Increment(ref _deadLetters);
            Account(letter.NodeId, letter.Message, $"a dead letter for '{letter.NodeId}' ({letter.Reason})", _state.Ledger.RecordDeadLetter);
        }
    }

    /// <summary>Records <paramref name="message"/>, held by <paramref name="node"/>, on its logical edge.</summary>
    private SoakMessage? Account(string node, Message message, string what, Action<LogicalEdge, string> record)
    {
        if (SoakMessage.TryParse(message) is not { } soak)
        {
            _state.Ledger.RecordStray($"{what} carries '{message}', not a soak message");
            return null;
        }

        if (_plan.Incoming(node, soak.From) is { } edge)
        {
            record(edge, soak.Id);
        }
        else
        {
            _state.Ledger.RecordStray($"{what} carries '{soak}', from '{soak.From}', which does not feed '{node}'");
        }

        return soak;
    }

    private void CheckResult(NetworkRunResult result)
    {
        if (result.EventsDiscarded > 0)
        {
            Fail("events", $"{result.EventsDiscarded} event(s) were discarded: the ledger cannot see every failure");
        }

        if (result.DeadLetters != Interlocked.Read(ref _deadLetters))
        {
            Fail("dead-letters", $"the result counts {result.DeadLetters} dead letter(s), the reader got {Interlocked.Read(ref _deadLetters)}");
        }

        if (result.FailureCount != Interlocked.Read(ref _failureEvents))
        {
            Fail("failures", $"the result counts {result.FailureCount} failure(s), the events reported {Interlocked.Read(ref _failureEvents)}");
        }
    }

    private async Task WaitAsync(string what, Task task)
    {
        try
        {
            await task.WaitAsync(_options.GraphTimeout);
        }
        catch (TimeoutException)
        {
            Fail("hung", $"the {what} did not finish within {_options.GraphTimeout.TotalSeconds:0} s of the run's end");
        }
        catch (Exception ex)
        {
            Fail("harness", $"the {what} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Fail(string kind, string detail)
    {
        lock (_violations)
        {
            _violations.Add(new Violation(_plan.Seed, kind, detail));
        }
    }
}
