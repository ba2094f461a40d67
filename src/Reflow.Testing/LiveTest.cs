using Microsoft.Extensions.Time.Testing;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// A network driven step by step on a fake clock. Every step — a send, a clock advance — ends only when the network
/// is idle (see <see cref="WaitForIdleAsync"/>), so "nothing was emitted yet" is asserted without sleeping and a
/// timer-driven component is tested in virtual time.
/// </summary>
public sealed class LiveTest : IAsyncDisposable
{
    /// <summary>How many probe round trips a wait for idle makes at most before it fails: a bound, never reached by a network that settles.</summary>
    public const int MaxIdleRounds = 1000;

    private readonly Network _network;
    private readonly Task<NetworkRunResult> _run;
    private readonly string[] _outPorts;
    private readonly TimeSpan _hangLimit;
    private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _taken = new(StringComparer.Ordinal);

    internal LiveTest(Network network, NetworkDefinition definition, FakeTimeProvider clock, TimeSpan hangLimit)
    {
        _network = network;
        _hangLimit = hangLimit;
        Clock = clock;
        _outPorts = [.. definition.OutPorts.Select(p => p.Name).Where(p => p != Probe.Node).Distinct()];
        _run = network.RunAsync();
    }

    /// <summary>The run's clock (it starts at <see cref="TestSetup.ClockStart"/> unless the test gave its own).</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The running network, for what the kit does not wrap (snapshots, events).</summary>
    public Network Network => _network;

    /// <summary>Whether the run is over.</summary>
    public bool IsFinished => _run.IsCompleted;

    /// <summary>Sends <paramref name="values"/> to in-port <paramref name="port"/> in order, then waits until the network is idle.</summary>
    public async Task SendAsync(string port, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(values);
        foreach (object? value in values)
        {
            await Hang.Guard(_network.SendAsync(port, MessageText.ToMessage(value)).AsTask(), _network, _hangLimit, $"in-port '{port}' to take a message").ConfigureAwait(false);
            _sent[port] = _sent.GetValueOrDefault(port) + 1;
        }

        await WaitForIdleAsync().ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="messages"/> to in-port <paramref name="port"/> in order, then waits until the network is idle.</summary>
    public Task SendAsync(string port, IEnumerable<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendAsync(port, [.. messages.Select(m => (object?)m)]);
    }

    /// <summary>Moves the clock on by <paramref name="by"/> (firing every timer due), then waits until the network is idle.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await WaitForIdleAsync().ConfigureAwait(false);
    }

    /// <summary>Moves the clock on by <paramref name="milliseconds"/>, then waits until the network is idle.</summary>
    public Task AdvanceAsync(double milliseconds) => AdvanceAsync(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Everything out-port <paramref name="port"/> emitted since the last take, in order.</summary>
    /// <exception cref="ArgumentException">No such exported out-port.</exception>
    public Emitted Take(string port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (!_outPorts.Contains(port))
        {
            throw new ArgumentException($"The network has no exported out-port '{port}'; it has: {string.Join(", ", _outPorts)}.", nameof(port));
        }

        var taken = new List<Message>();
        while (_network.Output(port).TryRead(out Message message))
        {
            taken.Add(message);
        }

        _taken[port] = _taken.GetValueOrDefault(port) + taken.Count;
        return new Emitted(port, taken);
    }

    /// <summary>
    /// Waits until the network is idle: a marker sent through the kit's probe node has come back (so the one worker
    /// has handled everything posted before it), no node is processing, no queue between nodes holds a message, and
    /// nothing moved since the previous round trip. Bounded by <see cref="MaxIdleRounds"/> and the hang limit.
    /// </summary>
    /// <exception cref="ReflowAssertionException">The network did not settle: the message has a snapshot.</exception>
    public async Task WaitForIdleAsync()
    {
        long? previous = null;
        for (int round = 0; round < MaxIdleRounds; round++)
        {
            await _network.SendAsync(Probe.Node, Probe.Marker).ConfigureAwait(false);
            await Hang.Guard(_network.Output(Probe.Node).ReadAsync().AsTask(), _network, _hangLimit, "the probe's marker to come back").ConfigureAwait(false);
            NetworkSnapshot snapshot = _network.GetSnapshot();
            bool quiet = snapshot.Nodes.All(n => n.Id == Probe.Node || !Hang.IsBusy(n.State))
                && snapshot.Edges.All(e => Probe.Owns(e.Id) || e.Queued == 0 || IsToHost(e.Id));
            long progress = snapshot.Edges.Where(e => !Probe.Owns(e.Id)).Sum(e => e.Messages)
                + snapshot.Nodes.Where(n => n.Id != Probe.Node).Sum(n => n.Invocations);
            if (quiet && previous == progress)
            {
                return;
            }

            previous = quiet ? progress : null;
        }

        throw new ReflowAssertionException($"The network was still busy after {MaxIdleRounds} probe round trips.\n{Hang.Describe(_network)}");
    }

    /// <summary>
    /// Completes every in-port and waits for the run to end (a pending timer keeps it open until the clock passes
    /// it). The result's outputs are what each out-port emitted after the last <see cref="Take"/>; its no-loss
    /// check counts everything taken too.
    /// </summary>
    public async Task<TestRun> FinishAsync()
    {
        _network.CompleteInputs();
        var drains = _outPorts.Append(Probe.Node).ToDictionary(p => p, p => OutputReader.ReadAll(_network, p)); // keeps the edges drained
        NetworkRunResult result = await Hang.Guard(_run, _network, _hangLimit, "the run to end").ConfigureAwait(false);
        var rest = new Dictionary<string, IReadOnlyList<Message>>(StringComparer.Ordinal);
        foreach (string port in _outPorts)
        {
            rest[port] = await drains[port].WaitAsync(_hangLimit).ConfigureAwait(false);
        }

        await drains[Probe.Node].WaitAsync(_hangLimit).ConfigureAwait(false);
        var read = _outPorts.ToDictionary(p => p, p => _taken.GetValueOrDefault(p) + rest[p].Count);
        return new TestRun(result, rest, read, _sent, OutputReader.DeadLetters(_network)); // the probe's ports are the kit's: not counted
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _network.DisposeAsync().ConfigureAwait(false);

    private static bool IsToHost(string edgeId) => edgeId.Contains("-> (host).", StringComparison.Ordinal);
}
