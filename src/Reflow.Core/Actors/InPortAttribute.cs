namespace Reflow.Actors;

/// <summary>Declares an in-port on an <see cref="Actor"/> class; ports get indices in declaration order.</summary>
/// <param name="name">The port name.</param>
/// <param name="type">The messages it accepts.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InPortAttribute(string name, PortType type = PortType.Any) : Attribute
{
    /// <summary>The port name.</summary>
    public string Name { get; } = name;

    /// <summary>The messages it accepts.</summary>
    public PortType Type { get; } = type;

    /// <summary>What the port is for.</summary>
    public string Description { get; init; } = "";

    /// <summary>The node cannot run unless this port is connected or has an IIP.</summary>
    public bool Required { get; init; }

    /// <summary>A default value in plain JSON (e.g. <c>"0"</c>, <c>"\"text\""</c>), delivered at start when nothing else is.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>
    /// The port is addressable (an FBP array port, <c>IN[0]</c>, <c>IN[1]</c>, …): each connection reaches one index,
    /// and the actor reads the index a message came in on from <see cref="ActorContext.InPortElement"/>.
    /// </summary>
    public bool Addressable { get; init; }

    /// <summary>For an <see cref="Addressable"/> port: the highest index a graph may connect; -1 (the default) for <see cref="PortDefinition.MaxIndexLimit"/>.</summary>
    public int MaxIndex { get; init; } = -1;
}
