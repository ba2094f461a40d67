using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Components.Tests;

/// <summary>
/// One standard component running on a fake clock, driven step by step. Every step ends with a barrier: a marker
/// sent through a core/Repeat probe on the same (single) worker comes back only after everything posted before it
/// — the test's messages, the timer calls an <see cref="FakeTimeProvider.Advance"/> fired — has been handled, so
/// "nothing was emitted" can be asserted without sleeping.
/// </summary>
internal sealed class LiveRun : IAsyncDisposable
{
    private readonly Network _network;
    private readonly Task<NetworkRunResult> _run;
    private readonly string[] _outPorts;

    private LiveRun(Network network, Task<NetworkRunResult> run, string[] outPorts, FakeTimeProvider time)
    {
        _network = network;
        _run = run;
        _outPorts = outPorts;
        Time = time;
    }

    /// <summary>The run's clock; starts at 2030-01-01T00:00Z.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>Starts <paramref name="component"/> with <paramref name="config"/>, its in-ports <paramref name="inPorts"/> fed by the test.</summary>
    public static async Task<LiveRun> StartAsync(string component, string? config, params string[] inPorts) =>
        await StartAsync(ComponentRun.Find(component), config, inPorts);

    /// <summary>Starts <paramref name="component"/>.</summary>
    public static async Task<LiveRun> StartAsync(Component component, string? config, params string[] inPorts)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        MessageObject? metadata = config is null ? null : MessageJson.Parse(config).AsObject();
        var builder = new NetworkBuilder()
            .AddNode("node", component, metadata)
            .AddNode("probe", ComponentRun.Find("core/Repeat"))
            .ExportInPort("probe", "probe", "in")
            .ExportOutPort("probe", "probe", "out");
        foreach (string port in inPorts)
        {
            builder.ExportInPort(port, "node", port);
        }

        string[] outPorts = [.. component.Description.OutPorts.Select(p => p.Name)];
        foreach (string port in outPorts)
        {
            builder.ExportOutPort(port, "node", port);
        }

        Network network = Network.Create(builder.Build(_ => null), new NetworkOptions { WorkerCount = 1, TimeProvider = time });
        var live = new LiveRun(network, network.RunAsync(), outPorts, time);
        await live.SyncAsync(); // OnStart has run (its timers exist) before the test moves the clock
        return live;
    }

    /// <summary>Sends messages to an in-port, then waits until they are handled.</summary>
    public async Task SendAsync(string port, params Message[] messages)
    {
        foreach (Message message in messages)
        {
            await _network.SendAsync(port, message);
        }

        await SyncAsync();
    }

    /// <summary>Moves the clock on, then waits until the timers that fired have been handled.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await SyncAsync();
    }

    /// <summary>Moves the clock on by <paramref name="milliseconds"/>.</summary>
    public Task AdvanceAsync(double milliseconds) => AdvanceAsync(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Everything emitted on <paramref name="port"/> so far and not yet taken.</summary>
    public List<Message> Take(string port)
    {
        var taken = new List<Message>();
        while (_network.Output(port).TryRead(out Message message))
        {
            taken.Add(message);
        }

        return taken;
    }

    /// <summary>Completes the inputs and waits for the run to finish; returns what each out-port still emitted.</summary>
    public async Task<(NetworkRunResult Result, Dictionary<string, List<Message>> Remaining)> FinishAsync()
    {
        _network.CompleteInputs();
        var drains = _outPorts.Append("probe").ToDictionary(p => p, p => ComponentRun.ReadAll(_network, p)); // keeps the edges drained
        NetworkRunResult result = await _run.WaitAsync(ComponentRun.HangLimit);
        var rest = new Dictionary<string, List<Message>>(StringComparer.Ordinal);
        foreach ((string port, Task<List<Message>> drain) in drains)
        {
            rest[port] = await drain.WaitAsync(ComponentRun.HangLimit);
        }

        return (result, rest);
    }

    /// <summary>Whether the run is over.</summary>
    public bool IsFinished => _run.IsCompleted;

    private async Task SyncAsync()
    {
        await _network.SendAsync("probe", Message.Flow);
        await _network.Output("probe").ReadAsync().AsTask().WaitAsync(ComponentRun.HangLimit);
    }

    public async ValueTask DisposeAsync() => await _network.DisposeAsync();
}
