using System.Collections.Immutable;

namespace Reflow.Actors;

/// <summary>
/// What a component says about itself: its name, ports, input mode and configuration. Validation, tooling and
/// the network builder read it; port names are resolved to indices in <see cref="InPorts"/> and
/// <see cref="OutPorts"/> once, when a network is built.
/// </summary>
public sealed record ComponentDescription
{
    /// <summary>Creates a description and checks it: a non-empty name, port names unique per direction, a maximum index only on an addressable port.</summary>
    /// <exception cref="ArgumentException">The name is empty or a port name repeats; the message names it.</exception>
    public ComponentDescription(
        string name,
        IEnumerable<PortDefinition>? inPorts = null,
        IEnumerable<PortDefinition>? outPorts = null,
        string description = "",
        InputMode inputMode = InputMode.EachMessage,
        string? configurationSchema = null,
        bool mayBlock = false)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A component name must not be empty.", nameof(name));
        }

        Name = name;
        InPorts = CheckUnique(name, "in", inPorts);
        OutPorts = CheckUnique(name, "out", outPorts);
        Description = description ?? "";
        InputMode = inputMode;
        ConfigurationSchema = configurationSchema;
        MayBlock = mayBlock;
        if (inputMode != InputMode.EachMessage && InPorts.IsEmpty)
        {
            throw new ArgumentException($"Component '{name}' has input mode {inputMode} but no in-ports.", nameof(inputMode));
        }

        if (inputMode == InputMode.AwaitRequiredInPorts && !InPorts.Any(p => p.Required))
        {
            throw new ArgumentException($"Component '{name}' has input mode {inputMode} but no required in-port, so it would never fire.", nameof(inputMode));
        }
    }

    /// <summary>
    /// Reads the description of an <see cref="Actor"/> class from its attributes: <see cref="ComponentAttribute"/>
    /// (name, description, input mode; the class name when absent), <see cref="InPortAttribute"/> and
    /// <see cref="OutPortAttribute"/>. What <see cref="Component.FromActor{TActor}"/> and
    /// <see cref="Component.FromFactory{TActor}(Func{TActor})"/> use; AOT-safe (attributes of the type only).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="actorType"/> is not an <see cref="Actor"/> class.</exception>
    /// <exception cref="ComponentDefinitionException">The attributes are invalid; the message names the class and port.</exception>
    public static ComponentDescription FromType(Type actorType)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        if (!typeof(Actor).IsAssignableFrom(actorType))
        {
            throw new ArgumentException($"{actorType.FullName} is not an Actor: a component description is read from an Actor class.", nameof(actorType));
        }

        return Component.Describe(actorType);
    }

    /// <summary>Reads the description of <typeparamref name="TActor"/> from its attributes; see <see cref="FromType(Type)"/>.</summary>
    /// <exception cref="ComponentDefinitionException">The attributes are invalid; the message names the class and port.</exception>
    public static ComponentDescription FromType<TActor>() where TActor : Actor => Component.Describe(typeof(TActor));

    /// <summary>The component's stable name, e.g. <c>math/Add</c>.</summary>
    public string Name { get; }

    /// <summary>What the component does.</summary>
    public string Description { get; }

    /// <summary>The in-ports, in index order.</summary>
    public ImmutableArray<PortDefinition> InPorts { get; }

    /// <summary>The out-ports, in index order.</summary>
    public ImmutableArray<PortDefinition> OutPorts { get; }

    /// <summary>When the runtime calls the actor.</summary>
    public InputMode InputMode { get; }

    /// <summary>A JSON Schema for the node's configuration (its metadata), if the component has one.</summary>
    public string? ConfigurationSchema { get; }

    /// <summary>
    /// The actor may block (I/O, a script engine): the runtime runs it on the isolated blocking pool, never on a
    /// worker thread.
    /// </summary>
    public bool MayBlock { get; }

    /// <summary>
    /// The execution pool the component's actors run on unless a node names another (its <c>pool</c> metadata); null:
    /// the workers, or <see cref="ExecutionPools.Blocking"/> when <see cref="MayBlock"/>, or <see cref="ExecutionPools.Async"/>
    /// for an <see cref="AsyncActor"/>. A name the network does not have is a build error listing the pools it has.
    /// </summary>
    public string? Pool { get; init; }

    /// <summary>Whether the component has no in-ports: its actor is a source that produces until it is done.</summary>
    public bool IsSource => InPorts.IsEmpty;

    /// <summary>The index of the in-port called <paramref name="name"/> (ordinal), or -1.</summary>
    public int IndexOfInPort(string name) => IndexOf(InPorts, name);

    /// <summary>The index of the out-port called <paramref name="name"/> (ordinal), or -1.</summary>
    public int IndexOfOutPort(string name) => IndexOf(OutPorts, name);

    private static int IndexOf(ImmutableArray<PortDefinition> ports, string name)
    {
        for (int i = 0; i < ports.Length; i++)
        {
            if (string.Equals(ports[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static ImmutableArray<PortDefinition> CheckUnique(string component, string direction, IEnumerable<PortDefinition>? ports)
    {
        ImmutableArray<PortDefinition> array = ports is null ? [] : [.. ports];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PortDefinition port in array)
        {
            ArgumentNullException.ThrowIfNull(port, nameof(ports));
            if (!seen.Add(port.Name))
            {
                throw new ArgumentException($"Component '{component}' declares the {direction}-port '{port.Name}' twice.", nameof(ports));
            }

            if (port.MaxIndex is not null && !port.Addressable)
            {
                throw new ArgumentException($"Component '{component}': the {direction}-port '{port.Name}' has a maximum index but is not addressable.", nameof(ports));
            }
        }

        return array;
    }
}
