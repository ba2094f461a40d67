using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reflow.Messages;

namespace Reflow.Actors;

/// <summary>
/// Everything an actor sees while it runs: its node, configuration, the current input, and the out-ports to
/// emit on. One context per node, reused for every call (it is never allocated per message).
/// </summary>
public sealed class ActorContext
{
    private readonly IActorOutput _output;
    private readonly int _outPortCount;
    private readonly Message[] _inputs;
    private readonly bool[] _hasInput;
    private object? _messageReference;
    private long _messageBits;

    internal ActorContext(string nodeId, ComponentDescription component, ActorConfiguration configuration, IActorOutput output)
    {
        Debug.Assert(nodeId == configuration.NodeId, "the configuration is the node's");
        Component = component;
        Configuration = configuration;
        _output = output;
        _outPortCount = component.OutPorts.Length;
        bool awaits = component.InputMode != InputMode.EachMessage; // only the await modes hold a set of inputs
        _inputs = awaits ? new Message[component.InPorts.Length] : [];
        _hasInput = awaits ? new bool[component.InPorts.Length] : [];
    }

    /// <summary>The node's id in the graph.</summary>
    public string NodeId => Configuration.NodeId; // not a field of its own: one less word per actor

    /// <summary>The node's component.</summary>
    public ComponentDescription Component { get; }

    /// <summary>The node's configuration: metadata, IIP-free settings and resolved environment variables.</summary>
    public ActorConfiguration Configuration { get; }

    /// <summary>The message being handled (in <see cref="InputMode.EachMessage"/> mode).</summary>
    public Message Message => Message.FromParts(_messageReference, _messageBits);

    /// <summary>The index of the in-port <see cref="Message"/> arrived on (in <see cref="InputMode.EachMessage"/> mode).</summary>
    public int InPortIndex { get; private set; }

    /// <summary>The name of the in-port <see cref="Message"/> arrived on.</summary>
    public string InPortName => Component.InPorts[InPortIndex].Name;

    /// <summary>
    /// The index of an addressable in-port (<see cref="PortDefinition.Addressable"/>) that <see cref="Message"/> came
    /// in on (<c>IN[2]</c>: 2), whether over an edge, as an IIP or from the host; -1 for a plain port.
    /// </summary>
    public int InPortElement { get; private set; }

    /// <summary>The run's clock (<c>NetworkOptions.TimeProvider</c>): read time through it so tests can use a fake clock.</summary>
    public TimeProvider TimeProvider => _output.Time;

    /// <summary>
    /// What the node may reach outside the process: the node's own grant (<see cref="NodeDefinition.Permissions"/>), else the
    /// network's (<c>NetworkOptions.Permissions</c>, nothing by default). Check before each access and let the
    /// <see cref="Reflow.Permissions.PermissionDeniedException"/> fail the node: its message names the flag to grant.
    /// </summary>
    public Reflow.Permissions.PermissionSet Permissions => _output.Permissions;

    /// <summary>
    /// <paramref name="path"/> as an absolute path: a relative one against the directory of the graph file the node
    /// came from (<see cref="ActorConfiguration.BaseDirectory"/>; the current directory for a node built in code).
    /// Check the result against <see cref="Permissions"/> before opening it.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or not a path.</exception>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Configuration.BaseDirectory is string directory ? Path.GetFullPath(path, directory) : Path.GetFullPath(path);
    }

    /// <summary>
    /// Calls <see cref="Actor.OnTimer"/> with <paramref name="state"/> after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/> (<see cref="Timeout.InfiniteTimeSpan"/>: once). The call happens on the actor's own
    /// thread, like <see cref="Actor.Receive"/>, so it needs no locks. A pending timer keeps the run from finishing;
    /// dispose it to cancel. Timers end when the actor stops or the network stops.
    /// </summary>
    public IDisposable ScheduleTimer(TimeSpan dueTime, TimeSpan period, object? state = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        }

        return _output.ScheduleTimer(dueTime, period, state);
    }

    /// <summary>Calls <see cref="Actor.OnTimer"/> once after <paramref name="dueTime"/>; see <see cref="ScheduleTimer(TimeSpan, TimeSpan, object?)"/>.</summary>
    public IDisposable ScheduleTimer(TimeSpan dueTime, object? state = null) => ScheduleTimer(dueTime, Timeout.InfiniteTimeSpan, state);

    /// <summary>
    /// Keeps the run from finishing until the handle is disposed: for work the actor started that will emit later
    /// from another thread (an HTTP call, say). Emitting from another thread is allowed: the emission is handed to
    /// the actor's worker and sent from there, in order with the actor's other emissions from that thread.
    /// Take the keep-alive before the other thread first emits: it is also what tells the runtime to check the
    /// thread of every emission (an actor that never takes one emits only from its own calls, checked for free).
    /// </summary>
    public IDisposable KeepAlive() => _output.KeepAlive();

    /// <summary>
    /// Writes a line to the run's log: an <see cref="NetworkEventKind.ActorLog"/> event that event subscribers (the
    /// <c>reflow</c> command's output among them) receive. Nothing is built when nobody subscribes.
    /// </summary>
    /// <param name="text">The line.</param>
    /// <param name="level">Its level, as the event's port: <c>log</c>, <c>info</c>, <c>warn</c>, <c>error</c> or <c>debug</c>.</param>
    public void Log(string text, string level = "log")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(level);
        _output.Log(text, level);
    }

    /// <summary>
    /// Spawns a child actor of <paramref name="component"/> while the network runs (docs/spawning.md): it runs on this
    /// actor's worker, gets a bounded edge from this actor into each of its in-ports, and, when
    /// <see cref="SpawnOptions.ReplyTo"/> names an in-port of this actor, sends what it emits there. Its failures are
    /// handled by <see cref="SpawnOptions.Supervision"/> or this node's policy, and a final one arrives on the reply port as
    /// an <see cref="MessageKind.Error"/> message. This actor does not finish while it has live children; a child whose
    /// input is completed (<see cref="Complete"/>) finishes what it has and is collected.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called outside <see cref="Actor.Receive"/>, <see cref="Actor.OnTimer"/> or a stream hook, or from another thread.</exception>
    /// <exception cref="ArgumentException">The reply port is not an in-port of this component, the child has nothing to send it from or its out-ports do not fit it, or the child has no in-port and is not a source.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is below 1.</exception>
    public ChildActor Spawn(Component component, SpawnOptions? options = null) => _output.Spawn(component, options);

    /// <summary>
    /// Sends <paramref name="message"/> to in-port <paramref name="inPort"/> (its index) of <paramref name="child"/>, with
    /// the credit rules of <see cref="Emit(Actors.OutPort, in Message)"/>: a full edge holds this actor back and nothing is lost.
    /// </summary>
    /// <exception cref="ArgumentException">The child is not this actor's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The child has no such in-port.</exception>
    /// <exception cref="InvalidOperationException">The child's input was completed, or the call is outside an invocation.</exception>
    public void Send(ChildActor child, int inPort, in Message message) => _output.Send(child, inPort, message);

    /// <summary>Sends <paramref name="message"/> to the first in-port of <paramref name="child"/>; see <see cref="Send(ChildActor, int, in Message)"/>.</summary>
    public void Send(ChildActor child, in Message message) => _output.Send(child, 0, message);

    /// <summary>Sends <paramref name="message"/> to the in-port called <paramref name="inPort"/> of <paramref name="child"/>; looks the name up on each call.</summary>
    /// <exception cref="ArgumentException">The child's component has no such in-port; the message lists the ones it has.</exception>
    public void Send(ChildActor child, string inPort, in Message message)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(inPort);
        int index = child.Component.IndexOfInPort(inPort);
        if (index < 0)
        {
            throw new ArgumentException(
                $"Node '{NodeId}' sent to in-port '{inPort}' of child '{child.Id}', but component '{child.Component.Name}' has no such in-port; it has: {Describe(child.Component.InPorts)}.",
                nameof(inPort));
        }

        _output.Send(child, index, message);
    }

    /// <summary>
    /// Ends <paramref name="child"/>'s input: it handles what was sent, then finishes, and is collected once what it
    /// emitted has reached this actor. Completing a child twice changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The child is not this actor's.</exception>
    /// <exception cref="InvalidOperationException">Called outside an invocation.</exception>
    public void Complete(ChildActor child) => _output.Complete(child);

    /// <summary>This actor's live children: spawned and not yet collected.</summary>
    public int ChildCount => _output.ChildCount;

    /// <summary>Resolves an out-port by name, once; emit through the returned handle.</summary>
    /// <exception cref="ArgumentException">The component has no such out-port; the message lists the ones it has.</exception>
    public OutPort OutPort(string name)
    {
        int index = Component.IndexOfOutPort(name);
        if (index < 0)
        {
            ThrowUnknownOutPort(name);
        }

        return new OutPort(index);
    }

    /// <summary>Sends <paramref name="message"/> to every edge connected to <paramref name="port"/> (none: dropped and counted by the runtime).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The handle does not belong to this component.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Emit(OutPort port, in Message message)
    {
        if ((uint)port.Index >= (uint)_outPortCount)
        {
            ThrowOutPortOutOfRange(port.Index);
        }

        _output.Emit(port.Index, message);
    }

    /// <summary>
    /// Sends <paramref name="message"/> to index <paramref name="index"/> of the addressable out-port
    /// <paramref name="port"/>: to every edge connected to that index (none: dropped and counted by the runtime, like
    /// an emission on an unconnected port). <see cref="Emit(Actors.OutPort, in Message)"/> sends to every index.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The handle does not belong to this component, or the index is negative or above the port's <see cref="PortDefinition.MaxIndex"/>.</exception>
    /// <exception cref="ArgumentException">The port is not addressable.</exception>
    public void Emit(OutPort port, int index, in Message message)
    {
        if ((uint)port.Index >= (uint)_outPortCount)
        {
            ThrowOutPortOutOfRange(port.Index);
        }

        PortDefinition definition = Component.OutPorts[port.Index];
        if (!definition.Addressable || (uint)index > (uint)definition.HighestIndex)
        {
            ThrowBadIndex(definition, index);
        }

        _output.Emit(port.Index, index, message);
    }

    /// <summary>
    /// How many indexes of <paramref name="port"/> can be emitted to: for an addressable port, one more than the
    /// highest connected index (0 when none is; an index below it with no edge of its own drops what is sent to it);
    /// for a plain port, 1 when it is connected, else 0.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The handle does not belong to this component.</exception>
    public int OutPortWidth(OutPort port)
    {
        if ((uint)port.Index >= (uint)_outPortCount)
        {
            ThrowOutPortOutOfRange(port.Index);
        }

        return _output.OutPortWidth(port.Index);
    }

    /// <summary>
    /// Sends <paramref name="message"/> on the out-port called <paramref name="outPort"/>. Convenient for tests
    /// and rare emissions; it looks the name up on every call, so resolve a handle for the hot path.
    /// </summary>
    public void Emit(string outPort, in Message message) => Emit(OutPort(outPort), message);

    /// <summary>
    /// Sends the current message (a bracket, in <see cref="Actor.OnBracket"/>) on every out-port except <c>error</c>:
    /// what <see cref="Actor.OnBracket"/> does unless overridden.
    /// </summary>
    public void ForwardBracket()
    {
        Message message = Message;
        for (int port = 0; port < _outPortCount; port++)
        {
            if (!string.Equals(Component.OutPorts[port].Name, "error", StringComparison.Ordinal))
            {
                _output.Emit(port, message);
            }
        }
    }

    /// <summary>
    /// Whether in-port <paramref name="inPort"/> is closed: every producer connected to it is done (see
    /// <see cref="Actor.OnInPortClosed"/>); true for a port nothing is connected to.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The component has no such in-port.</exception>
    public bool IsInPortClosed(int inPort)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inPort, Component.InPorts.Length);
        return _output.IsInPortClosed(inPort);
    }

    /// <summary>In the await modes: the message waiting on in-port <paramref name="inPort"/>, if there is one.</summary>
    public bool TryGetInput(int inPort, out Message message)
    {
        if ((uint)inPort < (uint)_inputs.Length && _hasInput[inPort])
        {
            message = _inputs[inPort];
            return true;
        }

        message = default;
        return false;
    }

    /// <summary>In the await modes: the message waiting on the in-port called <paramref name="inPort"/>, if there is one.</summary>
    public bool TryGetInput(string inPort, out Message message) => TryGetInput(Component.IndexOfInPort(inPort), out message);

    /// <summary>Sets the current single input, from a plain port (runtime, tests).</summary>
    internal void SetCurrent(int inPort, in Message message) => SetCurrent(inPort, -1, message);

    /// <summary>Sets the current single input and the index of the addressable in-port it came in on, or -1 (runtime).</summary>
    internal void SetCurrent(int inPort, int element, in Message message)
    {
        InPortIndex = inPort;
        InPortElement = element;
        // Two words apart: see Message.FromParts. The reference is written only when it changes: every scalar of a
        // kind shares one, and an unchanged store would still pay the GC write barrier on every message.
        object? reference = message.Reference;
        if (!ReferenceEquals(reference, _messageReference))
        {
            _messageReference = reference;
        }

        _messageBits = message.Bits;
    }

    /// <summary>Sets or clears one slot of the input set of the await modes (runtime).</summary>
    internal void SetInput(int inPort, in Message message, bool present)
    {
        _inputs[inPort] = present ? message : default;
        _hasInput[inPort] = present;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowUnknownOutPort(string name) =>
        throw new ArgumentException(
            $"Component '{Component.Name}' (node '{NodeId}') has no out-port '{name}'; it has: {Describe(Component.OutPorts)}.", nameof(name));

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowOutPortOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(
            "port", index, $"Out-port index {index} does not exist on component '{Component.Name}' (node '{NodeId}'), which has {_outPortCount}.");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowBadIndex(PortDefinition port, int index)
    {
        if (!port.Addressable)
        {
            throw new ArgumentException(
                $"Out-port '{port.Name}' of component '{Component.Name}' (node '{NodeId}') is not addressable: emit to it without an index.", nameof(port));
        }

        throw new ArgumentOutOfRangeException(
            nameof(index), index, $"Out-port '{port.Name}' of component '{Component.Name}' (node '{NodeId}') takes indexes 0 to {port.HighestIndex}.");
    }

    private static string Describe(System.Collections.Immutable.ImmutableArray<PortDefinition> ports) =>
        ports.IsEmpty ? "none" : string.Join(", ", ports.Select(p => p.Name));
}
