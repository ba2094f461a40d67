namespace Reflow.Actors;

/// <summary>Declares an out-port on an <see cref="Actor"/> class; ports get indices in declaration order.</summary>
/// <param name="name">The port name.</param>
/// <param name="type">The messages it emits.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OutPortAttribute(string name, PortType type = PortType.Any) : Attribute
{
    /// <summary>The port name.</summary>
    public string Name { get; } = name;

    /// <summary>The messages it emits.</summary>
    public PortType Type { get; } = type;

    /// <summary>What the port is for.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// The port is addressable (an FBP array port, <c>OUT[0]</c>, <c>OUT[1]</c>, …): the actor emits to one index with
    /// <see cref="ActorContext.Emit(OutPort, int, in Messages.Message)"/> or to every connected index with
    /// <see cref="ActorContext.Emit(OutPort, in Messages.Message)"/>.
    /// </summary>
    public bool Addressable { get; init; }

    /// <summary>For an <see cref="Addressable"/> port: the highest index a graph may connect; -1 (the default) for <see cref="PortDefinition.MaxIndexLimit"/>.</summary>
    public int MaxIndex { get; init; } = -1;
}
