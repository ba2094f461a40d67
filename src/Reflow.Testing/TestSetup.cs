using Microsoft.Extensions.Time.Testing;
using Reflow.Actors;
using Reflow.Graphs;
using Reflow.Messages;
using Reflow.Networks;

namespace Reflow.Testing;

/// <summary>
/// What a test runs and with what: configuration, initial packets, inputs per in-port, options and the clock.
/// Made by <see cref="ReflowTest"/>; each <c>With...</c> returns the same setup, so calls chain.
/// </summary>
public sealed class TestSetup
{
    /// <summary>The id of the node a single-component test runs (its statistics: <see cref="TestRun.Node"/>).</summary>
    public const string NodeId = "node";

    /// <summary>The start of every fake clock the kit makes: 2030-01-01T00:00Z.</summary>
    public static readonly DateTimeOffset ClockStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Component? _component;
    private readonly Graph? _graph;
    private readonly ComponentRegistry? _registry;
    private readonly NetworkDefinition? _definition;
    private readonly List<(string Port, Message Value)> _initials = [];
    private readonly List<(string Port, Message Value)> _inputs = [];
    private readonly List<string> _inPorts = []; // every port given inputs, even none: exported, then completed
    private MessageObject? _config;
    private NetworkOptions _options = new() { WorkerCount = 1 };
    private FakeTimeProvider? _clock;

    internal TestSetup(Component component) => _component = component;

    internal TestSetup(Graph graph, ComponentRegistry registry)
    {
        _graph = graph;
        _registry = registry;
    }

    internal TestSetup(NetworkDefinition definition) => _definition = definition;

    /// <summary>How long a run may take before the kit calls it hung (a failure with a snapshot, never a wait for something). 60 s by default.</summary>
    public TimeSpan HangLimit { get; private set; } = TimeSpan.FromSeconds(60);

    /// <summary>The fake clock the network runs on, if the test asked for one (<see cref="WithFakeClock"/>; always for <see cref="StartAsync"/>).</summary>
    public FakeTimeProvider? Clock => _clock;

    /// <summary>The single node's configuration, a JSON object (the node metadata a graph would give it).</summary>
    /// <exception cref="InvalidOperationException">The setup is a graph or a network (they configure their own nodes).</exception>
    /// <exception cref="FormatException">The text is not a JSON object.</exception>
    public TestSetup WithConfig(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Message parsed = MessageJson.Parse(json);
        return parsed.Kind == MessageKind.Object
            ? WithConfig(parsed.AsObject())
            : throw new FormatException($"A component's configuration must be a JSON object; got {parsed.Kind}: {json}");
    }

    /// <summary>The single node's configuration.</summary>
    /// <exception cref="InvalidOperationException">The setup is a graph or a network.</exception>
    public TestSetup WithConfig(MessageObject config)
    {
        RequireComponent(nameof(WithConfig));
        _config = config;
        return this;
    }

    /// <summary>An initial packet (IIP) for the node's in-port <paramref name="port"/>, delivered before any input.</summary>
    /// <exception cref="InvalidOperationException">The setup is a graph or a network (give IIPs in the graph).</exception>
    public TestSetup WithInitial(string port, object? value)
    {
        ArgumentNullException.ThrowIfNull(port);
        RequireComponent(nameof(WithInitial));
        _initials.Add((port, MessageText.ToMessage(value)));
        return this;
    }

    /// <summary>
    /// Messages for in-port <paramref name="port"/> (the node's, or the graph's exported one), sent in order after the
    /// inputs given before. Values as <see cref="MessageText.ToMessage"/> takes them.
    /// </summary>
    public TestSetup WithInput(string port, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(values);
        _inPorts.Add(port);
        foreach (object? value in values)
        {
            _inputs.Add((port, MessageText.ToMessage(value)));
        }

        return this;
    }

    /// <summary>Messages for in-port <paramref name="port"/>, sent in order after the inputs given before.</summary>
    public TestSetup WithInput(string port, IEnumerable<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(messages);
        _inPorts.Add(port);
        _inputs.AddRange(messages.Select(m => (port, m)));
        return this;
    }

    /// <summary>
    /// The network's options (permissions, supervision, capacities...), used as given; the clock is replaced by the
    /// kit's when it has one. Without this call the kit runs one worker (a deterministic order) and the defaults.
    /// Stepping (<see cref="StartAsync"/>) is deterministic on one worker only.
    /// </summary>
    public TestSetup WithOptions(NetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        return this;
    }

    /// <summary>Runs the network on a fake clock (a new one starting at <see cref="ClockStart"/>, or <paramref name="clock"/>).</summary>
    public TestSetup WithFakeClock(FakeTimeProvider? clock = null)
    {
        _clock = clock ?? new FakeTimeProvider(ClockStart);
        return this;
    }

    /// <summary>How long a run may take before the kit fails it as hung.</summary>
    public TestSetup WithHangLimit(TimeSpan limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        HangLimit = limit;
        return this;
    }

    /// <summary>
    /// Runs the network to the end: sends every input in order, completes the inputs, reads every exported out-port
    /// to the end and returns what happened. On a fake clock nothing moves the time: use <see cref="StartAsync"/> for
    /// timer-driven components.
    /// </summary>
    /// <exception cref="ReflowAssertionException">The run did not end within <see cref="HangLimit"/>: the message has a snapshot of the queues and nodes.</exception>
    public async Task<TestRun> RunAsync(CancellationToken cancellationToken = default)
    {
        NetworkDefinition definition = Build(inPorts: [], probe: false);
        await using Network network = Network.Create(definition, Options());
        Task<NetworkRunResult> run = network.RunAsync(cancellationToken);
        var readers = definition.OutPorts.Select(p => p.Name).Distinct().ToDictionary(p => p, p => OutputReader.ReadAll(network, p));
        var sent = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach ((string port, Message message) in _inputs)
        {
            await network.SendAsync(port, message, cancellationToken).AsTask().WaitAsync(HangLimit, cancellationToken).ConfigureAwait(false);
            sent[port] = sent.GetValueOrDefault(port) + 1;
        }

        network.CompleteInputs();
        NetworkRunResult result = await Hang.Guard(run, network, HangLimit, "the run to end").ConfigureAwait(false);
        var outputs = new Dictionary<string, IReadOnlyList<Message>>(StringComparer.Ordinal);
        foreach ((string port, Task<List<Message>> reading) in readers)
        {
            outputs[port] = await reading.WaitAsync(HangLimit, cancellationToken).ConfigureAwait(false);
        }

        return new TestRun(result, outputs, outputs.ToDictionary(o => o.Key, o => (long)o.Value.Count), sent, OutputReader.DeadLetters(network));
    }

    /// <summary>
    /// Starts the network on a fake clock (see <see cref="WithFakeClock"/>) to drive it step by step: the inputs given
    /// so far are sent, then the test sends, advances the clock and takes what was emitted, each step ending when
    /// the network is idle. <paramref name="openInPorts"/> are the in-ports the test will still send to (a
    /// component's in-ports are exported only when named here or given an input).
    /// </summary>
    public async Task<LiveTest> StartAsync(params string[] openInPorts)
    {
        ArgumentNullException.ThrowIfNull(openInPorts);
        if (_definition is not null)
        {
            throw new InvalidOperationException(
                "A NetworkDefinition can only be run to the end (RunAsync): stepping adds a probe node to wait for idle, so give the graph or the component.");
        }

        _clock ??= new FakeTimeProvider(ClockStart);
        NetworkDefinition definition = Build(openInPorts, probe: true);
        var live = new LiveTest(Network.Create(definition, Options()), definition, _clock, HangLimit);
        await live.WaitForIdleAsync().ConfigureAwait(false); // OnStart has run (its timers exist) before the test moves the clock
        foreach (IGrouping<string, (string Port, Message Value)> port in _inputs.GroupBy(i => i.Port))
        {
            await live.SendAsync(port.Key, [.. port.Select(i => (object)i.Value)]).ConfigureAwait(false);
        }

        return live;
    }

    private NetworkOptions Options() => _clock is null ? _options : _options with { TimeProvider = _clock };

    private NetworkDefinition Build(IEnumerable<string> inPorts, bool probe)
    {
        if (_definition is not null)
        {
            return _definition;
        }

        return _component is not null
            ? BuildComponent(_component, inPorts, probe)
            : GraphUnderTest.Load(_graph!, _registry!, probe);
    }

    private NetworkDefinition BuildComponent(Component component, IEnumerable<string> inPorts, bool probe)
    {
        var builder = new NetworkBuilder().AddNode(NodeId, component, _config);
        foreach ((string port, Message value) in _initials)
        {
            builder.AddInitial(NodeId, port, value);
        }

        foreach (string port in _inPorts.Concat(inPorts).Distinct())
        {
            builder.ExportInPort(port, NodeId, port);
        }

        foreach (PortDefinition port in component.Description.OutPorts)
        {
            builder.ExportOutPort(port.Name, NodeId, port.Name);
        }

        if (probe)
        {
            Probe.AddTo(builder);
        }

        return builder.Build(_ => null);
    }

    private void RequireComponent(string method)
    {
        if (_component is null)
        {
            throw new InvalidOperationException($"{method} configures the single component of ReflowTest.Component; a graph or a network gives its nodes their configuration and IIPs itself.");
        }
    }
}
